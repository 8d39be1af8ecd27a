import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module.js';
import { SectionsModule } from '../sections/sections.module.js';
import { PUB_SUB, pubSubProvider } from './pubsub.js';
import { RealtimeResolver } from './realtime.resolver.js';
import { RealtimeService } from './realtime.service.js';

/** GraphQL subscriptions (graphql-ws on /graphql), fed by the outbox. */
@Module({
  imports: [ArticlesModule, SectionsModule],
  providers: [pubSubProvider, RealtimeService, RealtimeResolver],
  exports: [RealtimeService, PUB_SUB],
})
export class RealtimeModule {}

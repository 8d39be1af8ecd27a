import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { FastifyInstance } from 'fastify';
import { SectionEntity } from '../sections/section.entity.js';
import { SyndicationUrls } from '../syndication/syndication-urls.js';
import { TagEntity } from '../taxonomy/tag.entity.js';
import { registerOneClickUnsubscribeParser } from './one-click-form.js';
import { SubscriptionDelivery } from './subscription-delivery.js';
import { SubscriptionDigest } from './subscription-digest.js';
import { SubscriptionLinks } from './subscription-links.js';
import { SubscriptionTokens } from './subscription-tokens.js';
import { SubscriptionDigestItemEntity, SubscriptionEntity, SubscriptionSectionEntity, SubscriptionTagEntity } from './subscription.entity.js';
import { SubscriptionsController } from './subscriptions.controller.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';
import { SubscriptionsResolver } from './subscriptions.resolver.js';
import { SubscriptionsService } from './subscriptions.service.js';

/** Reader subscriptions by email: double opt-in, delivery of published articles (instant or daily digest), one-click unsubscribe. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      SubscriptionEntity,
      SubscriptionSectionEntity,
      SubscriptionTagEntity,
      SubscriptionDigestItemEntity,
      SectionEntity,
      TagEntity,
    ]),
  ],
  controllers: [SubscriptionsController],
  providers: [
    SubscriptionsService,
    SubscriptionsResolver,
    SubscriptionsRepository,
    SubscriptionDelivery,
    SubscriptionDigest,
    SubscriptionLinks,
    SubscriptionTokens,
    // Article links in emails are the ones the feeds print (ARTICLE_URL_TEMPLATE).
    SyndicationUrls,
  ],
})
export class SubscriptionsModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify) registerOneClickUnsubscribeParser(fastify);
  }
}

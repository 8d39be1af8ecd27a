import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module.js';
import { SectionsModule } from '../sections/sections.module.js';
import { FeedsController } from './feeds/feeds.controller.js';
import { FeedsService } from './feeds/feeds.service.js';
import { NewsfeedController } from './newsfeed/newsfeed.controller.js';
import { NewsfeedResolver } from './newsfeed/newsfeed.resolver.js';
import { NewsfeedService } from './newsfeed/newsfeed.service.js';
import { SitemapsController } from './sitemaps/sitemaps.controller.js';
import { SitemapsService } from './sitemaps/sitemaps.service.js';
import { SyndicationRepository } from './syndication.repository.js';
import { SyndicationUrls } from './syndication-urls.js';

/** What the newsroom publishes outward: the newsfeed, RSS/Atom/JSON feeds and sitemaps. */
@Module({
  imports: [ArticlesModule, SectionsModule],
  controllers: [NewsfeedController, FeedsController, SitemapsController],
  providers: [SyndicationUrls, SyndicationRepository, NewsfeedService, NewsfeedResolver, FeedsService, SitemapsService],
})
export class SyndicationModule {}

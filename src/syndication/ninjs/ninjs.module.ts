import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArticlesModule } from '../../articles/articles.module.js';
import { SectionsModule } from '../../sections/sections.module.js';
import { TagEntity } from '../../taxonomy/tag.entity.js';
import { TaxonomyModule } from '../../taxonomy/taxonomy.module.js';
import { IngestedItemEntity } from './ingested-item.entity.js';
import { MediaTopics } from './media-topics.js';
import { NinjsIngestService } from './ninjs-ingest.service.js';
import { NinjsSchemas } from './ninjs-schemas.js';
import { NinjsController } from './ninjs.controller.js';
import { NinjsService } from './ninjs.service.js';

/** IPTC ninjs: articles out as news items, wire items in as draft articles. */
@Module({
  imports: [TypeOrmModule.forFeature([IngestedItemEntity, TagEntity]), ArticlesModule, SectionsModule, TaxonomyModule],
  controllers: [NinjsController],
  providers: [NinjsSchemas, MediaTopics, NinjsService, NinjsIngestService],
})
export class NinjsModule {}

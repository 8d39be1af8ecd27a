import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CLOCK, systemClock } from '../common/util/clock.js';
import { MediaModule } from '../media/media.module.js';
import { SectionsModule } from '../sections/sections.module.js';
import { TaxonomyModule } from '../taxonomy/taxonomy.module.js';
import { ArticleRelationsLoader } from './article-relations.js';
import { ArticleAuthorEntity, ArticleEntity, ArticleTagEntity } from './article.entity.js';
import { ArticlesController } from './articles.controller.js';
import { ArticlesRepository } from './articles.repository.js';
import { ArticlesResolver } from './articles.resolver.js';
import { ArticlesService } from './articles.service.js';
import { ImageBlockResolver } from './body-blocks.resolver.js';
import { SectionArticlesResolver } from './section-articles.resolver.js';

@Module({
  imports: [TypeOrmModule.forFeature([ArticleEntity, ArticleTagEntity, ArticleAuthorEntity]), SectionsModule, TaxonomyModule, MediaModule],
  controllers: [ArticlesController],
  providers: [
    { provide: CLOCK, useValue: systemClock },
    ArticlesService,
    ArticlesRepository,
    ArticleRelationsLoader,
    ArticlesResolver,
    ImageBlockResolver,
    SectionArticlesResolver,
  ],
  exports: [ArticlesService],
})
export class ArticlesModule {}

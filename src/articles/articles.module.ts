import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { MediaModule } from '../media/media.module.js';
import { SearchIndexModule } from '../search/search-index.module.js';
import { SectionsModule } from '../sections/sections.module.js';
import { TaxonomyModule } from '../taxonomy/taxonomy.module.js';
import { ArticleCacheInvalidation } from './article-cache.js';
import { ArticlePresenter } from './article-presenter.js';
import { ArticleRelationsLoader } from './article-relations.js';
import { ArticleScheduler } from './article-scheduler.js';
import { ArticleWorkflowController } from './article-workflow.controller.js';
import { ArticleWorkflowResolver } from './article-workflow.resolver.js';
import { ArticleWorkflowService } from './article-workflow.service.js';
import { ArticleWriter } from './article-writer.js';
import { ArticleAuthorEntity, ArticleEntity, ArticleMediaEntity, ArticleTagEntity } from './article.entity.js';
import { ArticlesController } from './articles.controller.js';
import { ArticlesRepository } from './articles.repository.js';
import { ArticlesResolver } from './articles.resolver.js';
import { ArticlesService } from './articles.service.js';
import { MediaUsageController, MediaUsageResolver, MediaUsageService } from './media-usage.js';
import { ImageBlockResolver } from './body-blocks.resolver.js';
import { PreviewController } from './preview.controller.js';
import { PreviewService } from './preview.service.js';
import { ArticleCorrectionEntity } from './revisions/article-correction.entity.js';
import { ArticleRevisionEntity } from './revisions/article-revision.entity.js';
import { RevisionsController } from './revisions/revisions.controller.js';
import { RevisionsResolver } from './revisions/revisions.resolver.js';
import { RevisionsService } from './revisions/revisions.service.js';
import { SectionArticlesResolver } from './section-articles.resolver.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      ArticleEntity,
      ArticleTagEntity,
      ArticleAuthorEntity,
      ArticleMediaEntity,
      ArticleRevisionEntity,
      ArticleCorrectionEntity,
    ]),
    AuthModule,
    SectionsModule,
    TaxonomyModule,
    MediaModule,
    SearchIndexModule,
  ],
  controllers: [ArticlesController, ArticleWorkflowController, RevisionsController, PreviewController, MediaUsageController],
  providers: [
    ArticlesService,
    MediaUsageService,
    MediaUsageResolver,
    ArticlesRepository,
    ArticleWriter,
    ArticleWorkflowService,
    ArticleScheduler,
    ArticleCacheInvalidation,
    RevisionsService,
    PreviewService,
    ArticlePresenter,
    ArticleRelationsLoader,
    ArticlesResolver,
    ArticleWorkflowResolver,
    RevisionsResolver,
    ImageBlockResolver,
    SectionArticlesResolver,
  ],
  exports: [ArticlesService, ArticleWorkflowService, ArticlePresenter, ArticleRelationsLoader],
})
export class ArticlesModule {}

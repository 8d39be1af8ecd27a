import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor, RequireRole } from '../auth/auth.decorators.js';
import type { Actor } from '../auth/roles.js';
import { badRequest } from '../common/errors/domain-error.js';
import { addCacheTags, CacheTag } from '../common/http/cache-tags.js';
import type { GqlContext } from '../common/http/request.js';
import { toConnection } from '../common/pagination/page-params.js';
import { CLOCK, type Clock } from '../common/util/clock.js';
import { ParseIdPipe } from '../common/validation/id.pipe.js';
import { APP_CONFIG, SYNDICATION_CONFIG, type AppConfig } from '../config/config.module.js';
import type { SyndicationConfig } from '../config/syndication.config.js';
import { MediaModel } from '../media/dto/media.dto.js';
import { SectionModel } from '../sections/dto/section.dto.js';
import { AuthorModel } from '../taxonomy/dto/author.dto.js';
import { TagModel } from '../taxonomy/dto/tag.dto.js';
import { tagArticlePage } from './article-cache.js';
import { toArticleBase, type ArticleBase } from './article.mapper.js';
import { renderBodyHtml } from './body/render.js';
import { ArticleRelationsLoader, visibleTranslations } from './article-relations.js';
import type { ArticleEntity } from './article.entity.js';
import { ArticlesService, type ArticlePage } from './articles.service.js';
import { ArticleArgs, ArticlesArgs, CreateArticleInput, UpdateArticleInput } from './dto/article.input.js';
import { ArticleConnection, ArticleModel, TranslationModel } from './dto/article.model.js';
import { CorrectionModel } from './dto/correction.model.js';
import { buildNewsArticleJsonLd, serializeJsonLd } from './json-ld.js';

export const idArg = () => Args('id', { type: () => ID, description: 'Article id.' }, ParseIdPipe);
export const versionArg = (required: boolean) =>
  Args('expectedVersion', { type: () => Int, nullable: !required, description: 'The version this change is based on (stale → VERSION_CONFLICT).' });

@Resolver(() => ArticleModel)
export class ArticlesResolver {
  constructor(
    private readonly service: ArticlesService,
    private readonly relations: ArticleRelationsLoader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SYNDICATION_CONFIG) private readonly urls: SyndicationConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Query(() => ArticleModel, { description: 'One article by id, or by slug (and locale). Readers see published articles only.' })
  async article(@CurrentActor() actor: Actor | null, @Args() args: ArticleArgs, @Context() context: GqlContext): Promise<ArticleBase> {
    const key = args.id ?? args.slug;
    if (!key || (args.id && args.slug)) throw badRequest('BAD_ARGUMENTS', 'Give exactly one of id or slug.');
    const article = await this.service.get(actor, key, args.locale);
    addCacheTags(context.req, CacheTag.article(article.id), args.slug && CacheTag.slug(args.slug));
    return this.base(article);
  }

  @Query(() => ArticleConnection, { description: 'Articles, newest first. Readers see published articles; `filter.status` is for editors.' })
  async articles(@CurrentActor() actor: Actor | null, @Args() args: ArticlesArgs, @Context() context: GqlContext): Promise<ArticleConnection> {
    const page = await this.service.list(actor, { filter: args.filter ?? {}, limit: args.first, cursor: args.after });
    tagArticlePage(context.req, page);
    return this.connection(page);
  }

  @Mutation(() => ArticleModel, { description: 'Create an article as a draft (authors and up).' })
  @RequireRole('author')
  async createArticle(@CurrentActor() actor: Actor, @Args('input') input: CreateArticleInput): Promise<ArticleBase> {
    return this.base(await this.service.create(actor, input));
  }

  @Mutation(() => ArticleModel, { description: 'Change an article; `expectedVersion` guards against lost updates.' })
  @RequireRole('author')
  async updateArticle(
    @CurrentActor() actor: Actor,
    @idArg() id: string,
    @versionArg(true) expectedVersion: number,
    @Args('input') input: UpdateArticleInput,
  ): Promise<ArticleBase> {
    return this.base(await this.service.update(actor, id, input, expectedVersion));
  }

  @Mutation(() => Boolean, { description: 'Delete an article (editors).' })
  @RequireRole('editor')
  async deleteArticle(@CurrentActor() actor: Actor, @idArg() id: string): Promise<boolean> {
    await this.service.remove(actor, id);
    return true;
  }

  @ResolveField('section', () => SectionModel, { description: 'The primary section.' })
  async section(@Parent() article: ArticleBase, @Context() context: GqlContext): Promise<SectionModel | null> {
    return this.relations.loadersFor(context).section.load(article.sectionId);
  }

  @ResolveField('tags', () => [TagModel], { description: 'Tags in editorial order.' })
  tags(@Parent() article: ArticleBase, @Context() context: GqlContext): Promise<TagModel[]> {
    return this.relations.loadersFor(context).tags.load(article.id);
  }

  @ResolveField('authors', () => [AuthorModel], { description: 'Bylines, in order.' })
  authors(@Parent() article: ArticleBase, @Context() context: GqlContext): Promise<AuthorModel[]> {
    return this.relations.loadersFor(context).authors.load(article.id);
  }

  @ResolveField('mainImage', () => MediaModel, { nullable: true, description: 'The main photo with its credit.' })
  async mainImage(@Parent() article: ArticleBase, @Context() context: GqlContext): Promise<MediaModel | null> {
    return article.mainImageId ? this.relations.loadersFor(context).media.load(article.mainImageId) : null;
  }

  @ResolveField('corrections', () => [CorrectionModel], { description: 'Public corrections, oldest first.' })
  corrections(@Parent() article: ArticleBase, @Context() context: GqlContext): Promise<CorrectionModel[]> {
    return this.relations.loadersFor(context).corrections.load(article.id);
  }

  @ResolveField('translations', () => [TranslationModel], {
    description: "The story's other-language versions (same translation group), by locale. Readers see the published ones only.",
  })
  async translations(
    @Parent() article: ArticleBase,
    @CurrentActor() actor: Actor | null,
    @Context() context: GqlContext,
  ): Promise<TranslationModel[]> {
    addCacheTags(context.req, CacheTag.story(article.translationGroupId));
    const versions = await this.relations.loadersFor(context).versions.load(article.translationGroupId);
    return visibleTranslations(article.id, versions, actor, this.clock.now());
  }

  @ResolveField('bodyHtml', () => String, { description: 'The body as HTML (every text escaped).' })
  bodyHtml(@Parent() article: ArticleBase): string {
    return renderBodyHtml(article.body, (id) => this.relations.mediaUrl(id));
  }

  @ResolveField('jsonLd', () => String, {
    description:
      'schema.org NewsArticle for the page head, as JSON text: put it as is into `<script type="application/ld+json">` ' +
      '(`<` is escaped as \\u003c). The same object REST gives as `jsonLd`.',
  })
  async jsonLd(@Parent() article: ArticleBase, @Context() context: GqlContext): Promise<string> {
    const loaders = this.relations.loadersFor(context);
    const [section, tags, authors, mainImage] = await Promise.all([
      loaders.section.load(article.sectionId),
      loaders.tags.load(article.id),
      loaders.authors.load(article.id),
      article.mainImageId ? loaders.media.load(article.mainImageId) : null,
    ]);
    const site = { name: this.config.siteName, baseUrl: this.config.publicBaseUrl, articleUrlTemplate: this.urls.articleUrlTemplate };
    return serializeJsonLd(buildNewsArticleJsonLd({ ...article, section, tags, authors, mainImage }, site));
  }

  base(entity: ArticleEntity): ArticleBase {
    return toArticleBase(entity);
  }

  connection(page: ArticlePage): ArticleConnection {
    return toConnection(page, (item) => this.base(item) as unknown as ArticleModel);
  }
}

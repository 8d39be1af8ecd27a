import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, RequireRole } from '../auth/auth.decorators.js';
import type { Actor } from '../auth/roles.js';
import { ApiProblems } from '../common/api/problem.dto.js';
import { ACCEPT_LANGUAGE, AcceptLanguage } from '../common/http/accept-language.js';
import { DEFAULT_PAGE_SIZE } from '../common/pagination/page.js';
import { addCacheTags, CacheTag } from '../common/http/cache-tags.js';
import { ParseIdOrSlugPipe, ParseIdPipe } from '../common/validation/id.pipe.js';
import { UUID_PATTERN } from '../common/validation/decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { tagArticlePage, tagArticles } from './article-cache.js';
import { EditionsService } from '../sections/editions.service.js';
import { toArticleBase, toArticleSummary } from './article.mapper.js';
import { ArticlePresenter } from './article-presenter.js';
import { ArticleRelationsLoader } from './article-relations.js';
import { ArticlesService } from './articles.service.js';
import { ArticleQuery, ArticlesQuery, CreateArticleInput, UpdateArticleInput } from './dto/article.input.js';
import { ArticleListResponse, ArticleModel } from './dto/article.model.js';

import { IF_MATCH, versionFromIfMatch } from './if-match.js';

@ApiTags('articles')
@Controller('articles')
export class ArticlesController {
  constructor(
    private readonly articles: ArticlesService,
    private readonly relations: ArticleRelationsLoader,
    private readonly presenter: ArticlePresenter,
    private readonly editions: EditionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List articles, newest first (keyset-paginated)',
    description:
      'Public: published and past embargo. `status` lists a workflow state (editors only). Without `locale`, Accept-Language ' +
      'picks the edition (FALLBACK_LOCALE when it names none the site has); with neither, every edition is listed.',
  })
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiOkResponse({
    type: ArticleListResponse,
    headers: { Link: { description: '<…?cursor=…>; rel="next" when another page follows', schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 403, 404)
  async list(
    @CurrentActor() actor: Actor | null,
    @Query() query: ArticlesQuery,
    @AcceptLanguage() acceptLanguage: string[],
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ArticleListResponse> {
    const { limit = DEFAULT_PAGE_SIZE, cursor, ...given } = query;
    const filter = { ...given, locale: await this.editions.negotiate(given.locale, acceptLanguage) };
    const page = await this.articles.list(actor, { filter, limit, cursor });
    const relations = await this.relations.loadMany(page.items);
    if (page.nextCursor) {
      const params = new URLSearchParams(
        Object.entries({ ...filter, limit: String(limit), cursor: page.nextCursor }).filter(([, v]) => v !== undefined) as [string, string][],
      );
      void reply.header('Link', `<${this.config.publicBaseUrl}/api/v1/articles?${params.toString()}>; rel="next"`);
    }
    const data = page.items.map((a) => toArticleSummary(toArticleBase(a), relations.get(a.id)!));
    tagArticlePage(reply.request, page);
    tagArticles(reply.request, data);
    return { data, page: { nextCursor: page.nextCursor, hasMore: page.hasMore } };
  }

  @Get(':idOrSlug')
  @ApiOperation({
    summary: 'One article with section, tags, authors and main image',
    description:
      'By id or slug. ETag changes whenever the representation does; If-None-Match gets a 304. A slug used in several ' +
      'locales without `locale`: the version in the first Accept-Language match, else FALLBACK_LOCALE, else DEFAULT_LOCALE. ' +
      '`translations` lists the other-language versions (Content-Language names this one).',
  })
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiParam({ name: 'idOrSlug', example: 'proactive-diplomacy-defends-state-interests-putin' })
  @ApiOkResponse({ type: ArticleModel })
  @ApiProblems(400, 401, 404)
  async get(
    @CurrentActor() actor: Actor | null,
    @Param('idOrSlug', ParseIdOrSlugPipe) idOrSlug: string,
    @Query() query: ArticleQuery,
    @AcceptLanguage() acceptLanguage: string[],
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ArticleModel> {
    // Found by slug: another article taking that slug (a translation going live) changes the answer.
    if (!UUID_PATTERN.test(idOrSlug)) addCacheTags(reply.request, CacheTag.slug(idOrSlug));
    return this.presenter.present(await this.articles.get(actor, idOrSlug, query.locale, acceptLanguage), reply, actor);
  }

  @Post()
  @RequireRole('author')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create an article (as a draft)' })
  @ApiCreatedResponse({ type: ArticleModel })
  @ApiProblems(400, 401, 403, 409)
  async create(
    @CurrentActor() actor: Actor,
    @Body() input: CreateArticleInput,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ArticleModel> {
    return this.presenter.present(await this.articles.create(actor, input), reply, actor);
  }

  @Patch(':id')
  @RequireRole('author')
  @ApiBearerAuth()
  @ApiHeader({ ...IF_MATCH, description: `${IF_MATCH.description} Required (or \`version\` in the body): none → 428, stale → 412.` })
  @ApiOperation({ summary: 'Change an article (no lost updates: If-Match required)' })
  @ApiOkResponse({ type: ArticleModel })
  @ApiProblems(400, 401, 403, 404, 409, 412, 428)
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() input: UpdateArticleInput,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ArticleModel> {
    return this.presenter.present(await this.articles.update(actor, id, input, versionFromIfMatch(ifMatch)), reply, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Delete an article (editors)' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(400, 401, 403, 404)
  async remove(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.articles.remove(actor, id);
  }
}

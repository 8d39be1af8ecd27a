import { createHash } from 'node:crypto';
import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, RequireRole } from '../auth/auth.decorators.js';
import type { Actor } from '../auth/roles.js';
import { ApiProblems } from '../common/api/problem.dto.js';
import { DEFAULT_PAGE_SIZE } from '../common/pagination/page.js';
import { ParseIdOrSlugPipe, ParseIdPipe } from '../common/validation/id.pipe.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { toArticleBase, toArticleModel, toArticleSummary } from './article.mapper.js';
import { ArticleRelationsLoader } from './article-relations.js';
import type { ArticleEntity } from './article.entity.js';
import { ArticlesService, type Transition } from './articles.service.js';
import { ArticleQuery, ArticlesQuery, CreateArticleInput, PublishArticleInput, UpdateArticleInput } from './dto/article.input.js';
import { ArticleListResponse, ArticleModel } from './dto/article.model.js';
import { versionFromIfMatch } from './if-match.js';

const IF_MATCH = { name: 'If-Match', required: false, description: '"<version>" or the article\'s ETag: the version this change is based on.' };

@ApiTags('articles')
@Controller('articles')
export class ArticlesController {
  constructor(
    private readonly articles: ArticlesService,
    private readonly relations: ArticleRelationsLoader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List articles, newest first (keyset-paginated)',
    description: 'Public: published and past embargo. `status` lists a workflow state (editors only).',
  })
  @ApiOkResponse({
    type: ArticleListResponse,
    headers: { Link: { description: '<…?cursor=…>; rel="next" when another page follows', schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 403, 404)
  async list(
    @CurrentActor() actor: Actor | null,
    @Query() query: ArticlesQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ArticleListResponse> {
    const { limit = DEFAULT_PAGE_SIZE, cursor, ...filter } = query;
    const page = await this.articles.list(actor, { filter, limit, cursor });
    const relations = await this.relations.loadMany(page.items);
    if (page.nextCursor) {
      const params = new URLSearchParams(
        Object.entries({ ...filter, limit: String(limit), cursor: page.nextCursor }).filter(([, v]) => v !== undefined) as [string, string][],
      );
      void reply.header('Link', `<${this.config.publicBaseUrl}/api/v1/articles?${params.toString()}>; rel="next"`);
    }
    return {
      data: page.items.map((a) => toArticleSummary(toArticleBase(a), relations.get(a.id)!)),
      page: { nextCursor: page.nextCursor, hasMore: page.hasMore },
    };
  }

  @Get(':idOrSlug')
  @ApiOperation({
    summary: 'One article with section, tags, authors and main image',
    description: 'By id or slug. ETag changes whenever the representation does; If-None-Match gets a 304.',
  })
  @ApiParam({ name: 'idOrSlug', example: 'proactive-diplomacy-defends-state-interests-putin' })
  @ApiOkResponse({ type: ArticleModel })
  @ApiProblems(400, 401, 404)
  async get(
    @CurrentActor() actor: Actor | null,
    @Param('idOrSlug', ParseIdOrSlugPipe) idOrSlug: string,
    @Query() query: ArticleQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ArticleModel> {
    return this.respond(await this.articles.get(actor, idOrSlug, query.locale), reply);
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
    return this.respond(await this.articles.create(actor, input), reply);
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
    return this.respond(await this.articles.update(actor, id, input, versionFromIfMatch(ifMatch)), reply);
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

  @Post(':id/submit')
  @HttpCode(200)
  @RequireRole('author')
  @ApiBearerAuth()
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Submit a draft for review (draft → in_review)' })
  @ApiOkResponse({ type: ArticleModel })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  submit(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.transition(actor, id, 'submit', ifMatch, reply);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Publish now, or dated in the past with `publishedAt` (editors)' })
  @ApiOkResponse({ type: ArticleModel })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async publish(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() input: PublishArticleInput,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ArticleModel> {
    return this.respond(await this.articles.transition(actor, id, 'publish', versionFromIfMatch(ifMatch), input ?? {}), reply);
  }

  @Post(':id/unpublish')
  @HttpCode(200)
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Take a published article down (published → draft; editors)' })
  @ApiOkResponse({ type: ArticleModel })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  unpublish(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.transition(actor, id, 'unpublish', ifMatch, reply);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Archive an article (editors)' })
  @ApiOkResponse({ type: ArticleModel })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  archive(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.transition(actor, id, 'archive', ifMatch, reply);
  }

  private async transition(actor: Actor, id: string, name: Transition, ifMatch: string | undefined, reply: FastifyReply): Promise<ArticleModel> {
    return this.respond(await this.articles.transition(actor, id, name, versionFromIfMatch(ifMatch)), reply);
  }

  /** The full article, with an ETag that names its version (so it can go straight back in If-Match). */
  private async respond(article: ArticleEntity, reply: FastifyReply): Promise<ArticleModel> {
    const relations = await this.relations.loadMany([article]);
    const model = toArticleModel(toArticleBase(article), relations.get(article.id)!, (id) => this.relations.mediaUrl(id));
    const hash = createHash('sha1').update(JSON.stringify(model)).digest('base64url').slice(0, 16);
    void reply.header('ETag', `"${article.version}-${hash}"`);
    return model;
  }
}

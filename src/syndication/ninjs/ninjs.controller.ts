import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ArticlePresenter } from '../../articles/article-presenter.js';
import { ArticleModel } from '../../articles/dto/article.model.js';
import { CurrentActor, RequireRole } from '../../auth/auth.decorators.js';
import type { Actor } from '../../auth/roles.js';
import { ApiProblems, ProblemDto } from '../../common/api/problem.dto.js';
import { ParseIdOrSlugPipe } from '../../common/validation/id.pipe.js';
import { NINJS_DOCUMENT_SCHEMA, NinjsIngestQuery, NinjsQuery } from './dto/ninjs.dto.js';
import { NinjsIngestService } from './ninjs-ingest.service.js';
import type { NinjsDocument } from './ninjs-schemas.js';
import { NinjsService } from './ninjs.service.js';

const UNPROCESSABLE = ApiResponse({
  status: 422,
  description:
    'NINJS_INVALID: not valid ninjs (each schema error in `errors[]`, `field` a JSON pointer); ' +
    'NINJS_NOT_AN_ARTICLE: valid ninjs that makes no article (no headline, a field longer than an article allows).',
  content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
});

@ApiTags('syndication')
@ApiExtraModels(ProblemDto)
@Controller()
export class NinjsController {
  constructor(
    private readonly ninjs: NinjsService,
    private readonly ingestion: NinjsIngestService,
    private readonly presenter: ArticlePresenter,
  ) {}

  @Get('articles/:idOrSlug/ninjs')
  @ApiOperation({
    summary: 'One article as an IPTC ninjs news item (3.1, or 2.2 with ?version=2.2)',
    description:
      'Valid against IPTC’s ninjs JSON Schema of that version, declared in `standard`. Same visibility as the article: ' +
      'readers see published articles only (anything else is a 404); newsroom staff see every state (pubStatus withheld).',
  })
  @ApiParam({ name: 'idOrSlug', example: 'proactive-diplomacy-defends-state-interests-putin' })
  @ApiOkResponse({ description: 'The ninjs news item.', schema: { ...NINJS_DOCUMENT_SCHEMA, example: undefined } })
  @ApiProblems(400, 401, 404)
  item(
    @CurrentActor() actor: Actor | null,
    @Param('idOrSlug', ParseIdOrSlugPipe) idOrSlug: string,
    @Query() query: NinjsQuery,
  ): Promise<NinjsDocument> {
    return this.ninjs.item(actor, idOrSlug, query.version, query.locale);
  }

  @Post('ingest/ninjs')
  @HttpCode(200)
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Ingest a wire item (IPTC ninjs 3.x or 2.x) as a draft article (editors)',
    description:
      'A new item (by `uri`) becomes a draft in `?section=` (201). The same uri and version again changes nothing (200); ' +
      'a new version updates that article with optimistic locking, whatever its state (200; a published one stays published). ' +
      'Headline from headlines[], lead from descriptions[], body paragraphs from bodies[] (HTML reduced to text), ' +
      'language → locale, subjects/people/organisations/places/events → tags (found or made; Media Topic URIs kept).',
  })
  @ApiBody({ schema: NINJS_DOCUMENT_SCHEMA })
  @ApiResponse({ status: 201, description: 'A new draft article was made from the item.', type: ArticleModel })
  @ApiOkResponse({
    description: 'The item was known: its article, updated to the new version or, for the same version, unchanged.',
    type: ArticleModel,
  })
  @ApiProblems(400, 401, 403, 409, 412)
  @UNPROCESSABLE
  async ingestArticle(
    @CurrentActor() actor: Actor,
    @Query() query: NinjsIngestQuery,
    @Body() document: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ArticleModel> {
    const { article, created } = await this.ingestion.ingest(actor, document, query.section);
    if (created) void reply.status(201);
    return this.presenter.present(article, reply);
  }
}

import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { toArticleBase, toArticleSummary } from '../articles/article.mapper.js';
import { tagArticlePage, tagArticles } from '../articles/article-cache.js';
import { ArticleRelationsLoader } from '../articles/article-relations.js';
import { CacheTag } from '../common/http/cache-tags.js';
import { ApiProblems } from '../common/api/problem.dto.js';
import { ACCEPT_LANGUAGE, AcceptLanguage } from '../common/http/accept-language.js';
import { DEFAULT_PAGE_SIZE } from '../common/pagination/page.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { EditionsService } from '../sections/editions.service.js';
import { SearchListResponse, SearchQuery, SYNTAX } from './dto/search.dto.js';
import { SearchService } from './search.service.js';

@ApiTags('search')
@Controller('search')
export class SearchController {
  constructor(
    private readonly search: SearchService,
    private readonly relations: ArticleRelationsLoader,
    private readonly editions: EditionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Full-text search of published articles, best match first (keyset-paginated)',
    description:
      `${SYNTAX} Each edition is searched with its language's stemming. Only published articles past any embargo are found, ` +
      'whoever asks. Without `locale`, Accept-Language picks the edition (FALLBACK_LOCALE when it names none the site has); ' +
      'with neither, every edition is searched. Results carry highlighted snippets of the fields that matched.',
  })
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiOkResponse({
    type: SearchListResponse,
    description: 'A page of results.',
    headers: { Link: { description: '<…?cursor=…>; rel="next" when another page follows', schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 404)
  async list(
    @Query() query: SearchQuery,
    @AcceptLanguage() acceptLanguage: string[],
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SearchListResponse> {
    const { q, limit = DEFAULT_PAGE_SIZE, cursor, ...given } = query;
    const filter = { ...given, locale: await this.editions.negotiate(given.locale, acceptLanguage) };
    const page = await this.search.search({ query: q, filter, limit, cursor });
    const relations = await this.relations.loadMany(page.items.map((hit) => hit.article));
    if (page.nextCursor) {
      const params = new URLSearchParams(
        Object.entries({ q, ...filter, limit: String(limit), cursor: page.nextCursor }).filter((e): e is [string, string] => e[1] !== undefined),
      );
      void reply.header('Link', `<${this.config.publicBaseUrl}/api/v1/search?${params.toString()}>; rel="next"`);
    }
    const data = page.items.map((hit) => ({
      article: toArticleSummary(toArticleBase(hit.article), relations.get(hit.article.id)!),
      score: hit.score,
      highlights: hit.highlights,
    }));
    // Any article change may change any result list (CacheTag.search); the articles shown name their relations too.
    tagArticlePage(reply.request, { items: page.items.map((hit) => hit.article) }, CacheTag.search);
    tagArticles(
      reply.request,
      data.map((hit) => hit.article),
    );
    return { data, page: { nextCursor: page.nextCursor, hasMore: page.hasMore } };
  }
}

import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { toArticleBase, toArticleSummary } from '../../articles/article.mapper.js';
import { tagArticlePage, tagArticles } from '../../articles/article-cache.js';
import { ArticleRelationsLoader } from '../../articles/article-relations.js';
import { CacheTag } from '../../common/http/cache-tags.js';
import { ApiProblems } from '../../common/api/problem.dto.js';
import { ACCEPT_LANGUAGE, AcceptLanguage } from '../../common/http/accept-language.js';
import { DEFAULT_PAGE_SIZE } from '../../common/pagination/page.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import { EditionsService } from '../../sections/editions.service.js';
import { NewsfeedQuery, NewsfeedResponse } from './newsfeed.dto.js';
import { NewsfeedService } from './newsfeed.service.js';

@ApiTags('syndication')
@Controller('newsfeed')
export class NewsfeedController {
  constructor(
    private readonly newsfeed: NewsfeedService,
    private readonly relations: ArticleRelationsLoader,
    private readonly editions: EditionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The newsfeed: latest published articles across all sections',
    description:
      'Newest first, keyset-paginated like GET /articles, with the same items. `since` (a time with offset, or `page.sinceCursor` ' +
      'of the previous poll) returns only newer articles: poll with it and If-None-Match, and an unchanged newsfeed costs a 304.',
  })
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiOkResponse({
    type: NewsfeedResponse,
    description: 'A page of the newsfeed.',
    headers: {
      Link: { description: '<…?cursor=…>; rel="next" when another page follows', schema: { type: 'string' } },
      ETag: { description: 'Strong validator of this answer; If-None-Match gets a 304.', schema: { type: 'string' } },
    },
  })
  @ApiProblems(400)
  async list(
    @Query() query: NewsfeedQuery,
    @AcceptLanguage() acceptLanguage: string[],
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<NewsfeedResponse> {
    const { limit = DEFAULT_PAGE_SIZE, cursor, since } = query;
    const locale = await this.editions.negotiate(query.locale, acceptLanguage);
    const page = await this.newsfeed.page({ locale, since, limit, cursor });
    const relations = await this.relations.loadMany(page.items);
    if (page.nextCursor) {
      const params = new URLSearchParams(
        Object.entries({ locale, since, limit: String(limit), cursor: page.nextCursor }).filter((e): e is [string, string] => e[1] !== undefined),
      );
      void reply.header('Link', `<${this.config.publicBaseUrl}/api/v1/newsfeed?${params.toString()}>; rel="next"`);
    }
    const data = page.items.map((a) => toArticleSummary(toArticleBase(a), relations.get(a.id)!));
    tagArticlePage(reply.request, page, CacheTag.newsfeed);
    tagArticles(reply.request, data);
    return { data, page: { nextCursor: page.nextCursor, hasMore: page.hasMore, sinceCursor: page.sinceCursor } };
  }
}

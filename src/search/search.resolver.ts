import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { tagArticlePage } from '../articles/article-cache.js';
import { CacheTag } from '../common/http/cache-tags.js';
import type { GqlContext } from '../common/http/request.js';
import { toArticleBase } from '../articles/article.mapper.js';
import type { ArticleModel } from '../articles/dto/article.model.js';
import { toConnection } from '../common/pagination/page-params.js';
import { SearchArgs, SearchConnection, SearchResultModel } from './dto/search.dto.js';
import { SearchService } from './search.service.js';

@Resolver(() => SearchResultModel)
export class SearchResolver {
  constructor(private readonly service: SearchService) {}

  @Query(() => SearchConnection, {
    description:
      'Full-text search of published articles, best match first: headline, lead, body text and tags, each edition with its ' +
      "language's stemming, with highlighted snippets. See `query` for the syntax.",
  })
  async search(@Args() args: SearchArgs, @Context() context: GqlContext): Promise<SearchConnection> {
    const page = await this.service.search({ query: args.query, filter: args.filter ?? {}, limit: args.first, cursor: args.after });
    // Cacheable (cache/graphql-cache.ts): any article change purges CacheTag.search; relations are tagged by their loaders.
    tagArticlePage(context.req, { items: page.items.map((hit) => hit.article) }, CacheTag.search);
    // The article's relations resolve through the Article field resolvers and their per-request DataLoaders.
    return toConnection(page, (hit) => ({
      article: toArticleBase(hit.article) as unknown as ArticleModel,
      score: hit.score,
      highlights: hit.highlights,
    }));
  }
}

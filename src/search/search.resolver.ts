import { Args, Query, Resolver } from '@nestjs/graphql';
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
  async search(@Args() args: SearchArgs): Promise<SearchConnection> {
    const page = await this.service.search({ query: args.query, filter: args.filter ?? {}, limit: args.first, cursor: args.after });
    // The article's relations resolve through the Article field resolvers and their per-request DataLoaders.
    return toConnection(page, (hit) => ({
      article: toArticleBase(hit.article) as unknown as ArticleModel,
      score: hit.score,
      highlights: hit.highlights,
    }));
  }
}

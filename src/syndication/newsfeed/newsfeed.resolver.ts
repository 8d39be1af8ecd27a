import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { tagArticlePage } from '../../articles/article-cache.js';
import { CacheTag } from '../../common/http/cache-tags.js';
import type { GqlContext } from '../../common/http/request.js';
import { toArticleBase } from '../../articles/article.mapper.js';
import { ArticleConnection, ArticleModel } from '../../articles/dto/article.model.js';
import { toConnection } from '../../common/pagination/page-params.js';
import { NewsfeedArgs } from './newsfeed.dto.js';
import { NewsfeedService } from './newsfeed.service.js';

/** `newsfeed` returns ArticleConnection: the Article field resolvers (section, tags, …) load its relations in batches. */
@Resolver()
export class NewsfeedResolver {
  constructor(private readonly service: NewsfeedService) {}

  @Query(() => ArticleConnection, {
    description:
      'Latest published articles across all sections, newest first. `since` (a date-time with offset, or an edge cursor such as the ' +
      '`pageInfo.startCursor` of the previous poll) returns only newer ones: an empty page when nothing is new.',
  })
  async newsfeed(@Args() args: NewsfeedArgs, @Context() context: GqlContext): Promise<ArticleConnection> {
    const page = await this.service.page({ locale: args.locale, since: args.since, limit: args.first, cursor: args.after });
    tagArticlePage(context.req, page, CacheTag.newsfeed);
    return toConnection(page, (item) => toArticleBase(item) as unknown as ArticleModel);
  }
}

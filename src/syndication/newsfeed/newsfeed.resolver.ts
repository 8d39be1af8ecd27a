import { Args, Query, Resolver } from '@nestjs/graphql';
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
  async newsfeed(@Args() args: NewsfeedArgs): Promise<ArticleConnection> {
    const page = await this.service.page({ locale: args.locale, since: args.since, limit: args.first, cursor: args.after });
    return toConnection(page, (item) => toArticleBase(item) as unknown as ArticleModel);
  }
}

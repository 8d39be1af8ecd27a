import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GqlContext } from '../common/http/request.js';
import { tagArticlePage } from './article-cache.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import type { Actor } from '../auth/roles.js';
import { SectionModel } from '../sections/dto/section.dto.js';
import { ArticlesResolver } from './articles.resolver.js';
import { ArticlesService } from './articles.service.js';
import { ArticleConnection } from './dto/article.model.js';
import { ArticlesArgs } from './dto/article.input.js';

/** A section's articles: resolved here, so sections never import articles. */
@Resolver(() => SectionModel)
export class SectionArticlesResolver {
  constructor(
    private readonly articles: ArticlesService,
    private readonly articlesResolver: ArticlesResolver,
  ) {}

  @ResolveField('articles', () => ArticleConnection, { description: 'The newest published articles of this section (filter.section is ignored).' })
  async articlesOf(
    @Parent() section: SectionModel,
    @CurrentActor() actor: Actor | null,
    @Args() args: ArticlesArgs,
    @Context() context: GqlContext,
  ): Promise<ArticleConnection> {
    const filter = { ...args.filter, section: section.slug, locale: section.locale };
    const page = await this.articles.list(actor, { filter, limit: args.first, cursor: args.after });
    tagArticlePage(context.req, page);
    return this.articlesResolver.connection(page);
  }
}

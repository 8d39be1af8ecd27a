import { Args, ArgsType, Field, ID, Resolver, Subscription } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import type { ArticleBase } from '../articles/article.mapper.js';
import { ArticleModel } from '../articles/dto/article.model.js';
import type { GqlContext } from '../common/http/request.js';
import { IsId, IsLocale, IsSlug } from '../common/validation/decorators.js';
import type { ArticleSignal } from './pubsub.js';
import { RealtimeService } from './realtime.service.js';

@ArgsType()
export class ArticlePublishedArgs {
  @Field(() => String, { nullable: true, description: 'Only articles whose primary section has this slug.' })
  @IsOptional()
  @IsSlug()
  section?: string;

  @Field(() => String, { nullable: true, description: 'Only articles of this locale (BCP 47).' })
  @IsOptional()
  @IsLocale()
  locale?: string;
}

@ArgsType()
export class BreakingNewsArgs {
  @Field(() => String, { nullable: true, description: 'Only articles of this locale (BCP 47).' })
  @IsOptional()
  @IsLocale()
  locale?: string;
}

@ArgsType()
export class ArticleUpdatedArgs {
  @Field(() => ID, { description: 'The article to follow.' })
  @IsId()
  id!: string;
}

type Vars = Partial<ArticlePublishedArgs & ArticleUpdatedArgs>;

const matches = (signal: ArticleSignal, vars: Vars): boolean =>
  (!vars.section || vars.section === signal.sectionSlug) &&
  (!vars.locale || vars.locale === signal.locale) &&
  (!vars.id || vars.id === signal.articleId);

/**
 * Live updates over graphql-ws on /graphql. Only what a reader may see is sent: each
 * signal's article is loaded as a reader would see it when the signal arrives, and
 * dropped if it is not visible (any more).
 */
@Resolver()
export class RealtimeResolver {
  constructor(private readonly realtime: RealtimeService) {}

  @Subscription(() => ArticleModel, {
    description: 'An article goes live (a publish, or a schedule falling due; after any embargo), optionally in one section and locale.',
    filter(this: RealtimeResolver, signal: ArticleSignal, vars: Vars) {
      return matches(signal, vars) && this.visible(signal);
    },
    resolve(this: RealtimeResolver, signal: ArticleSignal, _args: unknown, context: GqlContext) {
      return this.deliver(signal, context);
    },
  })
  articlePublished(@Args() _args: ArticlePublishedArgs): AsyncIterableIterator<unknown> {
    return this.realtime.asyncIterator('published');
  }

  @Subscription(() => ArticleModel, {
    description: 'A breaking-news article goes live (isBreaking), optionally in one locale.',
    filter(this: RealtimeResolver, signal: ArticleSignal, vars: Vars) {
      return signal.isBreaking && matches(signal, vars) && this.visible(signal);
    },
    resolve(this: RealtimeResolver, signal: ArticleSignal, _args: unknown, context: GqlContext) {
      return this.deliver(signal, context);
    },
  })
  breakingNews(@Args() _args: BreakingNewsArgs): AsyncIterableIterator<unknown> {
    return this.realtime.asyncIterator('published');
  }

  @Subscription(() => ArticleModel, {
    description: 'A published article changes (a correction, a new lead…): the article as it now reads.',
    filter(this: RealtimeResolver, signal: ArticleSignal, vars: Vars) {
      return matches(signal, vars) && this.visible(signal);
    },
    resolve(this: RealtimeResolver, signal: ArticleSignal, _args: unknown, context: GqlContext) {
      return this.deliver(signal, context);
    },
  })
  articleUpdated(@Args() _args: ArticleUpdatedArgs): AsyncIterableIterator<unknown> {
    return this.realtime.asyncIterator('updated');
  }

  private async visible(signal: ArticleSignal): Promise<boolean> {
    return (await this.realtime.articleFor(signal)) !== null;
  }

  private async deliver(signal: ArticleSignal, context: GqlContext): Promise<ArticleBase | null> {
    // A subscription's context lives as long as the connection: relations are loaded afresh for each event.
    context.memo.clear();
    return this.realtime.articleFor(signal);
  }
}

import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor, RequireRole } from '../auth/auth.decorators.js';
import type { Actor } from '../auth/roles.js';
import type { ArticleBase } from './article.mapper.js';
import { toArticleBase } from './article.mapper.js';
import { ArticleWorkflowService, type Transition, type TransitionInput } from './article-workflow.service.js';
import { idArg, versionArg } from './articles.resolver.js';
import { PublishArticleInput, ScheduleArticleInput } from './dto/article.input.js';
import { ArticleModel } from './dto/article.model.js';
import { PreviewTokenModel } from './dto/preview.model.js';
import { PreviewService } from './preview.service.js';

/** The workflow over GraphQL: the same moves as REST, through the same service. */
@Resolver(() => ArticleModel)
export class ArticleWorkflowResolver {
  constructor(
    private readonly workflow: ArticleWorkflowService,
    private readonly previews: PreviewService,
  ) {}

  @Mutation(() => ArticleModel, { description: 'Submit a draft for review (draft → in_review; authors and up).' })
  @RequireRole('author')
  submitArticle(@CurrentActor() actor: Actor, @idArg() id: string, @versionArg(false) expectedVersion?: number): Promise<ArticleBase> {
    return this.move(actor, id, 'submit', expectedVersion);
  }

  @Mutation(() => ArticleModel, { description: 'Schedule publishing and/or a take-down (editors). Times are ISO 8601 with an offset.' })
  @RequireRole('editor')
  scheduleArticle(
    @CurrentActor() actor: Actor,
    @idArg() id: string,
    @Args('input') input: ScheduleArticleInput,
    @versionArg(false) expectedVersion?: number,
  ): Promise<ArticleBase> {
    return this.move(actor, id, 'schedule', expectedVersion, input);
  }

  @Mutation(() => ArticleModel, { description: 'Cancel a schedule: scheduled → draft, or drop a published article’s take-down (editors).' })
  @RequireRole('editor')
  unscheduleArticle(@CurrentActor() actor: Actor, @idArg() id: string, @versionArg(false) expectedVersion?: number): Promise<ArticleBase> {
    return this.move(actor, id, 'unschedule', expectedVersion);
  }

  @Mutation(() => ArticleModel, { description: 'Publish now, or dated in the past with `input.publishedAt` (editors).' })
  @RequireRole('editor')
  publishArticle(
    @CurrentActor() actor: Actor,
    @idArg() id: string,
    @versionArg(false) expectedVersion?: number,
    @Args('input', { type: () => PublishArticleInput, nullable: true }) input?: PublishArticleInput,
  ): Promise<ArticleBase> {
    return this.move(actor, id, 'publish', expectedVersion, input ?? {});
  }

  @Mutation(() => ArticleModel, { description: 'Take a published article down (published → draft; editors).' })
  @RequireRole('editor')
  unpublishArticle(@CurrentActor() actor: Actor, @idArg() id: string, @versionArg(false) expectedVersion?: number): Promise<ArticleBase> {
    return this.move(actor, id, 'unpublish', expectedVersion);
  }

  @Mutation(() => ArticleModel, { description: 'Archive an article (editors).' })
  @RequireRole('editor')
  archiveArticle(@CurrentActor() actor: Actor, @idArg() id: string, @versionArg(false) expectedVersion?: number): Promise<ArticleBase> {
    return this.move(actor, id, 'archive', expectedVersion);
  }

  @Mutation(() => PreviewTokenModel, { description: 'A signed, short-lived preview token for one article (editors).' })
  @RequireRole('editor')
  createPreviewToken(@CurrentActor() actor: Actor, @idArg() id: string): Promise<PreviewTokenModel> {
    return this.previews.issue(actor, id);
  }

  @Query(() => ArticleModel, { description: 'The article a preview token names, in whatever state it is; the token is the only credential needed.' })
  async articlePreview(@Args('token', { type: () => String, description: 'From createPreviewToken.' }) token: string): Promise<ArticleBase> {
    return toArticleBase(await this.previews.open(token));
  }

  private async move(actor: Actor, id: string, name: Transition, expectedVersion?: number | null, input: TransitionInput = {}): Promise<ArticleBase> {
    return toArticleBase(await this.workflow.transition(actor, id, name, expectedVersion ?? undefined, input));
  }
}

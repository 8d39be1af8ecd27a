import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import type { ArticleBase } from '../articles/article.mapper.js';
import { ArticleModel } from '../articles/dto/article.model.js';
import { CurrentActor, RequireRole } from '../auth/auth.decorators.js';
import type { Actor } from '../auth/roles.js';
import { ClientIp } from '../common/http/request.js';
import { toConnection } from '../common/pagination/page-params.js';
import { ParseIdPipe } from '../common/validation/id.pipe.js';
import { CommentSignals } from './comment-signals.js';
import { CommentModerationService } from './comment-moderation.service.js';
import { CommentsService } from './comments.service.js';
import {
  CommentAddedArgs,
  CommentConnection,
  CommentDetailsModel,
  CommentModel,
  CommentsArgs,
  EditCommentInput,
  ModerationArgs,
  ModerationConnection,
  PostCommentInput,
  ReportAccepted,
  ReportCommentInput,
} from './dto/comment.dto.js';

const commentId = () => Args('id', { type: () => ID, description: 'Comment id.' }, ParseIdPipe);

/** Comments in GraphQL; Article.commentCount and Article.comments are resolved here, so articles never imports comments. */
@Resolver(() => ArticleModel)
export class ArticleCommentsResolver {
  constructor(private readonly comments: CommentsService) {}

  @ResolveField('commentCount', () => Int, { description: 'Approved comments on the article.' })
  commentCount(@Parent() article: ArticleBase): number {
    return article.commentCount;
  }

  @ResolveField('comments', () => CommentConnection, { description: 'Public comments: top-level threads in `order`, replies nested.' })
  async commentsOf(@Parent() article: ArticleBase, @Args() args: CommentsArgs): Promise<CommentConnection> {
    const page = await this.comments.threads(article.id, args.order, args.first, args.after);
    return toConnection(page, (c) => c);
  }
}

@Resolver()
export class CommentsResolver {
  constructor(
    private readonly comments: CommentsService,
    private readonly moderation: CommentModerationService,
    private readonly signals: CommentSignals,
  ) {}

  @Mutation(() => CommentDetailsModel, { description: 'Post a comment or reply (verified readers; may be held for moderation).' })
  @RequireRole('reader')
  postComment(
    @CurrentActor() actor: Actor,
    @Args('articleId', { type: () => ID, description: 'Article id.' }, ParseIdPipe) articleId: string,
    @Args('input') input: PostCommentInput,
    @ClientIp() ip: string,
  ): Promise<CommentDetailsModel> {
    return this.comments.post(actor, articleId, input, ip);
  }

  @Mutation(() => CommentDetailsModel, { description: 'Edit one’s own comment within the edit window.' })
  @RequireRole('reader')
  editComment(
    @CurrentActor() actor: Actor,
    @commentId() id: string,
    @Args('input') input: EditCommentInput,
    @ClientIp() ip: string,
  ): Promise<CommentDetailsModel> {
    return this.comments.edit(actor, id, input, ip);
  }

  @Mutation(() => Boolean, { description: 'Delete one’s own comment (or any, editors). Always true.' })
  @RequireRole('reader')
  async deleteComment(@CurrentActor() actor: Actor, @commentId() id: string): Promise<boolean> {
    await this.comments.remove(actor, id);
    return true;
  }

  @Mutation(() => ReportAccepted, { description: 'Report a public comment to the moderators (once per reader).' })
  @RequireRole('reader')
  async reportComment(
    @CurrentActor() actor: Actor,
    @commentId() id: string,
    @Args('input') input: ReportCommentInput,
    @ClientIp() ip: string,
  ): Promise<ReportAccepted> {
    await this.comments.report(actor, id, input, ip);
    return { accepted: true };
  }

  @Mutation(() => CommentDetailsModel, { description: 'Approve a held comment, or clear the reports of a public one (editors).' })
  @RequireRole('editor')
  approveComment(@commentId() id: string): Promise<CommentDetailsModel> {
    return this.moderation.approve(id);
  }

  @Mutation(() => CommentDetailsModel, { description: 'Reject a held or public comment (editors).' })
  @RequireRole('editor')
  rejectComment(@commentId() id: string): Promise<CommentDetailsModel> {
    return this.moderation.reject(id);
  }

  @Query(() => ModerationConnection, { description: 'The moderation queue, oldest first (editors).' })
  @RequireRole('editor')
  async moderationQueue(@Args() args: ModerationArgs): Promise<ModerationConnection> {
    return toConnection(await this.moderation.queue(args.status, args.first, args.after), (c) => c);
  }

  @Subscription(() => CommentModel, {
    description: 'A comment on this article becomes public (posted in a post-moderated section, or approved).',
    filter: (comment: CommentModel, vars: CommentAddedArgs) => comment.articleId === vars.articleId?.toLowerCase(),
    resolve: (comment: CommentModel) => ({ ...comment, replies: comment.replies ?? [] }),
  })
  commentAdded(@Args() _args: CommentAddedArgs): AsyncIterableIterator<unknown> {
    return this.signals.iterator();
  }
}

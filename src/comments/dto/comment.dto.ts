import { ArgsType, Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, MinLength } from 'class-validator';
import { Prop } from '../../common/api/prop.js';
import { PageInfoModel } from '../../common/graphql/page-info.model.js';
import { ConnectionArgs, PageCursor, PageLimit } from '../../common/pagination/page-params.js';
import { DEFAULT_PAGE_SIZE, PageInfoDto } from '../../common/pagination/page.js';
import { IsId, IsSingleLine, IsText } from '../../common/validation/decorators.js';
import { COMMENT_STATUSES, type CommentStatus } from '../comment.entity.js';

export const COMMENT_MAX_LENGTH = 5000;
export const COMMENT_ORDERS = ['oldest', 'newest'] as const;
export type CommentOrder = (typeof COMMENT_ORDERS)[number];
export const CommentOrderEnum = { oldest: 'oldest', newest: 'newest' } as const;
registerEnumType(CommentOrderEnum, { name: 'CommentOrder', description: 'Threads oldest first (conversation order) or newest first.' });
export const CommentStatusEnum = Object.fromEntries(COMMENT_STATUSES.map((s) => [s, s])) as Record<CommentStatus, CommentStatus>;
registerEnumType(CommentStatusEnum, { name: 'CommentStatus', description: 'pending (held for moderation), approved (public), rejected, deleted.' });
export const MODERATION_QUEUES = ['pending', 'reported'] as const;
export type ModerationQueue = (typeof MODERATION_QUEUES)[number];
export const ModerationQueueEnum = { pending: 'pending', reported: 'reported' } as const;
registerEnumType(ModerationQueueEnum, { name: 'ModerationQueue', description: 'Held comments, or public comments readers reported.' });
export const CommentModerationEnum = { pre: 'pre', post: 'post' } as const;
registerEnumType(CommentModerationEnum, {
  name: 'CommentModeration',
  description: 'pre: held until approved; post: shown at once, moderated after.',
});

/** Plain text, 1–5000 characters, new lines allowed, no other control characters, not blank. */
const IsCommentText = () => (target: object, key: string | symbol) => {
  IsText(COMMENT_MAX_LENGTH)(target, key);
  MinLength(1)(target, key);
  Matches(/\S/, { message: '$property must not be blank' })(target, key);
};

@InputType({ description: 'A new comment or reply. Plain text: any HTML in it is shown as text.' })
export class PostCommentInput {
  @Prop({
    type: () => String,
    description: `The comment, 1–${COMMENT_MAX_LENGTH} characters of plain text.`,
    example: 'A fair point about the talks.',
  })
  @IsCommentText()
  text!: string;

  @Prop({ type: () => ID, optional: true, nullable: true, description: 'The comment this replies to (threads go three levels deep).' })
  @IsOptional()
  @IsId()
  parentId?: string;
}

@InputType({ description: 'New text for one’s own comment, within the edit window.' })
export class EditCommentInput {
  @Prop({ type: () => String, description: `The new text, 1–${COMMENT_MAX_LENGTH} characters.`, example: 'A fair point about the talks (edited).' })
  @IsCommentText()
  text!: string;
}

@InputType({ description: 'Why a comment should be looked at by a moderator.' })
export class ReportCommentInput {
  @Prop({ type: () => String, description: 'The reason, one line.', example: 'Insults another reader' })
  @IsSingleLine(500)
  reason!: string;
}

@InputType({ description: 'How a section’s comments are moderated.' })
export class SectionModerationInput {
  @Prop({
    type: () => CommentModerationEnum,
    enum: CommentModerationEnum,
    enumName: 'CommentModeration',
    description: 'pre or post.',
    example: 'pre',
  })
  @IsIn(['pre', 'post'])
  commentModeration!: 'pre' | 'post';
}

/** REST `GET /articles/{id}/comments`. */
export class CommentsQuery {
  @ApiPropertyOptional({ enum: COMMENT_ORDERS, default: 'oldest', description: 'Order of the threads (replies are always oldest first).' })
  @IsOptional()
  @IsIn(COMMENT_ORDERS)
  order: CommentOrder = 'oldest';

  @PageLimit()
  limit: number = DEFAULT_PAGE_SIZE;

  @PageCursor()
  cursor?: string;
}

/** REST `GET /moderation/comments`. */
export class ModerationQuery {
  @ApiPropertyOptional({ enum: MODERATION_QUEUES, default: 'pending', description: 'Held comments, or reported public ones.' })
  @IsOptional()
  @IsIn(MODERATION_QUEUES)
  status: ModerationQueue = 'pending';

  @PageLimit()
  limit: number = DEFAULT_PAGE_SIZE;

  @PageCursor()
  cursor?: string;
}

@ArgsType()
export class CommentsArgs extends ConnectionArgs {
  @Field(() => CommentOrderEnum, { nullable: true, defaultValue: 'oldest', description: 'Order of the threads (replies are always oldest first).' })
  @IsOptional()
  @IsIn(COMMENT_ORDERS)
  order: CommentOrder = 'oldest';
}

@ArgsType()
export class ModerationArgs extends ConnectionArgs {
  @Field(() => ModerationQueueEnum, { nullable: true, defaultValue: 'pending', description: 'Held comments, or reported public ones.' })
  @IsOptional()
  @IsIn(MODERATION_QUEUES)
  status: ModerationQueue = 'pending';
}

@ArgsType()
export class CommentAddedArgs {
  @Field(() => ID, { description: 'The article whose new public comments to receive.' })
  @IsId()
  articleId!: string;
}

@ObjectType('Comment', { description: 'A public comment: plain text (render it as text, never as HTML), with its replies.' })
export class CommentModel {
  @Prop({ type: () => ID, description: 'Comment id.' })
  id!: string;

  @Prop({ type: () => ID, description: 'The article commented on.' })
  articleId!: string;

  @Prop({ type: () => ID, nullable: true, description: 'The comment replied to (null: top level).' })
  parentId!: string | null;

  @Prop({ type: () => Int, description: 'Thread level: 1 (top) to 3.', example: 1 })
  depth!: number;

  @Prop({ type: () => String, description: 'The author’s display name, or "Deleted reader".', example: 'Anna P.' })
  authorName!: string;

  @Prop({ type: () => String, description: 'The text exactly as written: plain text, not HTML.', example: 'A fair point about the talks.' })
  text!: string;

  @Prop({ type: () => GraphQLISODateTime, description: 'When it was posted.' })
  createdAt!: Date;

  @Prop({ type: () => GraphQLISODateTime, nullable: true, description: 'When it was last edited (null: never).' })
  editedAt!: Date | null;

  @Field(() => [CommentModel], {
    description: 'Public replies, oldest first, nested (top-level comments only carry them; deeper levels are nested inside).',
  })
  @ApiProperty({ type: () => [CommentModel], description: 'Public replies, oldest first, each with its own replies.' })
  replies!: CommentModel[];
}

@ObjectType('CommentDetails', { description: 'A comment as its author and moderators see it: status and moderation fields included.' })
export class CommentDetailsModel {
  @Prop({ type: () => ID, description: 'Comment id.' })
  id!: string;

  @Prop({ type: () => ID, description: 'The article commented on.' })
  articleId!: string;

  @Prop({ type: () => ID, nullable: true, description: 'The comment replied to.' })
  parentId!: string | null;

  @Prop({ type: () => Int, description: 'Thread level, 1 to 3.', example: 1 })
  depth!: number;

  @Prop({ type: () => ID, nullable: true, description: 'The author’s user id (null once the account was deleted).' })
  authorId!: string | null;

  @Prop({ type: () => String, description: 'The author’s display name.', example: 'Anna P.' })
  authorName!: string;

  @Prop({ type: () => String, description: 'The text as written (plain text).', example: 'A fair point.' })
  text!: string;

  @Prop({ type: () => CommentStatusEnum, enum: CommentStatusEnum, enumName: 'CommentStatus', description: 'Moderation status.', example: 'approved' })
  status!: CommentStatus;

  @Prop({ type: () => String, nullable: true, description: 'Why the spam rules held it (links, repeat, rate).', example: null })
  spamReason!: string | null;

  @Prop({ type: () => Int, description: 'Reports by readers since the last approval.', example: 0 })
  reportCount!: number;

  @Prop({ type: () => GraphQLISODateTime, description: 'When it was posted.' })
  createdAt!: Date;

  @Prop({ type: () => GraphQLISODateTime, nullable: true, description: 'When it was last edited.' })
  editedAt!: Date | null;
}

export class CommentListResponse {
  @ApiProperty({ type: [CommentModel], description: 'Top-level comments of this page, each with its replies nested.' })
  data!: CommentModel[];

  @ApiProperty({ type: PageInfoDto, description: 'Paging.' })
  page!: PageInfoDto;
}

export class ModerationListResponse {
  @ApiProperty({ type: [CommentDetailsModel], description: 'Comments in the queue, oldest first.' })
  data!: CommentDetailsModel[];

  @ApiProperty({ type: PageInfoDto, description: 'Paging.' })
  page!: PageInfoDto;
}

@ObjectType({ description: 'One top-level comment in a connection.' })
export class CommentEdge {
  @Field(() => String, { description: 'Cursor of this comment; pass as `after` to continue from here.' })
  cursor!: string;

  @Field(() => CommentModel, { description: 'The comment with its replies.' })
  node!: CommentModel;
}

@ObjectType({ description: 'A page of an article’s threads (Relay connection).' })
export class CommentConnection {
  @Field(() => [CommentEdge], { description: 'The threads of this page.' })
  edges!: CommentEdge[];

  @Field(() => PageInfoModel, { description: 'Where this page is in the list.' })
  pageInfo!: PageInfoModel;
}

@ObjectType({ description: 'One comment in the moderation queue.' })
export class ModerationEdge {
  @Field(() => String, { description: 'Cursor of this comment.' })
  cursor!: string;

  @Field(() => CommentDetailsModel, { description: 'The comment.' })
  node!: CommentDetailsModel;
}

@ObjectType({ description: 'A page of the moderation queue (Relay connection).' })
export class ModerationConnection {
  @Field(() => [ModerationEdge], { description: 'The comments of this page.' })
  edges!: ModerationEdge[];

  @Field(() => PageInfoModel, { description: 'Where this page is in the list.' })
  pageInfo!: PageInfoModel;
}

@ObjectType({ description: 'A report taken.' })
export class ReportAccepted {
  @Prop({ type: () => Boolean, description: 'Always true.', example: true })
  accepted!: boolean;
}

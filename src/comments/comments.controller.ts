import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentActor, RequireRole } from '../auth/auth.decorators.js';
import type { Actor } from '../auth/roles.js';
import { ApiProblems } from '../common/api/problem.dto.js';
import { addCacheTags, CacheTag, setCacheClass } from '../common/http/cache-tags.js';
import { ClientIp } from '../common/http/request.js';
import { ParseIdPipe } from '../common/validation/id.pipe.js';
import { CommentModerationService } from './comment-moderation.service.js';
import { commentsTag } from './comment-transitions.js';
import { CommentsService } from './comments.service.js';
import {
  CommentDetailsModel,
  CommentListResponse,
  CommentsQuery,
  EditCommentInput,
  ModerationListResponse,
  ModerationQuery,
  PostCommentInput,
  ReportAccepted,
  ReportCommentInput,
  SectionModerationInput,
} from './dto/comment.dto.js';

const WRITE_NOTE =
  'Rate-limited per reader (COMMENT_RATE_LIMIT_PER_READER) and per client (COMMENT_RATE_LIMIT_PER_CLIENT) a minute, 429 with Retry-After.';

@ApiTags('comments')
@Controller()
export class CommentsController {
  constructor(
    private readonly comments: CommentsService,
    private readonly moderation: CommentModerationService,
  ) {}

  @Get('articles/:id/comments')
  @ApiSecurity({})
  @ApiOperation({
    summary: 'An article’s public comments: top-level threads, keyset-paginated, with replies nested',
    description:
      'Approved comments only. `data` holds top-level comments in `order`; each carries `replies` (oldest first, nested up to three levels). ' +
      'Text is plain text, exactly as written: render it as text. 404 for an article readers cannot see.',
  })
  @ApiOkResponse({ type: CommentListResponse })
  @ApiProblems(400, 401, 404)
  async list(
    @Param('id', ParseIdPipe) id: string,
    @Query() query: CommentsQuery,
    @CurrentActor() actor: Actor | null,
    @Req() request: FastifyRequest,
  ): Promise<CommentListResponse> {
    const page = await this.comments.list(actor, id, query.order, query.limit, query.cursor);
    addCacheTags(request, CacheTag.article(id), commentsTag(id));
    setCacheClass(request, 'list');
    return { data: page.items, page: { nextCursor: page.nextCursor, hasMore: page.hasMore } };
  }

  @Post('articles/:id/comments')
  @RequireRole('reader')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Post a comment or a reply (readers)',
    description:
      'Verified, not banned readers (403 EMAIL_NOT_VERIFIED, READER_BANNED). 409 COMMENTS_CLOSED when the article is archived, unpublished or has ' +
      'comments disabled. In a pre-moderated section, or when the spam rules (links, repeats, rate) hold it, the comment is `pending` until approved. ' +
      WRITE_NOTE,
  })
  @ApiCreatedResponse({ type: CommentDetailsModel })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  post(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() input: PostCommentInput,
    @ClientIp() ip: string,
  ): Promise<CommentDetailsModel> {
    return this.comments.post(actor, id, input, ip);
  }

  @Patch('comments/:id')
  @RequireRole('reader')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Edit one’s own comment within COMMENT_EDIT_WINDOW_SECONDS (default 900)',
    description: `409 EDIT_WINDOW_CLOSED after it. ${WRITE_NOTE}`,
  })
  @ApiOkResponse({ type: CommentDetailsModel })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  edit(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() input: EditCommentInput,
    @ClientIp() ip: string,
  ): Promise<CommentDetailsModel> {
    return this.comments.edit(actor, id, input, ip);
  }

  @Delete('comments/:id')
  @HttpCode(204)
  @RequireRole('reader')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Delete a comment: one’s own, or any (editors)', description: 'The text is removed; public replies stay in the thread.' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(400, 401, 403, 404, 409)
  async remove(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.comments.remove(actor, id);
  }

  @Post('comments/:id/report')
  @HttpCode(202)
  @RequireRole('reader')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Report a public comment to the moderators',
    description: `Once per reader and comment (409 ALREADY_REPORTED). ${WRITE_NOTE}`,
  })
  @ApiAcceptedResponse({ type: ReportAccepted })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async report(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() input: ReportCommentInput,
    @ClientIp() ip: string,
  ): Promise<ReportAccepted> {
    await this.comments.report(actor, id, input, ip);
    return { accepted: true };
  }

  @Get('moderation/comments')
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The moderation queue: held comments, or reported public ones (editors)', description: 'Oldest first.' })
  @ApiOkResponse({ type: ModerationListResponse })
  @ApiProblems(400, 401, 403)
  async queue(@Query() query: ModerationQuery): Promise<ModerationListResponse> {
    const page = await this.moderation.queue(query.status, query.limit, query.cursor);
    return { data: page.items, page: { nextCursor: page.nextCursor, hasMore: page.hasMore } };
  }

  @Post('comments/:id/approve')
  @HttpCode(200)
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Approve a held comment, or clear the reports of a public one (editors)' })
  @ApiOkResponse({ type: CommentDetailsModel })
  @ApiProblems(400, 401, 403, 404, 409)
  approve(@Param('id', ParseIdPipe) id: string): Promise<CommentDetailsModel> {
    return this.moderation.approve(id);
  }

  @Post('comments/:id/reject')
  @HttpCode(200)
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Reject a held or public comment (editors)' })
  @ApiOkResponse({ type: CommentDetailsModel })
  @ApiProblems(400, 401, 403, 404, 409)
  reject(@Param('id', ParseIdPipe) id: string): Promise<CommentDetailsModel> {
    return this.moderation.reject(id);
  }

  @Put('sections/:id/comment-moderation')
  @HttpCode(200)
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Set a section’s comment moderation: pre (held until approved) or post (default) (editors)' })
  @ApiOkResponse({ type: SectionModerationInput })
  @ApiProblems(400, 401, 403, 404)
  async setModeration(@Param('id', ParseIdPipe) id: string, @Body() input: SectionModerationInput): Promise<SectionModerationInput> {
    const result = await this.moderation.setSectionModeration(id, input.commentModeration);
    return { commentModeration: result.commentModeration };
  }
}

import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, RequireRole } from '../auth/auth.decorators.js';
import type { Actor } from '../auth/roles.js';
import { ApiProblems } from '../common/api/problem.dto.js';
import { ParseIdPipe } from '../common/validation/id.pipe.js';
import { ArticlePresenter } from './article-presenter.js';
import { ArticleWorkflowService, type Transition } from './article-workflow.service.js';
import { PublishArticleInput, ScheduleArticleInput } from './dto/article.input.js';
import { ArticleModel } from './dto/article.model.js';
import { PreviewTokenModel } from './dto/preview.model.js';
import { IF_MATCH, versionFromIfMatch } from './if-match.js';
import { PreviewService } from './preview.service.js';

const TRANSITION_PROBLEMS = [400, 401, 403, 404, 409, 412];

/** The workflow over REST: each move is a POST on the article, If-Match optional. */
@ApiTags('workflow')
@ApiBearerAuth()
@Controller('articles/:id')
export class ArticleWorkflowController {
  constructor(
    private readonly workflow: ArticleWorkflowService,
    private readonly presenter: ArticlePresenter,
    private readonly previews: PreviewService,
  ) {}

  @Post('submit')
  @HttpCode(200)
  @RequireRole('author')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Submit a draft for review (draft → in_review; authors and up)' })
  @ApiOkResponse({ type: ArticleModel })
  @ApiProblems(...TRANSITION_PROBLEMS)
  submit(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.move(actor, id, 'submit', ifMatch, reply);
  }

  @Post('schedule')
  @HttpCode(200)
  @RequireRole('editor')
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'Schedule publishing (and/or a take-down) for a future time (editors)',
    description: 'Times are ISO 8601 with an offset, stored in UTC. A published article takes only `unpublishAt`.',
  })
  @ApiOkResponse({ type: ArticleModel })
  @ApiProblems(...TRANSITION_PROBLEMS)
  schedule(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() input: ScheduleArticleInput,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.move(actor, id, 'schedule', ifMatch, reply, input);
  }

  @Post('unschedule')
  @HttpCode(200)
  @RequireRole('editor')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Cancel a schedule: scheduled → draft, or drop a published article’s take-down (editors)' })
  @ApiOkResponse({ type: ArticleModel })
  @ApiProblems(...TRANSITION_PROBLEMS)
  unschedule(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.move(actor, id, 'unschedule', ifMatch, reply);
  }

  @Post('publish')
  @HttpCode(200)
  @RequireRole('editor')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Publish now, or dated in the past with `publishedAt` (editors)' })
  @ApiOkResponse({ type: ArticleModel })
  @ApiProblems(...TRANSITION_PROBLEMS)
  publish(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() input: PublishArticleInput,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.move(actor, id, 'publish', ifMatch, reply, input);
  }

  @Post('unpublish')
  @HttpCode(200)
  @RequireRole('editor')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Take a published article down (published → draft; editors)' })
  @ApiOkResponse({ type: ArticleModel })
  @ApiProblems(...TRANSITION_PROBLEMS)
  unpublish(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.move(actor, id, 'unpublish', ifMatch, reply);
  }

  @Post('archive')
  @HttpCode(200)
  @RequireRole('editor')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Archive an article (editors)' })
  @ApiOkResponse({ type: ArticleModel })
  @ApiProblems(...TRANSITION_PROBLEMS)
  archive(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.move(actor, id, 'archive', ifMatch, reply);
  }

  @Post('preview-token')
  @RequireRole('editor')
  @ApiOperation({
    summary: 'A signed, short-lived preview link for this article (editors)',
    description: 'GET /api/v1/preview/{token} then returns the article in any state, with no other credential; the token opens nothing else.',
  })
  @ApiCreatedResponse({ type: PreviewTokenModel })
  @ApiProblems(400, 401, 403, 404)
  previewToken(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<PreviewTokenModel> {
    return this.previews.issue(actor, id);
  }

  private async move(
    actor: Actor,
    id: string,
    name: Transition,
    ifMatch: string | undefined,
    reply: FastifyReply,
    input = {},
  ): Promise<ArticleModel> {
    return this.presenter.present(await this.workflow.transition(actor, id, name, versionFromIfMatch(ifMatch), input ?? {}), reply, actor);
  }
}

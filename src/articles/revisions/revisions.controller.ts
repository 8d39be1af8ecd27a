import { Controller, Get, Headers, HttpCode, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, RequireRole } from '../../auth/auth.decorators.js';
import type { Actor } from '../../auth/roles.js';
import { ApiProblems } from '../../common/api/problem.dto.js';
import { badRequest } from '../../common/errors/domain-error.js';
import { ParseIdPipe } from '../../common/validation/id.pipe.js';
import { ArticlePresenter } from '../article-presenter.js';
import { ArticleModel } from '../dto/article.model.js';
import { IF_MATCH, versionFromIfMatch } from '../if-match.js';
import { FieldChangeModel, RevisionModel, toRevisionModel } from './revision.model.js';
import { RevisionsService } from './revisions.service.js';

class CompareQuery {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The older version.', example: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  from!: number;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'The newer version.', example: 3 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  to!: number;
}

const versionPipe = new ParseIntPipe({ exceptionFactory: () => badRequest('INVALID_VERSION', 'The version must be a whole number.') });

/** An article's history, for the newsroom (authors and up; restoring is for editors). */
@ApiTags('revisions')
@ApiBearerAuth()
@Controller('articles/:id/revisions')
export class RevisionsController {
  constructor(
    private readonly revisions: RevisionsService,
    private readonly presenter: ArticlePresenter,
  ) {}

  @Get()
  @RequireRole('author')
  @ApiOperation({ summary: 'Every saved version, newest first' })
  @ApiOkResponse({ type: [RevisionModel] })
  @ApiProblems(400, 401, 403, 404)
  async list(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<RevisionModel[]> {
    return (await this.revisions.list(actor, id)).map(toRevisionModel);
  }

  @Get('compare')
  @RequireRole('author')
  @ApiOperation({ summary: 'Field-level difference between two versions' })
  @ApiOkResponse({ type: [FieldChangeModel] })
  @ApiProblems(400, 401, 403, 404)
  compare(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Query() query: CompareQuery): Promise<FieldChangeModel[]> {
    return this.revisions.compare(actor, id, query.from, query.to);
  }

  @Get(':version')
  @RequireRole('author')
  @ApiOperation({ summary: 'One saved version in full' })
  @ApiOkResponse({ type: RevisionModel })
  @ApiProblems(400, 401, 403, 404)
  async get(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('version', versionPipe) version: number,
  ): Promise<RevisionModel> {
    return toRevisionModel(await this.revisions.get(actor, id, version));
  }

  @Post(':version/restore')
  @HttpCode(200)
  @RequireRole('editor')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Bring back the content of a version as a new version (history is kept; editors)' })
  @ApiOkResponse({ type: ArticleModel })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async restore(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('version', versionPipe) version: number,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ArticleModel> {
    return this.presenter.present(await this.revisions.restore(actor, id, version, versionFromIfMatch(ifMatch)), reply, actor);
  }
}

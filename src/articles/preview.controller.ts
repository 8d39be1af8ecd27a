import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiProblems } from '../common/api/problem.dto.js';
import { ArticlePresenter } from './article-presenter.js';
import { ArticleModel } from './dto/article.model.js';
import { PreviewService } from './preview.service.js';

@ApiTags('workflow')
@Controller('preview')
export class PreviewController {
  constructor(
    private readonly previews: PreviewService,
    private readonly presenter: ArticlePresenter,
  ) {}

  @Get(':token')
  @ApiSecurity({})
  @ApiOperation({ summary: 'The article a preview token names, in whatever state it is (the token is the only credential)' })
  @ApiOkResponse({ type: ArticleModel })
  @ApiProblems(401, 404)
  async open(@Param('token') token: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<ArticleModel> {
    const model = await this.presenter.present(await this.previews.open(token), reply);
    // A draft must never sit in a shared cache.
    void reply.header('Cache-Control', 'private, no-store');
    return model;
  }
}

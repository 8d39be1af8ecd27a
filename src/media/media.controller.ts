import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRole } from '../auth/auth.decorators.js';
import { ApiProblems } from '../common/api/problem.dto.js';
import { ParseIdPipe } from '../common/validation/id.pipe.js';
import { MediaModel, UpdateMediaInput } from './dto/media.dto.js';
import { MediaService } from './media.service.js';

/** Whether an If-None-Match header names this strong ETag (or is "*"). */
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const candidate = tag.trim();
    return candidate === '*' || candidate.replace(/^W\//, '') === etag;
  });
}

@ApiTags('media')
@Controller('media')
export class MediaController {
  constructor(private readonly media: MediaService) {}

  @Get(':id')
  @ApiOperation({ summary: 'One media record with its metadata and file URL' })
  @ApiOkResponse({ type: MediaModel })
  @ApiProblems(400, 404)
  get(@Param('id', ParseIdPipe) id: string): Promise<MediaModel> {
    return this.media.get(id);
  }

  @Get(':id/file')
  @ApiOperation({ summary: 'The original file', description: 'Immutable: the ETag is the SHA-256 of the bytes; If-None-Match answers 304.' })
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif')
  @ApiOkResponse({ description: 'The bytes of the file, as uploaded.', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 304, description: 'Not modified: If-None-Match named the current ETag.' })
  @ApiProblems(400, 404)
  async file(
    @Param('id', ParseIdPipe) id: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { entity, stream, size } = await this.media.openFile(id);
    const etag = `"${entity.sha256}"`;
    void reply.header('ETag', etag).header('Cache-Control', 'public, max-age=31536000, immutable');
    if (matchesEtag(ifNoneMatch, etag)) {
      stream.destroy();
      await reply.code(304).send();
      return;
    }
    void reply.code(200).header('Content-Type', entity.mimeType).header('Content-Length', String(size)).header('X-Content-Type-Options', 'nosniff');
    await reply.send(stream);
  }

  @Patch(':id')
  @RequireRole('author')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change the caption, credits or focal point of a media record (authors)' })
  @ApiOkResponse({ type: MediaModel })
  @ApiProblems(400, 401, 403, 404)
  update(@Param('id', ParseIdPipe) id: string, @Body() input: UpdateMediaInput): Promise<MediaModel> {
    return this.media.update(id, input);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Delete a media record and its file, unless an article uses it (editors)' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(400, 401, 403, 404, 409)
  async remove(@Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.media.remove(id);
  }
}

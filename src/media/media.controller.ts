import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequireRole } from '../auth/auth.decorators.js';
import { ApiProblems } from '../common/api/problem.dto.js';
import { etagMatches } from '../common/http/http-cache.js';
import { ParseIdPipe } from '../common/validation/id.pipe.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { MediaFileQuery, MediaListQuery, MediaListResponse, MediaModel, UpdateMediaInput } from './dto/media.dto.js';
import { MEDIA_TEXT_FIELDS } from './media.entity.js';
import { MediaService } from './media.service.js';
import { RenditionsService, type ServedFile } from './renditions/renditions.service.js';
import { MediaUploadService } from './upload/media-upload.service.js';
import { CACHE_CONTROL, CacheTag, CacheTags } from '../common/http/cache-tags.js';
import { focalKey } from './renditions/renditions.js';

@ApiTags('media')
@Controller('media')
export class MediaController {
  constructor(
    private readonly media: MediaService,
    private readonly renditions: RenditionsService,
    private readonly uploads: MediaUploadService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @RequireRole('author')
  @ApiBearerAuth()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'JPEG, PNG, WebP, GIF, AVIF, PDF or MP4; at most MEDIA_MAX_BYTES (25 MB).' },
        ...Object.fromEntries(MEDIA_TEXT_FIELDS.map((f) => [f, { type: 'string', description: `Overrides the ${f} read from the file.` }])),
      },
    },
  })
  @ApiOperation({
    summary: 'Upload a file (authors and up)',
    description:
      'Streamed to storage; the type is read from the bytes; IPTC/XMP/EXIF credits are read; GPS and camera EXIF are stripped from what is served. ' +
      'The same bytes again answer 200 with the existing record.',
  })
  @ApiCreatedResponse({ type: MediaModel, description: 'A new record.' })
  @ApiOkResponse({ type: MediaModel, description: 'These bytes were uploaded before: the existing record.' })
  @ApiProblems(400, 401, 403, 413, 415, 422)
  async upload(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<MediaModel> {
    const { entity, created } = await this.uploads.fromMultipart(request);
    void reply.status(created ? 201 : 200).header('Location', this.media.fileUrl(entity.id).replace(/\/file$/, ''));
    return this.media.toModel(entity);
  }

  @Get()
  @RequireRole('author')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The media library, newest first (authors and up)' })
  @ApiOkResponse({ type: MediaListResponse })
  @ApiProblems(400, 401, 403)
  async list(@Query() query: MediaListQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<MediaListResponse> {
    const { limit = 20, cursor, ...filter } = query;
    const page = await this.media.list(filter, limit, cursor);
    if (page.nextCursor) {
      const params = new URLSearchParams(
        Object.entries({ ...filter, limit: String(limit), cursor: page.nextCursor }).filter(([, v]) => v !== undefined) as [string, string][],
      );
      void reply.header('Link', `<${this.config.publicBaseUrl}/api/v1/media?${params.toString()}>; rel="next"`);
    }
    return { data: page.items.map((m) => this.media.toModel(m)), page: { nextCursor: page.nextCursor, hasMore: page.hasMore } };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One media record with its metadata, credit line and renditions' })
  @ApiOkResponse({ type: MediaModel })
  @ApiProblems(400, 404)
  @CacheTags((m: MediaModel) => [CacheTag.media(m.id)])
  get(@Param('id', ParseIdPipe) id: string): Promise<MediaModel> {
    return this.media.get(id);
  }

  @Get(':id/file')
  @ApiOperation({
    summary: 'The file, or a rendition of it',
    description:
      'Without parameters: the stored file (GPS and camera EXIF stripped). With width (and format, aspect): a rendition from the fixed grid, ' +
      'cropped around the focal point, made on first request and kept. Immutable: the ETag names the bytes; If-None-Match answers 304.',
  })
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'application/pdf', 'video/mp4')
  @ApiOkResponse({ description: 'The bytes.', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 304, description: 'Not modified: If-None-Match named the current ETag.' })
  @ApiProblems(400, 404)
  async file(
    @Param('id', ParseIdPipe) id: string,
    @Query() query: MediaFileQuery,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const entity = await this.media.findOrFail(id);
    const wantsRendition = query.width !== undefined || query.format !== undefined || query.aspect !== undefined;
    const served: ServedFile = wantsRendition
      ? await this.renditions.rendition(entity, {
          width: query.width ?? Math.min(entity.width ?? 1024, 1024),
          format: query.format ?? 'jpeg',
          aspect: query.aspect ?? 'original',
        })
      : await this.renditions.original(entity);
    // The original's bytes never change; a rendition's crop follows the focal point, which the listed URLs carry as `v`:
    // such a URL is immutable, one without the current `v` may change and is kept only briefly.
    const immutable =
      !wantsRendition || query.v === focalKey(entity.focalX !== null && entity.focalY !== null ? { x: entity.focalX, y: entity.focalY } : null);
    void reply
      .header('ETag', served.etag)
      .header('Cache-Control', immutable ? CACHE_CONTROL.immutable : CACHE_CONTROL.article)
      .header('Surrogate-Key', CacheTag.media(entity.id))
      .header('Cache-Tag', CacheTag.media(entity.id))
      .header('X-Content-Type-Options', 'nosniff');
    if (etagMatches(ifNoneMatch, served.etag)) {
      served.stream.destroy();
      await reply.code(304).send();
      return;
    }
    void reply.code(200).header('Content-Type', served.mimeType).header('Content-Length', String(served.size));
    await reply.send(served.stream);
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
  @ApiOperation({ summary: 'Delete a media record and its files, unless an article uses it (editors)' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(400, 401, 403, 404, 409)
  async remove(@Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.media.remove(id);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { DomainError, validationFailed } from '../../common/errors/domain-error.js';
import { MEDIA_CONFIG, type MediaConfig } from '../../config/config.module.js';
import { UpdateMediaInput } from '../dto/media.dto.js';
import { MEDIA_TEXT_FIELDS, type MediaEntity } from '../media.entity.js';
import { MediaIngestService, tooLarge, type MediaOverrides, type StagedUpload } from './media-ingest.service.js';

const OVERRIDABLE = new Set<string>(MEDIA_TEXT_FIELDS);

/**
 * Reads a multipart upload: one `file` part, streamed straight into the ingest
 * pipeline, and optional text fields (validated like a PATCH) that override what
 * the file says about itself.
 */
@Injectable()
export class MediaUploadService {
  constructor(
    private readonly ingest: MediaIngestService,
    @Inject(MEDIA_CONFIG) private readonly config: MediaConfig,
  ) {}

  async fromMultipart(request: FastifyRequest): Promise<{ entity: MediaEntity; created: boolean }> {
    if (!request.isMultipart())
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 415, 'Send the file as multipart/form-data with a part named "file".');
    const fields: Record<string, string> = {};
    let staged: StagedUpload | undefined;
    let file: { mimetype: string; filename: string } | undefined;
    try {
      // Every part is read (the file only spooled) before anything is recorded: a refused request stores nothing.
      for await (const part of request.parts({ limits: { fileSize: this.config.maxBytes, files: 2, fields: 30, fieldSize: 16 * 1024 } })) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file') throw validationFailed([{ field: part.fieldname, message: 'the file part must be named "file"' }]);
          if (staged) throw new DomainError('BAD_MULTIPART', 400, 'Send one file per request.');
          staged = await this.ingest.stage(part.file);
          file = { mimetype: part.mimetype, filename: part.filename };
        } else {
          if (!OVERRIDABLE.has(part.fieldname))
            throw validationFailed([{ field: part.fieldname, message: `property ${part.fieldname} should not exist` }]);
          fields[part.fieldname] = String(part.value);
        }
      }
      if (!staged || !file) throw validationFailed([{ field: 'file', message: 'a part named "file" is required' }]);
      const overrides = await this.overrides(fields);
      const result = await this.ingest.commit(staged, { declaredType: file.mimetype, filename: file.filename, overrides });
      staged = undefined;
      return result;
    } catch (error) {
      if (staged) await this.ingest.discard(staged);
      const code = (error as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(this.config.maxBytes);
      if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT') {
        throw new DomainError('BAD_MULTIPART', 400, 'Send one part named "file" and at most the documented text fields.');
      }
      if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 415, 'Send multipart/form-data.');
      if (error instanceof DomainError) throw error;
      // The multipart parser's own complaints (no boundary, a body cut off mid-part) are the client's to fix;
      // system errors (a full disk: ENOSPC…) stay server errors.
      if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw error;
      throw new DomainError('BAD_MULTIPART', 400, `The multipart body cannot be read: ${(error as Error).message}.`);
    }
  }

  private async overrides(fields: Record<string, string>): Promise<MediaOverrides> {
    const input = plainToInstance(UpdateMediaInput, fields);
    const errors = await validate(input, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) {
      throw validationFailed(errors.flatMap((e) => Object.values(e.constraints ?? {}).map((message) => ({ field: e.property, message }))));
    }
    return Object.fromEntries(Object.entries(fields).filter(([key]) => OVERRIDABLE.has(key))) as MediaOverrides;
  }
}

import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import sharp, { type Metadata } from 'sharp';
import { In, Repository } from 'typeorm';
import { badRequest, conflict, DomainError, notFound, validationFailed } from '../common/errors/domain-error.js';
import { isForeignKeyViolation, isUniqueViolation } from '../common/errors/db-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { renderCreditLine } from './credit-line.js';
import type { MediaModel, UpdateMediaInput } from './dto/media.dto.js';
import { MediaEntity } from './media.entity.js';

/** Metadata that may be given when a file is registered (the seed, later uploads). */
export type MediaOverrides = Partial<
  Pick<MediaEntity, 'caption' | 'altText' | 'creator' | 'source' | 'copyrightNotice' | 'creditLine' | 'mediabankUrl'>
>;

/** An opened original, ready to stream. */
export interface MediaFile {
  entity: MediaEntity;
  stream: ReadStream;
  size: number;
}

/** The image formats accepted, by sharp's format name: MIME type and file extension. */
const IMAGE_FORMATS: Record<string, { mimeType: string; ext: string }> = {
  jpeg: { mimeType: 'image/jpeg', ext: 'jpg' },
  png: { mimeType: 'image/png', ext: 'png' },
  webp: { mimeType: 'image/webp', ext: 'webp' },
  gif: { mimeType: 'image/gif', ext: 'gif' },
  avif: { mimeType: 'image/avif', ext: 'avif' },
};

const OVERRIDE_FIELDS = ['caption', 'altText', 'creator', 'source', 'copyrightNotice', 'creditLine', 'mediabankUrl'] as const;

/**
 * isForeignKeyViolation, plus SQLite's answer to ON DELETE RESTRICT: RESTRICT is checked
 * immediately, as a trigger, so better-sqlite3 reports SQLITE_CONSTRAINT_TRIGGER
 * ("FOREIGN KEY constraint failed") rather than SQLITE_CONSTRAINT_FOREIGNKEY.
 */
const unsupported = (detail: string) => new DomainError('UNSUPPORTED_MEDIA_TYPE', 415, `${detail} Accepted: JPEG, PNG, WebP, GIF and AVIF images.`);

@Injectable()
export class MediaService {
  private readonly logger = new Logger(MediaService.name);
  private readonly mediaDir: string;

  constructor(
    @InjectRepository(MediaEntity) private readonly media: Repository<MediaEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.mediaDir = resolve(config.dataDir, 'media');
  }

  toModel(entity: MediaEntity): MediaModel {
    return {
      id: entity.id,
      kind: entity.kind,
      mimeType: entity.mimeType,
      size: entity.size,
      sha256: entity.sha256,
      width: entity.width,
      height: entity.height,
      url: `${this.config.publicBaseUrl}/api/v1/media/${entity.id}/file`,
      caption: entity.caption,
      altText: entity.altText,
      creator: entity.creator,
      source: entity.source,
      copyrightNotice: entity.copyrightNotice,
      creditLine: renderCreditLine(entity),
      mediabankUrl: entity.mediabankUrl,
      focalPoint: entity.focalX !== null && entity.focalY !== null ? { x: entity.focalX, y: entity.focalY } : null,
      dateCreated: entity.dateCreated,
      createdAt: entity.createdAt,
      updatedAt: entity.updatedAt,
    };
  }

  async get(id: string): Promise<MediaModel> {
    return this.toModel(await this.findOrFail(id));
  }

  /** For batched relation loading: any order in, a map out. */
  async findByIds(ids: readonly string[]): Promise<Map<string, MediaEntity>> {
    if (ids.length === 0) return new Map();
    const rows = await this.media.findBy({ id: In([...new Set(ids)]) });
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** A media record named in input (an article's main image, a body block). */
  async resolveId(id: string, field: string): Promise<MediaEntity> {
    const entity = await this.media.findOneBy({ id: id.toLowerCase() });
    if (!entity) throw badRequest('UNKNOWN_REFERENCE', `${field}: no media "${id}".`, [{ field, message: `no media "${id}"` }]);
    return entity;
  }

  async update(id: string, input: UpdateMediaInput): Promise<MediaModel> {
    const entity = await this.findOrFail(id);
    const { focalX, focalY } = input;
    const focalKind = (value: number | null | undefined) => (value === undefined ? 'absent' : value === null ? 'null' : 'number');
    if (focalKind(focalX) !== focalKind(focalY)) {
      // Name the one left out, or else the one that is null.
      const field = focalKind(focalX) === 'absent' ? 'focalX' : focalKind(focalY) === 'absent' ? 'focalY' : focalX === null ? 'focalX' : 'focalY';
      throw validationFailed([{ field, message: 'focalX and focalY must be given together (both numbers, or both null to clear)' }]);
    }
    for (const field of OVERRIDE_FIELDS) {
      const value = input[field];
      if (value !== undefined) entity[field] = value;
    }
    if (focalX !== undefined && focalY !== undefined) {
      entity.focalX = focalX;
      entity.focalY = focalY;
    }
    entity.updatedAt = new Date();
    await this.media.save(entity);
    return this.toModel(entity);
  }

  /** Deletes the record, then its file unless another record still uses it. */
  async remove(id: string): Promise<void> {
    const entity = await this.findOrFail(id);
    try {
      await this.media.delete({ id });
    } catch (error) {
      // Articles point at their main image with ON DELETE RESTRICT; the database is the one that knows.
      if (isForeignKeyViolation(error))
        throw conflict('MEDIA_IN_USE', `Media "${id}" is used by an article (main image or body); change that article first.`);
      throw error;
    }
    if (await this.media.existsBy({ storageKey: entity.storageKey })) return;
    try {
      await unlink(this.pathOf(entity.storageKey));
    } catch (error) {
      // The row is gone, which is what was asked; a stray file is only disk space.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.warn(`Could not delete ${entity.storageKey}: ${(error as Error).message}`);
    }
  }

  /**
   * Registers a file from disk: the same bytes give the same record (by SHA-256,
   * no second copy); new bytes are checked to be an accepted image, copied below
   * DATA_DIR/media and recorded with the given metadata.
   */
  async registerFromFile(path: string, overrides: MediaOverrides = {}): Promise<MediaEntity> {
    const bytes = await readFile(path);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const existing = await this.media.findOneBy({ sha256 });
    if (existing) return existing;

    const { mimeType, ext, width, height } = await detectImage(bytes);
    const storageKey = `${sha256.slice(0, 2)}/${sha256}.${ext}`;
    await this.writeAtomically(storageKey, bytes);

    const now = new Date();
    const entity = this.media.create({
      id: randomUUID(),
      kind: 'image',
      mimeType,
      size: bytes.length,
      sha256,
      width,
      height,
      storageKey,
      originalFilename: basename(path).slice(0, 255),
      caption: null,
      altText: null,
      creator: null,
      source: null,
      copyrightNotice: null,
      creditLine: null,
      mediabankUrl: null,
      focalX: null,
      focalY: null,
      dateCreated: null,
      createdAt: now,
      updatedAt: now,
    });
    for (const field of OVERRIDE_FIELDS) {
      const value = overrides[field];
      if (value !== undefined) entity[field] = value;
    }
    try {
      await this.media.insert(entity);
    } catch (error) {
      // Registered at the same moment by someone else: theirs is the record (the file is the same bytes).
      if (isUniqueViolation(error)) {
        const winner = await this.media.findOneBy({ sha256 });
        if (winner) return winner;
      }
      throw error;
    }
    return entity;
  }

  /** The original for serving; 404 when the record or its file is missing. */
  async openFile(id: string): Promise<MediaFile> {
    const entity = await this.findOrFail(id);
    const path = this.pathOf(entity.storageKey);
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw notFound('Media file', id);
      size = info.size;
    } catch (error) {
      if (error instanceof DomainError) throw error;
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.logger.warn(`Media ${id}: file ${entity.storageKey} is missing.`);
        throw notFound('Media file', id);
      }
      throw error;
    }
    return { entity, stream: createReadStream(path), size };
  }

  private async findOrFail(id: string): Promise<MediaEntity> {
    const entity = await this.media.findOneBy({ id });
    if (!entity) throw notFound('Media', id);
    return entity;
  }

  /** The absolute path of a storage key, which must stay below DATA_DIR/media. */
  private pathOf(storageKey: string): string {
    const path = resolve(this.mediaDir, storageKey);
    if (!path.startsWith(this.mediaDir + sep)) throw new Error(`Storage key "${storageKey}" points outside the media directory.`);
    return path;
  }

  /** Writes to a temporary name first, so a reader never sees half a file. */
  private async writeAtomically(storageKey: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(storageKey);
    await mkdir(dirname(path), { recursive: true });
    const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
    try {
      await writeFile(temporary, bytes);
      await rename(temporary, path);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }
}

/** The image type, from the bytes (never from a file name or a client's word). */
async function detectImage(bytes: Buffer): Promise<{ mimeType: string; ext: string; width: number | null; height: number | null }> {
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes).metadata();
  } catch {
    throw unsupported('The file is not an image that can be read.');
  }
  // libvips reads AVIF with its HEIF loader: an AV1-compressed HEIF is AVIF.
  const format = metadata.format === 'heif' && metadata.compression === 'av1' ? 'avif' : metadata.format;
  const known = IMAGE_FORMATS[format];
  if (!known) throw unsupported(`Images of type "${format}" are not accepted.`);
  const width = metadata.autoOrient?.width ?? metadata.width;
  const height = metadata.autoOrient?.height ?? metadata.height;
  return { ...known, width: width ?? null, height: height ?? null };
}

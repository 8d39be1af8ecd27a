import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Metadata } from 'sharp';
import { Repository } from 'typeorm';
import { isUniqueViolation } from '../../common/errors/db-errors.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { CLOCK, type Clock } from '../../common/util/clock.js';
import { APP_CONFIG, MEDIA_CONFIG, type AppConfig, type MediaConfig } from '../../config/config.module.js';
import { Transactions } from '../../database/transactions.js';
import { Outbox } from '../../outbox/outbox.service.js';
import { mediaEventData } from '../media-events.js';
import { loadSharp } from '../lazy-imports.js';
import { MediaEntity, type MediaKind, type MediaTextField } from '../media.entity.js';
import { MEDIA_STORAGE, type MediaStorage } from '../storage/media-storage.js';
import { readPhotoMetadata, type PhotoMetadata } from './photo-metadata.js';
import { writeStrippedCopy } from './strip-metadata.js';

/** What an editor may set at upload (multipart fields) or when registering a file; wins over the file's own metadata. */
export type MediaOverrides = Partial<Pick<MediaEntity, MediaTextField>>;

/** Accepted types, by the MIME type read from the bytes. */
const ACCEPTED: Record<string, { kind: MediaKind; ext: string }> = {
  'image/jpeg': { kind: 'image', ext: 'jpg' },
  'image/png': { kind: 'image', ext: 'png' },
  'image/webp': { kind: 'image', ext: 'webp' },
  'image/gif': { kind: 'image', ext: 'gif' },
  'image/avif': { kind: 'image', ext: 'avif' },
  'application/pdf': { kind: 'document', ext: 'pdf' },
  'video/mp4': { kind: 'video', ext: 'mp4' },
};
const ALIASES: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg', 'image/x-png': 'image/png' };
const UNDECLARED = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/** An upload spooled to disk, hashed, not yet checked or recorded. */
export interface StagedUpload {
  temp: string;
  sha256: string;
  size: number;
}

export const tooLarge = (maxBytes: number) =>
  new DomainError('PAYLOAD_TOO_LARGE', 413, `The file is larger than ${maxBytes} bytes (MEDIA_MAX_BYTES).`);

/**
 * Takes an upload from a stream to a stored, credited, privacy-safe media record:
 * streamed to a temporary file while hashed (never held whole in memory); the same
 * bytes as before → the existing record; the type read from the bytes (and checked
 * against the declared one); oversized pictures refused from their header before
 * any decoding; IPTC/XMP/EXIF credits read; a stripped copy stored for serving.
 */
@Injectable()
export class MediaIngestService {
  private readonly tmpDir: string;

  constructor(
    @InjectRepository(MediaEntity) private readonly media: Repository<MediaEntity>,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(MEDIA_CONFIG) private readonly mediaConfig: MediaConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly transactions: Transactions,
    private readonly outbox: Outbox,
  ) {
    this.tmpDir = join(config.dataDir, 'tmp');
  }

  /** Registers a file already on disk (the demo seed) exactly as an upload of it would be. */
  async registerFromFile(path: string, overrides: MediaOverrides = {}): Promise<{ entity: MediaEntity; created: boolean }> {
    const staged = await this.stage(createReadStream(path));
    return this.commit(staged, { filename: basename(path), overrides });
  }

  /** Step one: the bytes land in a temporary file, hashed and counted; nothing is recorded yet. */
  async stage(stream: Readable & { truncated?: boolean }): Promise<StagedUpload> {
    await mkdir(this.tmpDir, { recursive: true });
    const temp = join(this.tmpDir, `${randomUUID()}.upload`);
    try {
      return { temp, ...(await this.spool(stream, temp)) };
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  /** Drops a staged upload that will not be committed (the rest of the request was refused). */
  async discard(staged: StagedUpload): Promise<void> {
    await unlink(staged.temp).catch(() => undefined);
  }

  /**
   * Step two: checks the staged bytes and records them, or returns the record these bytes
   * already have. The temporary file is gone afterwards either way.
   */
  async commit(
    staged: StagedUpload,
    options: { declaredType?: string; filename?: string; overrides?: MediaOverrides },
  ): Promise<{ entity: MediaEntity; created: boolean }> {
    const { temp, sha256, size } = staged;
    const stripped = `${temp}.public`;
    try {
      const type = await this.detectType(temp, options.declaredType);
      const existing = await this.media.findOneBy({ sha256 });
      if (existing) return { entity: existing, created: false };
      const picture = type.kind === 'image' ? await this.measure(temp) : { width: null, height: null, orientation: undefined };
      const metadata: Partial<PhotoMetadata> = type.kind === 'image' ? await readPhotoMetadata(temp) : {};
      const storageKey = `${sha256.slice(0, 2)}/${sha256}.${type.ext}`;
      await writeStrippedCopy(type.mime, temp, stripped, picture.orientation);
      await this.storage.putFile(storageKey, stripped);
      let originalKey: string | null = null;
      if (this.mediaConfig.keepOriginals) {
        originalKey = `originals/${storageKey}`;
        await this.storage.putFile(originalKey, temp);
      }
      return await this.insert({
        sha256,
        size,
        type,
        picture,
        metadata,
        storageKey,
        originalKey,
        filename: options.filename,
        overrides: options.overrides ?? {},
      });
    } finally {
      await Promise.all([unlink(temp).catch(() => undefined), unlink(stripped).catch(() => undefined)]);
    }
  }

  /** Streams the upload to a file, hashing and counting on the way; a cut-off stream is a 413. */
  private async spool(stream: Readable & { truncated?: boolean }, temp: string): Promise<{ sha256: string; size: number }> {
    const hash = createHash('sha256');
    let size = 0;
    const maxBytes = this.mediaConfig.maxBytes;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) return done(tooLarge(maxBytes));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(stream, meter, createWriteStream(temp));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (error instanceof DomainError) throw error;
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
      throw error;
    }
    if (stream.truncated) throw tooLarge(maxBytes);
    if (size === 0) throw new DomainError('EMPTY_FILE', 400, 'The file is empty.');
    return { sha256: hash.digest('hex'), size };
  }

  private async detectType(path: string, declared: string | undefined): Promise<{ mime: string; kind: MediaKind; ext: string }> {
    // file-type is loaded on the first upload, not at start-up (most servers mostly read).
    const { fileTypeFromFile } = await import('file-type');
    const detected = await fileTypeFromFile(path);
    const mime = detected?.mime === 'image/heif' || detected?.mime === 'image/heic' ? undefined : detected?.mime;
    const accepted = mime ? ACCEPTED[mime] : undefined;
    if (!mime || !accepted) {
      throw new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        415,
        `The bytes are not a type we accept${detected ? ` (they look like ${detected.mime})` : ''}: JPEG, PNG, WebP, GIF, AVIF, PDF or MP4.`,
      );
    }
    const claimed = ALIASES[declared?.toLowerCase() ?? ''] ?? declared?.toLowerCase() ?? '';
    if (!UNDECLARED.has(claimed) && claimed !== mime) {
      throw new DomainError('MEDIA_TYPE_MISMATCH', 415, `The file was declared as ${declared} but its bytes are ${mime}.`);
    }
    return { mime, ...accepted };
  }

  /** Size from the header only: a decompression bomb is refused before anything decodes it. */
  private async measure(path: string): Promise<{ width: number | null; height: number | null; orientation: number | undefined }> {
    const sharp = await loadSharp();
    let info: Metadata;
    try {
      info = await sharp(path, { limitInputPixels: false }).metadata();
    } catch {
      throw new DomainError('UNREADABLE_IMAGE', 422, 'The image header cannot be read; the file is damaged or not what it claims.');
    }
    // Every frame of an animation is decoded too: count them all.
    const pixels = (info.width ?? 0) * (info.pageHeight ?? info.height ?? 0) * (info.pages ?? 1);
    if (pixels > this.mediaConfig.maxPixels) {
      throw new DomainError(
        'IMAGE_TOO_LARGE',
        422,
        `The image is ${info.width}×${info.height} (${pixels} pixels); at most ${this.mediaConfig.maxPixels} are accepted (MEDIA_MAX_PIXELS).`,
      );
    }
    try {
      // Within the limit: now decode it once, small, so a damaged picture is refused here and not at its first rendition.
      await sharp(path, { failOn: 'error', limitInputPixels: this.mediaConfig.maxPixels }).resize(32, 32, { fit: 'inside' }).toBuffer();
    } catch {
      throw new DomainError('UNREADABLE_IMAGE', 422, 'The image cannot be decoded; the file is damaged or truncated.');
    }
    return {
      width: info.autoOrient?.width ?? info.width ?? null,
      height: info.autoOrient?.height ?? info.height ?? null,
      orientation: info.orientation,
    };
  }

  private async insert(found: {
    sha256: string;
    size: number;
    type: { mime: string; kind: MediaKind };
    picture: { width: number | null; height: number | null };
    metadata: Partial<PhotoMetadata>;
    storageKey: string;
    originalKey: string | null;
    filename?: string;
    overrides: MediaOverrides;
  }): Promise<{ entity: MediaEntity; created: boolean }> {
    const { metadata: m } = found;
    const now = this.clock.now();
    const entity = this.media.create({
      id: randomUUID(),
      kind: found.type.kind,
      mimeType: found.type.mime,
      size: found.size,
      sha256: found.sha256,
      width: found.picture.width,
      height: found.picture.height,
      storageKey: found.storageKey,
      originalKey: found.originalKey,
      originalFilename: found.filename?.slice(0, 255) ?? null,
      caption: m.caption ?? null,
      altText: null,
      creator: m.creator ?? null,
      source: m.source ?? null,
      credit: m.credit ?? null,
      copyrightNotice: m.copyrightNotice ?? null,
      creditLine: null,
      mediabankUrl: null,
      headline: m.headline ?? null,
      keywords: m.keywords ?? null,
      city: m.city ?? null,
      country: m.country ?? null,
      focalX: null,
      focalY: null,
      dateCreated: m.dateCreated ?? null,
      createdAt: now,
      updatedAt: now,
      ...stripUndefined(found.overrides),
    });
    try {
      // The record and its media.created event commit together (webhooks).
      await this.transactions.run(async (manager) => {
        await manager.insert(MediaEntity, entity);
        await this.outbox.publish(manager, { type: 'media.created', data: mediaEventData(entity, now) });
      });
      return { entity, created: true };
    } catch (error) {
      // The same bytes uploaded at the same moment: the first record is the record.
      if (isUniqueViolation(error)) {
        const winner = await this.media.findOneBy({ sha256: found.sha256 });
        if (winner) return { entity: winner, created: false };
      }
      throw error;
    }
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

import { randomUUID } from 'node:crypto';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { badRequest, DomainError, notFound } from '../../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import { loadSharp } from '../lazy-imports.js';
import type { MediaEntity } from '../media.entity.js';
import { MEDIA_STORAGE, type MediaStorage } from '../storage/media-storage.js';
import { cropBox, focalKey, FORMAT_MIME, outputSize, RENDITION_WIDTHS, type RenditionAspect, type RenditionFormat } from './renditions.js';

export interface RenditionRequest {
  width: number;
  format: RenditionFormat;
  aspect: RenditionAspect;
}

export interface ServedFile {
  stream: Readable;
  size: number;
  mimeType: string;
  etag: string;
}

/** Pictures that can have renditions (PDF and MP4 are served as stored). */
const RENDERABLE = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif']);

/** One entry of a picture's rendition list. */
export interface RenditionLink {
  url: string;
  width: number;
  height: number;
  format: RenditionFormat;
  aspect: RenditionAspect;
}

/** How many pictures' rendition lists are kept made. */
const LINK_LISTS_KEPT = 2000;

/**
 * Makes a rendition on first request and keeps it (by storage key) for every later one.
 * Two requests for the same missing rendition share one piece of work.
 */
@Injectable()
export class RenditionsService {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly links = new Map<string, RenditionLink[]>();
  private readonly tmpDir: string;

  constructor(
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.tmpDir = join(config.dataDir, 'tmp');
  }

  /** The stored (metadata-stripped) file itself. */
  async original(media: MediaEntity): Promise<ServedFile> {
    const opened = await this.storage.open(media.storageKey);
    if (!opened) throw notFound('Media file', media.id);
    return { ...opened, mimeType: media.mimeType, etag: `"${media.sha256}"` };
  }

  async rendition(media: MediaEntity, request: RenditionRequest): Promise<ServedFile> {
    if (!RENDERABLE.has(media.mimeType) || !media.width || !media.height) {
      throw badRequest('NO_RENDITIONS', `Media ${media.id} (${media.mimeType}) has no renditions; ask for the file without width, format or aspect.`);
    }
    const focal = media.focalX !== null && media.focalY !== null ? { x: media.focalX, y: media.focalY } : null;
    const box = cropBox(media.width, media.height, request.aspect, focal);
    const size = outputSize(box, request.width);
    const key = `renditions/${media.id}/${size.width}x${size.height}-${request.aspect.replace(':', 'x')}-${focalKey(focal)}.${request.format}`;
    if (!(await this.storage.exists(key))) await this.once(key, () => this.render(media, box, size, request.format, key));
    const opened = await this.storage.open(key);
    if (!opened) throw notFound('Media file', media.id);
    return { ...opened, mimeType: FORMAT_MIME[request.format], etag: `"${media.sha256.slice(0, 16)}-${key.split('/').pop()}"` };
  }

  /**
   * The srcset-ready list the API shows: every width up to the picture's own, in WebP and JPEG.
   * Made once per picture (and focal point), then shared by every answer that shows it.
   */
  list(media: MediaEntity, baseUrl: string): RenditionLink[] {
    const key = `${baseUrl} ${media.mimeType} ${media.width}x${media.height} ${media.focalX},${media.focalY}`;
    let links = this.links.get(key);
    if (!links) {
      // Frozen: shared by many answers, so none may change it.
      links = Object.freeze(this.makeList(media, baseUrl).map((link) => Object.freeze(link))) as RenditionLink[];
      if (this.links.size >= LINK_LISTS_KEPT) this.links.delete(this.links.keys().next().value!);
      this.links.set(key, links);
    }
    return links;
  }

  private makeList(media: MediaEntity, baseUrl: string): RenditionLink[] {
    if (!RENDERABLE.has(media.mimeType) || !media.width || !media.height) return [];
    const focal = media.focalX !== null && media.focalY !== null ? { x: media.focalX, y: media.focalY } : null;
    const box = cropBox(media.width, media.height, 'original', focal);
    const widths = RENDITION_WIDTHS.filter((w) => w <= media.width!);
    const chosen = widths.length > 0 ? widths : [RENDITION_WIDTHS[0]];
    return (['webp', 'jpeg'] as const).flatMap((format) =>
      chosen.map((w) => {
        const size = outputSize(box, w);
        return { url: `${baseUrl}?width=${w}&format=${format}&aspect=original&v=${focalKey(focal)}`, ...size, format, aspect: 'original' as const };
      }),
    );
  }

  /** Removes every rendition of a media record (when it is deleted). */
  async forget(media: MediaEntity): Promise<void> {
    const path = this.storage.localPath(`renditions/${media.id}`);
    if (path) await import('node:fs/promises').then((fs) => fs.rm(path, { recursive: true, force: true }));
  }

  private async once(key: string, work: () => Promise<void>): Promise<void> {
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = work().finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    await pending;
  }

  private async render(
    media: MediaEntity,
    box: ReturnType<typeof cropBox>,
    size: { width: number; height: number },
    format: RenditionFormat,
    key: string,
  ): Promise<void> {
    const source = this.storage.localPath(media.storageKey);
    const opened = source ? null : await this.storage.open(media.storageKey);
    await mkdir(this.tmpDir, { recursive: true });
    const temp = join(this.tmpDir, `${randomUUID()}.${format}`);
    const sharp = await loadSharp();
    try {
      const input = source ? sharp(source, { failOn: 'error' }) : sharp({ failOn: 'error' });
      // Upright first (EXIF orientation), then crop in upright coordinates, then scale.
      const pipeline = input.rotate().extract(box).resize(size.width, size.height, { fit: 'fill' });
      const encoded =
        format === 'jpeg'
          ? pipeline.jpeg({ quality: 82, mozjpeg: true })
          : format === 'webp'
            ? pipeline.webp({ quality: 80 })
            : pipeline.avif({ quality: 55 });
      if (opened) opened.stream.pipe(input);
      try {
        await encoded.toFile(temp);
      } catch {
        throw new DomainError(
          'UNREADABLE_IMAGE',
          422,
          `Media ${media.id} cannot be decoded to make a rendition; serve the file itself or replace it.`,
        );
      }
      await this.storage.putFile(key, temp);
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }
}

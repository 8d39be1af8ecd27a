import { keysetAfter } from '../database/keyset.js';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { badRequest, conflict, notFound, validationFailed } from '../common/errors/domain-error.js';
import { isForeignKeyViolation } from '../common/errors/db-errors.js';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor.js';
import { toPage, type Page } from '../common/pagination/page.js';
import { CLOCK, type Clock } from '../common/util/clock.js';
import { APP_CONFIG, MEDIA_CONFIG, type AppConfig, type MediaConfig } from '../config/config.module.js';
import { dbDate } from '../database/column-types.js';
import { SqlReader } from '../database/sql-reader.js';
import { Transactions } from '../database/transactions.js';
import { Outbox } from '../outbox/outbox.service.js';
import { renderCreditLine } from './credit-line.js';
import type { MediaFilter, MediaModel, UpdateMediaInput } from './dto/media.dto.js';
import { mediaEventData } from './media-events.js';
import { MEDIA_TEXT_FIELDS, MediaEntity } from './media.entity.js';
import { RenditionsService } from './renditions/renditions.service.js';
import { MEDIA_STORAGE, type MediaStorage } from './storage/media-storage.js';
import { ResponseCache } from '../cache/response-cache.js';
import { recordChangeTags } from '../common/http/cache-tags.js';

export interface MediaPage extends Page<MediaEntity> {
  cursorOf(row: MediaEntity): string;
}

/** The media library's records: read, change, list, delete. Uploads go through MediaIngestService. */
@Injectable()
export class MediaService {
  private readonly logger = new Logger('Media');

  constructor(
    @InjectRepository(MediaEntity) private readonly media: Repository<MediaEntity>,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    private readonly renditions: RenditionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MEDIA_CONFIG) private readonly mediaConfig: MediaConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly cache: ResponseCache,
    private readonly transactions: Transactions,
    private readonly reader: SqlReader,
    private readonly outbox: Outbox,
  ) {}

  fileUrl(id: string): string {
    return `${this.config.publicBaseUrl}/api/v1/media/${id}/file`;
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
      url: this.fileUrl(entity.id),
      caption: entity.caption,
      altText: entity.altText,
      creator: entity.creator,
      source: entity.source,
      copyrightNotice: entity.copyrightNotice,
      creditLine: renderCreditLine(entity, this.mediaConfig.creditTemplate),
      mediabankUrl: entity.mediabankUrl,
      credit: entity.credit,
      headline: entity.headline,
      keywords: entity.keywords ?? [],
      city: entity.city,
      country: entity.country,
      renditions: this.renditions.list(entity, this.fileUrl(entity.id)),
      focalPoint: entity.focalX !== null && entity.focalY !== null ? { x: entity.focalX, y: entity.focalY } : null,
      dateCreated: entity.dateCreated,
      createdAt: entity.createdAt,
      updatedAt: entity.updatedAt,
    };
  }

  async get(id: string): Promise<MediaModel> {
    return this.toModel(await this.findOrFail(id));
  }

  async findOrFail(id: string): Promise<MediaEntity> {
    const entity = await this.media.findOneBy({ id });
    if (!entity) throw notFound('Media', id);
    return entity;
  }

  /** For batched relation loading: any order in, a map out. */
  async findByIds(ids: readonly string[]): Promise<Map<string, MediaEntity>> {
    return this.reader.byIds(MediaEntity, ids);
  }

  /** A media record named in input (an article's main image, a body block). */
  async resolveId(id: string, field: string): Promise<MediaEntity> {
    const entity = await this.media.findOneBy({ id: id.toLowerCase() });
    if (!entity) throw badRequest('UNKNOWN_REFERENCE', `${field}: no media "${id}".`, [{ field, message: `no media "${id}"` }]);
    return entity;
  }

  /** The library, newest first, keyset-paginated. */
  async list(filter: MediaFilter, limit: number, cursor?: string): Promise<MediaPage> {
    const after = cursor ? decodeCursor(cursor, 'media') : undefined;
    const qb = this.media.createQueryBuilder('m');
    if (filter.kind) qb.andWhere('m.kind = :kind', { kind: filter.kind });
    if (filter.creator) qb.andWhere('m.creator = :creator', { creator: filter.creator });
    if (after) qb.andWhere(...keysetAfter('m', 'created_at', 'DESC', { at: dbDate(new Date(after.at)), id: after.id }));
    const rows = await qb
      .orderBy('m.created_at', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    const cursorOf = (row: MediaEntity) => encodeCursor({ kind: 'media', at: row.createdAt.toISOString(), id: row.id });
    return { ...toPage(rows, limit, cursorOf), cursorOf };
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
    for (const field of MEDIA_TEXT_FIELDS) {
      const value = input[field];
      if (value !== undefined) entity[field] = value;
    }
    if (focalX !== undefined && focalY !== undefined) {
      entity.focalX = focalX;
      entity.focalY = focalY;
    }
    entity.updatedAt = this.clock.now();
    await this.transactions.run(async (manager) => {
      await manager.save(entity);
      await this.outbox.publish(manager, { type: 'media.updated', data: mediaEventData(entity, entity.updatedAt, Object.keys(input)) });
    });
    await this.cache.purge(recordChangeTags('media', entity.id));
    return this.toModel(entity);
  }

  /** Deletes the record (409 while an article uses it), its renditions, and its files. */
  async remove(id: string): Promise<void> {
    const entity = await this.findOrFail(id);
    try {
      await this.transactions.run(async (manager) => {
        await manager.delete(MediaEntity, { id });
        await this.outbox.publish(manager, { type: 'media.deleted', data: mediaEventData(entity, this.clock.now()) });
      });
    } catch (error) {
      // Articles record every media they use (article_media, ON DELETE RESTRICT): the database is the one that knows.
      if (isForeignKeyViolation(error))
        throw conflict('MEDIA_IN_USE', `Media "${id}" is used by an article (main image or body); change that article first.`);
      throw error;
    }
    await this.cache.purge(recordChangeTags('media', id));
    try {
      await this.renditions.forget(entity);
      if (!(await this.media.existsBy({ storageKey: entity.storageKey }))) await this.storage.remove(entity.storageKey);
      if (entity.originalKey) await this.storage.remove(entity.originalKey);
    } catch (error) {
      // The record is gone, which is what was asked; a stray file is only disk space.
      this.logger.warn(`Media ${id} deleted but its files were not all removed: ${(error as Error).message}`);
    }
  }
}

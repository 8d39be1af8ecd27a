import { keysetAfter } from '../database/keyset.js';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/roles.js';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor.js';
import { toPage, type Page } from '../common/pagination/page.js';
import { CLOCK, systemClock, type Clock } from '../common/util/clock.js';
import { UUID_PATTERN } from '../common/validation/decorators.js';
import { dbDate } from '../database/column-types.js';
import { AuditEntryEntity } from './audit-entry.entity.js';
import type { AuditEntryModel, AuditFilter } from './dto/audit.dto.js';

/** One write to keep. `actor` null is the system itself (the scheduler): then `systemLabel` names the component. */
export interface AuditRecord {
  actor: Actor | null;
  systemLabel?: string;
  action: string;
  entityType: string;
  entityId: string | null;
  detail?: Record<string, unknown>;
  requestId?: string | null;
}

export interface AuditPage extends Page<AuditEntryModel> {
  /** The cursor that continues after a given entry (GraphQL edges carry one each). */
  cursorOf(entry: AuditEntryModel): string;
}

const CURSOR_KIND = 'audit';
/** The detail column is for a few field names, not for payloads. */
export const MAX_DETAIL_BYTES = 4096;

/** Column widths of audit_log: a value from the outside (a client's X-Request-Id) must never make the insert fail. */
const clip = (value: string, max: number): string => (value.length > max ? value.slice(0, max) : value);

function detailJson(detail: Record<string, unknown> | undefined): string | null {
  if (!detail) return null;
  const json = JSON.stringify(detail);
  if (Buffer.byteLength(json, 'utf8') <= MAX_DETAIL_BYTES) return json;
  // Keep valid JSON that says it was cut, with as many top-level keys as fit.
  const keys = Object.keys(detail);
  for (let n = Math.min(keys.length, 50); n >= 0; n -= 1) {
    const short = JSON.stringify({ truncated: true, keys: keys.slice(0, n).map((key) => clip(key, 64)) });
    if (Buffer.byteLength(short, 'utf8') <= MAX_DETAIL_BYTES) return short;
  }
  return '{"truncated":true}';
}

export function toAuditEntryModel(entity: AuditEntryEntity): AuditEntryModel {
  return {
    id: entity.id,
    at: entity.at,
    actorKind: entity.actorKind,
    actorId: entity.actorId,
    actorLabel: entity.actorLabel,
    credential: entity.credential,
    action: entity.action,
    entityType: entity.entityType,
    entityId: entity.entityId,
    detail: entity.detail,
    requestId: entity.requestId,
  };
}

/**
 * The audit log: every write, appended and never changed (the table's triggers refuse
 * UPDATE and DELETE). The global AuditInterceptor records API writes; other modules
 * (the scheduler) call `record` themselves, inside their transaction when they have one.
 */
@Injectable()
export class AuditService {
  private readonly clock: Clock;

  constructor(
    @InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>,
    // Optional: CLOCK is on its way into a global module; until then the system clock.
    @Optional() @Inject(CLOCK) clock?: Clock,
  ) {
    this.clock = clock ?? systemClock;
  }

  /** Appends one entry; pass the transaction's manager to commit it with the write it describes. */
  async record(entry: AuditRecord, manager?: EntityManager): Promise<void> {
    const { actor } = entry;
    const system = clip(entry.systemLabel ?? 'unknown', 50);
    const row: AuditEntryEntity = {
      id: randomUUID(),
      at: this.clock.now(),
      actorKind: actor ? actor.kind : 'system',
      actorId: actor ? actor.userId : null,
      actorLabel: clip(actor ? actor.label : system, 300),
      credential: clip(actor ? `${actor.kind === 'user' ? 'jwt' : 'apiKey'}:${actor.id}` : `system:${system}`, 64),
      action: clip(entry.action, 100),
      entityType: clip(entry.entityType, 32),
      entityId: entry.entityId === null ? null : clip(entry.entityId, 200),
      detail: detailJson(entry.detail),
      requestId: entry.requestId ? clip(entry.requestId, 100) : null,
    };
    await (manager ?? this.entries.manager).insert(AuditEntryEntity, row);
  }

  /** A keyset page of entries, newest first: (at, id) descending. */
  async list(filter: AuditFilter, limit: number, cursor?: string): Promise<AuditPage> {
    const after = cursor ? decodeCursor(cursor, CURSOR_KIND) : undefined;
    const qb = this.entries.createQueryBuilder('e');
    if (filter.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: filter.actorId.toLowerCase() });
    if (filter.credential) qb.andWhere('e.credential = :credential', { credential: filter.credential });
    if (filter.action?.endsWith('.*')) {
      // A prefix compared as a prefix: LIKE would be case-insensitive on SQLite and treat `_` as a wildcard.
      const prefix = filter.action.slice(0, -1);
      qb.andWhere('SUBSTR(e.action, 1, :prefixLength) = :actionPrefix', { prefixLength: prefix.length, actionPrefix: prefix });
    } else if (filter.action) {
      qb.andWhere('e.action = :action', { action: filter.action });
    }
    if (filter.entityType) qb.andWhere('e.entity_type = :entityType', { entityType: filter.entityType });
    if (filter.entityId) {
      const entityId = UUID_PATTERN.test(filter.entityId) ? filter.entityId.toLowerCase() : filter.entityId;
      qb.andWhere('e.entity_id = :entityId', { entityId });
    }
    if (filter.since) qb.andWhere('e.at >= :since', { since: dbDate(new Date(filter.since)) });
    if (filter.until) qb.andWhere('e.at < :until', { until: dbDate(new Date(filter.until)) });
    if (after) qb.andWhere(...keysetAfter('e', 'at', 'DESC', { at: dbDate(new Date(after.at)), id: after.id }));
    const rows = await qb
      .orderBy('e.at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    const cursorOf = (entry: AuditEntryModel) => encodeCursor({ kind: CURSOR_KIND, at: entry.at.toISOString(), id: entry.id });
    return { ...toPage(rows.map(toAuditEntryModel), limit, cursorOf), cursorOf };
  }
}

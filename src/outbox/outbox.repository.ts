import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { dbDate } from '../database/column-types.js';
import { placeholders, SqlReader } from '../database/sql-reader.js';
import { Transactions } from '../database/transactions.js';
import { OutboxJobEntity } from './outbox-job.entity.js';

export interface OutboxBacklog {
  consumer: string;
  pending: number;
  dead: number;
  /** When the longest-waiting pending job became (or becomes) due; null when none is pending. */
  oldestPendingAt: Date | null;
}

/** A job whose last attempt failed: retrying (pending) or given up (dead). */
export interface OutboxFailure {
  id: string;
  consumer: string;
  type: string;
  status: 'pending' | 'dead';
  attempts: number;
  maxAttempts: number;
  /** Next attempt (pending) or when it was given up (dead). */
  at: Date;
  lastError: string;
}

export type JobRow = Omit<OutboxJobEntity, 'payload'> & { payload: object };

/** The outbox's SQL: recording, claiming by lease, finishing, and the questions operators ask. */
@Injectable()
export class OutboxRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly reader: SqlReader,
  ) {}

  /** Inserts jobs in the caller's transaction; a job whose dedupe key is recorded already is skipped. Returns how many were new. */
  async insert(manager: EntityManager, rows: JobRow[]): Promise<number> {
    let inserted = 0;
    // Chunks keep each statement under SQLite's bound-parameter limit.
    for (let i = 0; i < rows.length; i += 200) {
      const chunk = rows.slice(i, i + 200);
      const keys = chunk.flatMap((row) => (row.dedupeKey ? [row.dedupeKey] : []));
      if (keys.length > 0) {
        const before = await manager.createQueryBuilder(OutboxJobEntity, 'j').where('j.dedupe_key IN (:...keys)', { keys }).getCount();
        await manager.createQueryBuilder().insert().into(OutboxJobEntity).values(chunk).orIgnore().execute();
        inserted += chunk.length - before;
      } else {
        await manager.insert(OutboxJobEntity, chunk);
        inserted += chunk.length;
      }
    }
    return inserted;
  }

  /** Leases up to `batchSize` due jobs of these consumers; a job another instance holds or just took is not taken. */
  async claim(now: Date, consumers: string[], batchSize: number, leaseMs: number): Promise<OutboxJobEntity[]> {
    if (consumers.length === 0) return [];
    // One token per batch; the instance is told apart in logs by the job's lease, not by this column.
    const token = randomUUID();
    const claimable = '(status = :pending AND available_at <= :now AND (locked_until IS NULL OR locked_until < :now) AND consumer IN (:...names))';
    const params = { pending: 'pending', now: dbDate(now), names: consumers };
    // Most polls find nothing due: a read answers that without a write transaction (and on SQLite without the writer's queue).
    const anyDue = await this.reader.rows(
      `SELECT 1 FROM outbox_jobs WHERE status = 'pending' AND available_at <= ? AND (locked_until IS NULL OR locked_until < ?) ` +
        `AND consumer IN (${placeholders(consumers.length)}) LIMIT 1`,
      [params.now, params.now, ...consumers],
    );
    if (anyDue.length === 0) return [];
    await this.transactions.run(async (manager) => {
      const due = manager
        .createQueryBuilder(OutboxJobEntity, 'due')
        .select('due.id')
        .where(claimable.replaceAll(/\b(status|available_at|locked_until|consumer)\b/g, 'due.$1'))
        .orderBy('due.available_at', 'ASC')
        .limit(batchSize);
      await manager
        .createQueryBuilder()
        .update(OutboxJobEntity)
        .set({ lockedBy: token, lockedUntil: new Date(now.getTime() + leaseMs), attempts: () => 'attempts + 1' })
        // The condition again on the row itself: on PostgreSQL, a row another instance claimed meanwhile is re-checked and skipped.
        .where(`id IN (${due.getQuery()}) AND ${claimable}`)
        .setParameters(params)
        .execute();
    });
    return this.dataSource.getRepository(OutboxJobEntity).find({ where: { lockedBy: token, status: 'pending' }, order: { availableAt: 'ASC' } });
  }

  /** Ends an attempt: done, dead, or pending again (with its next attempt) — only while the claim is still ours. */
  finish(row: OutboxJobEntity, changes: Partial<Pick<OutboxJobEntity, 'status' | 'lastError' | 'availableAt'>>, now: Date): Promise<unknown> {
    const done = changes.status !== 'pending';
    return this.transactions.run((m) =>
      m
        .createQueryBuilder()
        .update(OutboxJobEntity)
        .set({ ...changes, lockedBy: null, lockedUntil: null, finishedAt: done ? now : null })
        // A lapsed lease handed to another instance is theirs to finish.
        .where('id = :id AND locked_by = :token', { id: row.id, token: row.lockedBy })
        .execute(),
    );
  }

  /** Puts a job back in the queue, due now, with its attempts counted afresh. */
  async requeue(id: string, now: Date): Promise<boolean> {
    const result = await this.transactions.run((m) =>
      m
        .createQueryBuilder()
        .update(OutboxJobEntity)
        .set({ status: 'pending', attempts: 0, availableAt: now, lockedUntil: null, lockedBy: null, finishedAt: null })
        .where('id = :id', { id })
        .execute(),
    );
    return (result.affected ?? 0) > 0;
  }

  countDue(now: Date): Promise<number> {
    return this.dataSource
      .createQueryBuilder(OutboxJobEntity, 'j')
      .where('j.status = :pending AND j.available_at <= :now', { pending: 'pending', now: dbDate(now) })
      .getCount();
  }

  /** Jobs waiting and dead, per consumer (for /metrics and the CLI). */
  async backlog(): Promise<OutboxBacklog[]> {
    const rows = await this.dataSource
      .createQueryBuilder(OutboxJobEntity, 'j')
      .select('j.consumer', 'consumer')
      .addSelect('j.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .where('j.status IN (:...statuses)', { statuses: ['pending', 'dead'] })
      .groupBy('j.consumer')
      .addGroupBy('j.status')
      .getRawMany<{ consumer: string; status: string; count: string | number }>();
    const byConsumer = new Map<string, OutboxBacklog>();
    for (const row of rows) {
      const entry = byConsumer.get(row.consumer) ?? { consumer: row.consumer, pending: 0, dead: 0, oldestPendingAt: null };
      if (row.status === 'pending') entry.pending = Number(row.count);
      else entry.dead = Number(row.count);
      byConsumer.set(row.consumer, entry);
    }
    const jobs = this.dataSource.getRepository(OutboxJobEntity);
    for (const entry of byConsumer.values()) {
      if (entry.pending === 0) continue;
      // One indexed lookup per consumer (consumer, status), not a scan: there are only a few consumers.
      const oldest = await jobs.findOne({ where: { consumer: entry.consumer, status: 'pending' }, order: { availableAt: 'ASC' } });
      entry.oldestPendingAt = oldest?.availableAt ?? null;
    }
    return [...byConsumer.values()].sort((a, b) => a.consumer.localeCompare(b.consumer));
  }

  /** The latest failed jobs, retrying or dead, newest first (for the CLI's `outbox`). */
  async recentFailures(limit: number): Promise<OutboxFailure[]> {
    const rows = await this.dataSource
      .createQueryBuilder(OutboxJobEntity, 'j')
      .where('j.status IN (:...statuses) AND j.last_error IS NOT NULL', { statuses: ['pending', 'dead'] })
      .orderBy('j.created_at', 'DESC')
      .addOrderBy('j.id', 'DESC')
      .limit(limit)
      .getMany();
    return rows.map((row) => ({
      id: row.id,
      consumer: row.consumer,
      type: row.type,
      status: row.status as 'pending' | 'dead',
      attempts: row.attempts,
      maxAttempts: row.maxAttempts,
      at: row.status === 'dead' ? (row.finishedAt ?? row.availableAt) : row.availableAt,
      lastError: row.lastError ?? '',
    }));
  }
}

import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../common/util/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { dbDate } from '../database/column-types.js';
import { Transactions } from '../database/transactions.js';
import { OutboxJobEntity } from './outbox-job.entity.js';

/** Something that happened, recorded in the transaction that made it happen. */
export interface DomainEvent<D extends object = object> {
  /** article.published, article.updated, media.created… */
  type: string;
  /** Not to be acted on before (an embargo's end); default now. */
  availableAt?: Date;
  data: D;
}

export interface OutboxJob<P = object> {
  id: string;
  consumer: string;
  type: string;
  payload: P;
  /** 1 on the first attempt. */
  attempt: number;
  maxAttempts: number;
  createdAt: Date;
}

export interface JobInput<P extends object = object> {
  consumer: string;
  type: string;
  payload: P;
  /** A job with a key already recorded is skipped: this is how "once per subscriber and article" holds. */
  dedupeKey?: string;
  availableAt?: Date;
}

export interface ConsumerOptions {
  /** The domain events this consumer reacts to; none: it runs only the jobs queued for it by name. */
  events?: readonly string[];
  maxAttempts?: number;
  /** Delay before retry number `attempt` (1-based) after a failure. */
  backoffMs?: (attempt: number) => number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each consumer knows its own payload shape
type Handler = (job: OutboxJob<any>) => Promise<void>;
interface Consumer {
  handler: Handler;
  events: readonly string[];
  maxAttempts: number;
  backoffMs: (attempt: number) => number;
}

/** 1 s, 2 s, 4 s … capped at 10 minutes, with ±20 % jitter so a recovered target is not hit by every retry at once. */
export const exponentialBackoff = (attempt: number): number => {
  const base = Math.min(1000 * 2 ** (attempt - 1), 600_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
};

export interface OutboxBacklog {
  consumer: string;
  pending: number;
  dead: number;
}

/**
 * The transactional outbox. A change records its consequences (`publish` a domain
 * event, `enqueue` a job) in its own transaction, so either both are saved or
 * neither. A worker on every instance then claims due jobs (a lease, so a job is run
 * by one instance at a time and a crashed instance's claim lapses), runs the
 * consumer's handler and marks the job done, or schedules a retry with backoff, or
 * after the last attempt marks it dead, where it stays visible for a replay.
 * Delivery is at least once; handlers that must be once-only say so with dedupe keys.
 */
@Injectable()
export class Outbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private readonly consumers = new Map<string, Consumer>();
  private readonly committedListeners: ((event: DomainEvent) => Promise<void>)[] = [];
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Called by consumer modules while the app initialises (onModuleInit). */
  register(consumer: string, handler: Handler, options: ConsumerOptions = {}): void {
    if (this.consumers.has(consumer)) throw new Error(`Outbox consumer "${consumer}" is registered twice.`);
    this.consumers.set(consumer, {
      handler,
      events: options.events ?? [],
      maxAttempts: options.maxAttempts ?? 10,
      backoffMs: options.backoffMs ?? exponentialBackoff,
    });
  }

  /**
   * In-process listeners told of every domain event right after its transaction commits
   * and before the write returns (cache invalidation); not retried, not across instances.
   * Durable work belongs in a consumer.
   */
  onCommitted(listener: (event: DomainEvent) => Promise<void>): void {
    this.committedListeners.push(listener);
  }

  /** Records a domain event in the caller's transaction: one job for each consumer that listens to its type. */
  async publish(manager: EntityManager, event: DomainEvent): Promise<void> {
    if (this.committedListeners.length > 0) {
      this.transactions.afterCommit(manager, async () => {
        for (const listener of this.committedListeners) {
          await listener(event).catch((error: unknown) => this.logger.error(`After-commit listener failed on ${event.type}: ${describe(error)}`));
        }
      });
    }
    const jobs = [...this.consumers.entries()]
      .filter(([, consumer]) => consumer.events.includes(event.type))
      .map(([name]) => ({ consumer: name, type: event.type, payload: event.data, availableAt: event.availableAt }));
    await this.enqueue(manager, jobs);
  }

  /**
   * Records jobs, in the caller's transaction when given one. Returns how many were
   * new (a job whose dedupe key is already recorded is skipped).
   */
  async enqueue(manager: EntityManager | null, jobs: JobInput[]): Promise<number> {
    if (jobs.length === 0) return 0;
    const now = this.clock.now();
    const rows = jobs.map((job) => {
      const consumer = this.consumers.get(job.consumer);
      if (!consumer) throw new Error(`No outbox consumer named "${job.consumer}".`);
      return {
        id: randomUUID(),
        consumer: job.consumer,
        type: job.type,
        dedupeKey: job.dedupeKey ?? null,
        payload: job.payload,
        status: 'pending' as const,
        attempts: 0,
        maxAttempts: consumer.maxAttempts,
        availableAt: job.availableAt && job.availableAt > now ? job.availableAt : now,
        lockedUntil: null,
        lockedBy: null,
        lastError: null,
        createdAt: now,
        finishedAt: null,
      };
    });
    const write = async (m: EntityManager) => {
      let inserted = 0;
      // Chunks keep each statement under SQLite's bound-parameter limit.
      for (let i = 0; i < rows.length; i += 200) {
        const chunk = rows.slice(i, i + 200);
        if (chunk.some((row) => row.dedupeKey)) {
          const before = await this.countByKeys(
            m,
            chunk.flatMap((row) => (row.dedupeKey ? [row.dedupeKey] : [])),
          );
          await m.createQueryBuilder().insert().into(OutboxJobEntity).values(chunk).orIgnore().execute();
          inserted += chunk.length - before;
        } else {
          await m.insert(OutboxJobEntity, chunk);
          inserted += chunk.length;
        }
      }
      this.transactions.afterCommit(m, () => this.kick());
      return inserted;
    };
    return manager ? write(manager) : this.transactions.run(write);
  }

  private countByKeys(manager: EntityManager, keys: string[]): Promise<number> {
    return manager.createQueryBuilder(OutboxJobEntity, 'j').where('j.dedupe_key IN (:...keys)', { keys }).getCount();
  }

  /** Puts a job back in the queue at once (a replay of a delivered or dead job). */
  async retry(id: string): Promise<boolean> {
    const result = await this.transactions.run((m) =>
      m
        .createQueryBuilder()
        .update(OutboxJobEntity)
        .set({ status: 'pending', attempts: 0, availableAt: this.clock.now(), lockedUntil: null, lockedBy: null, finishedAt: null })
        .where('id = :id', { id })
        .execute(),
    );
    if (result.affected) this.kick();
    return (result.affected ?? 0) > 0;
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
      const entry = byConsumer.get(row.consumer) ?? { consumer: row.consumer, pending: 0, dead: 0 };
      if (row.status === 'pending') entry.pending = Number(row.count);
      else entry.dead = Number(row.count);
      byConsumer.set(row.consumer, entry);
    }
    return [...byConsumer.values()].sort((a, b) => a.consumer.localeCompare(b.consumer));
  }

  onApplicationBootstrap(): void {
    // Catch up at start (work recorded while no instance ran), then poll for retries and other instances' jobs.
    this.kick();
    if (this.config.outbox.pollMs > 0) {
      this.timer = setInterval(() => this.kick(), this.config.outbox.pollMs);
      this.timer.unref();
    }
  }

  /** Stops claiming new work and waits for the jobs in hand (graceful shutdown). */
  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.draining;
  }

  /** Runs due jobs soon; calls while a run is going on make it look once more when done. */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: unknown) => this.logger.error(`Outbox run failed: ${describe(error)}`))
      .finally(() => {
        this.draining = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Runs every job due now, batch by batch; resolves when none is left (tests await it through `settle`). */
  private async drain(): Promise<void> {
    while (!this.stopped) {
      const jobs = await this.claim();
      if (jobs.length === 0) return;
      await runLimited(jobs, this.config.outbox.concurrency, (job) => this.runOne(job));
    }
  }

  /** Waits until no job is due (tests, and the CLI before exit). */
  async settle(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      this.kick();
      // A kick during a run makes another run follow it: wait until none is going on, or it would outlive settle().
      while (this.draining) await this.draining;
      const due = await this.dataSource
        .createQueryBuilder(OutboxJobEntity, 'j')
        .where('j.status = :pending AND j.available_at <= :now', { pending: 'pending', now: dbDate(this.clock.now()) })
        .getCount();
      if (due === 0 || Date.now() > until) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Leases a batch of due jobs to this instance; a job another instance holds or just took is not taken. */
  private async claim(): Promise<OutboxJobEntity[]> {
    const now = this.clock.now();
    // One token per batch; the instance is told apart in logs by the job's lease, not by this column.
    const token = randomUUID();
    const names = [...this.consumers.keys()];
    if (names.length === 0) return [];
    const claimable = '(status = :pending AND available_at <= :now AND (locked_until IS NULL OR locked_until < :now) AND consumer IN (:...names))';
    const params = { pending: 'pending', now: dbDate(now), names };
    await this.transactions.run(async (manager) => {
      const due = manager
        .createQueryBuilder(OutboxJobEntity, 'due')
        .select('due.id')
        .where(claimable.replaceAll(/\b(status|available_at|locked_until|consumer)\b/g, 'due.$1'))
        .orderBy('due.available_at', 'ASC')
        .limit(this.config.outbox.batchSize);
      await manager
        .createQueryBuilder()
        .update(OutboxJobEntity)
        .set({ lockedBy: token, lockedUntil: new Date(now.getTime() + this.config.outbox.leaseMs), attempts: () => 'attempts + 1' })
        // The condition again on the row itself: on PostgreSQL, a row another instance claimed meanwhile is re-checked and skipped.
        .where(`id IN (${due.getQuery()}) AND ${claimable}`)
        .setParameters(params)
        .execute();
    });
    return this.dataSource.getRepository(OutboxJobEntity).find({ where: { lockedBy: token, status: 'pending' }, order: { availableAt: 'ASC' } });
  }

  private async runOne(row: OutboxJobEntity): Promise<void> {
    const consumer = this.consumers.get(row.consumer)!;
    const job: OutboxJob = {
      id: row.id,
      consumer: row.consumer,
      type: row.type,
      payload: row.payload,
      attempt: row.attempts,
      maxAttempts: row.maxAttempts,
      createdAt: row.createdAt,
    };
    try {
      await consumer.handler(job);
      await this.finish(row, { status: 'done', lastError: null });
    } catch (error) {
      const message = describe(error).slice(0, 2000);
      if (row.attempts >= row.maxAttempts) {
        this.logger.error(`${row.consumer} ${row.type} job ${row.id} failed for good after ${row.attempts} attempts: ${message}`);
        await this.finish(row, { status: 'dead', lastError: message });
      } else {
        const delay = consumer.backoffMs(row.attempts);
        this.logger.warn(
          `${row.consumer} ${row.type} job ${row.id} failed (attempt ${row.attempts} of ${row.maxAttempts}), retrying in ${delay} ms: ${message}`,
        );
        await this.finish(row, { status: 'pending', lastError: message, availableAt: new Date(this.clock.now().getTime() + delay) });
      }
    }
  }

  private finish(row: OutboxJobEntity, changes: Partial<Pick<OutboxJobEntity, 'status' | 'lastError' | 'availableAt'>>): Promise<unknown> {
    const done = changes.status !== 'pending';
    return this.transactions.run((m) =>
      m
        .createQueryBuilder()
        .update(OutboxJobEntity)
        .set({ ...changes, lockedBy: null, lockedUntil: null, finishedAt: done ? this.clock.now() : null })
        // Only while the claim is still ours: a lapsed lease handed to another instance is theirs to finish.
        .where('id = :id AND locked_by = :token', { id: row.id, token: row.lockedBy })
        .execute(),
    );
  }
}

async function runLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../common/util/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { Transactions } from '../database/transactions.js';
import type { OutboxJobEntity } from './outbox-job.entity.js';
import { OutboxRepository, type OutboxBacklog, type OutboxFailure } from './outbox.repository.js';

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

/** Thrown by a handler for a failure no retry can fix (a recipient the mail server refuses): the job is dead at once. */
export class PermanentFailure extends Error {
  override name = 'PermanentFailure';
}

/** 1 s, 2 s, 4 s … capped at 10 minutes, with ±20 % jitter so a recovered target is not hit by every retry at once. */
export const exponentialBackoff = (attempt: number): number => {
  const base = Math.min(1000 * 2 ** (attempt - 1), 600_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
};

export type { OutboxBacklog, OutboxFailure } from './outbox.repository.js';

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
    private readonly repository: OutboxRepository,
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
      const inserted = await this.repository.insert(m, rows);
      this.transactions.afterCommit(m, () => this.kick());
      return inserted;
    };
    return manager ? write(manager) : this.transactions.run(write);
  }

  /** Puts a job back in the queue at once (a replay of a delivered or dead job). */
  async retry(id: string): Promise<boolean> {
    const found = await this.repository.requeue(id, this.clock.now());
    if (found) this.kick();
    return found;
  }

  /** Jobs waiting and dead, per consumer (for /metrics and the CLI). */
  backlog(): Promise<OutboxBacklog[]> {
    return this.repository.backlog();
  }

  /** The latest failed jobs, retrying or dead, newest first (for the CLI's `outbox`). */
  recentFailures(limit = 10): Promise<OutboxFailure[]> {
    return this.repository.recentFailures(limit);
  }

  onApplicationBootstrap(): void {
    // Catch up at start (work recorded while no instance ran), then poll for retries and other instances' jobs.
    this.kick();
    if (this.config.outbox.pollMs > 0 && this.config.outbox.worker) {
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
    if (this.stopped || !this.config.outbox.worker) return;
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
      const { batchSize, leaseMs } = this.config.outbox;
      const jobs = await this.repository.claim(this.clock.now(), [...this.consumers.keys()], batchSize, leaseMs);
      if (jobs.length === 0) return;
      await runLimited(jobs, this.config.outbox.concurrency, (job) => this.runOne(job));
    }
  }

  /** Waits until no job is due (tests, and the CLI before exit). */
  async settle(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      this.kick();
      // A kick during a run starts another right after it: wait for that one too, so "settled" means idle.
      while (this.draining) await this.draining;
      const due = await this.repository.countDue(this.clock.now());
      if (due === 0 || Date.now() > until) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
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
      if (row.attempts >= row.maxAttempts || error instanceof PermanentFailure) {
        this.logger.error(`${row.consumer} ${row.type} job ${row.id} failed for good after ${row.attempts} attempt(s): ${message}`);
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
    return this.repository.finish(row, changes, this.clock.now());
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

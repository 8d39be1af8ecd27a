import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * How many times a SQLite transaction that met another process's write is run in all, and the longest
 * pause before a retry. An attempt that failed only after waiting (the busy timeout ran out: another
 * process holds the lock for long, a backup say) is not retried: five more waits would hold every write
 * of this process behind it.
 */
const SQLITE_BUSY_ATTEMPTS = 5;
const SQLITE_BUSY_PAUSE_MS = 50;
const SQLITE_BUSY_RETRY_WITHIN_MS = 1000;

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_SNAPSHOT…), as better-sqlite3 names them. */
const isSqliteBusy = (error: unknown): boolean => {
  const code =
    (error as { driverError?: { code?: unknown }; code?: unknown } | null)?.driverError?.code ?? (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
};

/**
 * The one way to run a write transaction. SQLite has one connection per process, on
 * which TypeORM cannot nest or interleave transactions: there they queue, one after
 * the other (PostgreSQL runs them side by side on its pool; row locks and versioned
 * writes keep them apart). Work that must wait for the commit (waking the outbox
 * worker, purging a cache) registers with `afterCommit`; it runs only if the
 * transaction commits, and `run` resolves after it.
 *
 * On SQLite another process may write the same file (two instances on one database). A
 * transaction that read before its first write then finds its snapshot stale, and SQLite
 * answers SQLITE_BUSY at once, whatever the busy timeout: the transaction is rolled back and
 * run again (a few times, after a short random pause), as SQLite's documentation advises. One that
 * waited out the busy timeout first is not (SQLITE_BUSY_RETRY_WITHIN_MS).
 */
@Injectable()
export class Transactions {
  private queue: Promise<void> = Promise.resolve();
  private readonly pending = new WeakMap<EntityManager, (() => void | Promise<void>)[]>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get dialect(): 'sqlite' | 'postgres' {
    return this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    let hooks: (() => void | Promise<void>)[] = [];
    const attempt = () => {
      // A rolled-back attempt's hooks go with it.
      hooks = [];
      return this.dataSource.transaction((manager) => {
        this.pending.set(manager, hooks);
        return work(manager);
      });
    };
    const execute = async () => {
      for (let tries = 1; ; tries++) {
        const started = performance.now();
        try {
          return await attempt();
        } catch (error) {
          const waited = performance.now() - started >= SQLITE_BUSY_RETRY_WITHIN_MS;
          if (this.dialect !== 'sqlite' || !isSqliteBusy(error) || waited || tries >= SQLITE_BUSY_ATTEMPTS) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * SQLITE_BUSY_PAUSE_MS));
        }
      }
    };
    let result: T;
    if (this.dialect === 'postgres') {
      result = await execute();
    } else {
      const run = this.queue.then(execute);
      this.queue = run.then(
        () => undefined,
        () => undefined,
      );
      result = await run;
    }
    // Awaited: what must be true when the write's response returns (a purged cache) is done by then.
    for (const hook of hooks) await hook();
    return result;
  }

  /** Runs `hook` once the transaction of `manager` has committed (at once, if `manager` is not in one of ours). */
  afterCommit(manager: EntityManager, hook: () => void | Promise<void>): void {
    const hooks = this.pending.get(manager);
    if (hooks) hooks.push(hook);
    else void hook();
  }
}

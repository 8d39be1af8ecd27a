import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * The one way to run a write transaction. SQLite has one connection per process, on
 * which TypeORM cannot nest or interleave transactions: there they queue, one after
 * the other (PostgreSQL runs them side by side on its pool; row locks and versioned
 * writes keep them apart). Work that must wait for the commit (waking the outbox
 * worker, purging a cache) registers with `afterCommit`; it runs only if the
 * transaction commits, and `run` resolves after it.
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
    const hooks: (() => void | Promise<void>)[] = [];
    const execute = () =>
      this.dataSource.transaction((manager) => {
        this.pending.set(manager, hooks);
        return work(manager);
      });
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

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { Transactions } from './transactions.js';

/**
 * Two processes on one SQLite file: a transaction that read before another process's write
 * commits can't write on its stale snapshot (SQLITE_BUSY at once, whatever the busy timeout).
 */
describe('Transactions on SQLite shared with another process', () => {
  let dir: string;
  let dataSource: DataSource;
  let other: Database.Database;
  let transactions: Transactions;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cms-tx-'));
    const file = join(dir, 'shared.sqlite');
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: file,
      prepareDatabase: (db: Database.Database) => {
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 5000');
      },
    });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE jobs (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    other = new Database(file);
    other.pragma('busy_timeout = 5000');
    transactions = new Transactions(dataSource);
  });
  after(async () => {
    other?.close();
    await dataSource?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the transaction again when another process wrote between its read and its write, and commits it once', async () => {
    let attempts = 0;
    let hooks = 0;
    const counted = await transactions.run(async (manager) => {
      attempts++;
      const [{ n }] = (await manager.query('SELECT count(*) AS n FROM jobs')) as { n: number }[];
      // Registered before the write that fails: the rolled-back attempt's hook must not run.
      transactions.afterCommit(manager, () => void hooks++);
      // The other instance commits a job while this transaction holds its read snapshot (first attempt only).
      if (attempts === 1) other.prepare("INSERT INTO jobs (name) VALUES ('from the other instance')").run();
      await manager.query("INSERT INTO jobs (name) VALUES ('ours')");
      return n;
    });
    assert.equal(attempts, 2, 'the first attempt met SQLITE_BUSY and was run again');
    assert.equal(counted, 1, "the second attempt saw the other instance's job");
    assert.equal(hooks, 1, "a rolled-back attempt's after-commit work is dropped");
    const names = (other.prepare('SELECT name FROM jobs ORDER BY id').all() as { name: string }[]).map((r) => r.name);
    assert.deepEqual(names, ['from the other instance', 'ours']);
  });

  it('gives up after a few attempts and rethrows, writing nothing', async () => {
    const jobsBefore = (other.prepare('SELECT count(*) AS n FROM jobs').get() as { n: number }).n;
    let attempts = 0;
    await assert.rejects(
      transactions.run(async (manager) => {
        attempts++;
        await manager.query('SELECT count(*) FROM jobs');
        other.prepare("INSERT INTO jobs (name) VALUES ('again')").run();
        await manager.query("INSERT INTO jobs (name) VALUES ('never')");
      }),
      (error: { driverError?: { code?: string } }) => String(error.driverError?.code).startsWith('SQLITE_BUSY'),
    );
    assert.equal(attempts, 5);
    const names = (other.prepare('SELECT name FROM jobs').all() as { name: string }[]).map((r) => r.name);
    assert.equal(names.length, jobsBefore + 5, "only the other instance's five jobs were written");
    assert.ok(!names.includes('never'));
  });
});

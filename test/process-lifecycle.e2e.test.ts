import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { login, processDatabase, startServerProcess, type ProcessDatabase } from './support/server-process.js';

/**
 * The production server as a process: SIGTERM under write load drains every request
 * already sent and exits 0; kill -9 under write load loses no acknowledged write and
 * leaves the database consistent (article, revision and outbox rows agree).
 */

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const PARAGRAPH = { type: 'paragraph', text: 'A paragraph of a story written under load.' };

interface Outcome {
  status: number | 'error';
  id?: string;
  error?: string;
}

async function createAndPublish(url: string, token: string, n: number): Promise<Outcome> {
  try {
    const created = await fetch(`${url}/api/v1/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ headline: `Load ${n}`, section: 'russia', body: [PARAGRAPH] }),
    });
    if (created.status !== 201) return { status: created.status };
    const { id } = (await created.json()) as { id: string };
    const published = await fetch(`${url}/api/v1/articles/${id}/publish`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    return { status: published.status, id };
  } catch {
    return { status: 'error' };
  }
}

/**
 * A create sent over a connection of its own; `sent` resolves once the whole request
 * has been written to the server's socket, `answer` with the status and id.
 */
function sendCreate(url: string, token: string, n: number): { sent: Promise<void>; answer: Promise<Outcome> } {
  let markSent!: () => void;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const body = JSON.stringify({ headline: `Drain ${n}`, section: 'russia', body: [PARAGRAPH] });
  const answer = new Promise<Outcome>((resolve) => {
    const req = httpRequest(
      `${url}/api/v1/articles`,
      {
        method: 'POST',
        agent: false,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, id: res.statusCode === 201 ? (JSON.parse(text) as { id: string }).id : undefined }),
        );
      },
    );
    req.on('finish', markSent);
    req.on('error', (error: NodeJS.ErrnoException) => {
      markSent();
      resolve({ status: 'error', error: error.code ?? error.message });
    });
    req.end(body);
  });
  return { sent, answer };
}

describe(`The server process (${DIALECT})`, () => {
  let db: ProcessDatabase;

  before(async () => {
    db = await processDatabase();
  });
  after(() => db.drop());

  it('SIGTERM under load: every request the server has received is answered, then exit 0', async (ctx) => {
    const server = await startServerProcess(db, { SHUTDOWN_GRACE_MS: '20000' });
    const token = await login(server.url);
    // Every request has reached the server (its received counter says so), then the signal.
    const received = async () => Number(/^http_requests_received_total (\d+)/m.exec(await (await fetch(`${server.url}/metrics`)).text())?.[1] ?? 0);
    const before = await received();
    const requests = Array.from({ length: 100 }, (_, n) => sendCreate(server.url, token, n));
    await Promise.all(requests.map((r) => r.sent));
    const deadline = Date.now() + 30_000;
    for (;;) {
      // Each poll is one more request itself.
      const got = (await received()) - before;
      if (got >= requests.length + 1) break;
      assert.ok(Date.now() < deadline, `the server received only ${got} of ${requests.length} requests`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const signalled = performance.now();
    server.child.kill('SIGTERM');
    const outcomes = await Promise.all(requests.map((r) => r.answer));
    const { code } = await server.exited;
    const drainMs = performance.now() - signalled;
    assert.equal(code, 0, server.output().slice(-2000));
    const tally = new Map<string, number>();
    for (const o of outcomes) tally.set(`${o.status} ${o.error ?? ''}`, (tally.get(`${o.status} ${o.error ?? ''}`) ?? 0) + 1);
    assert.deepEqual(
      outcomes.filter((o) => o.status !== 201),
      [],
      `every request received before SIGTERM got its 201: ${JSON.stringify([...tally])}\n${server.output().slice(-1500)}`,
    );
    assert.match(server.output(), /Stopped cleanly in \d+ ms/);
    ctx.diagnostic(`SIGTERM with ${requests.length} creates in flight: all answered 201, drained and exited 0 in ${drainMs.toFixed(0)} ms`);

    // Every acknowledged write is there after a restart; a request after the stop finds nobody listening.
    const again = await startServerProcess(db);
    try {
      const editor = await login(again.url);
      for (const outcome of outcomes) {
        const res = await fetch(`${again.url}/api/v1/articles/${outcome.id}`, { headers: { authorization: `Bearer ${editor}` } });
        assert.equal(res.status, 200);
      }
    } finally {
      again.child.kill('SIGTERM');
      assert.equal((await again.exited).code, 0);
    }
  });

  it('kill -9 under load: every acknowledged write survives and the database is consistent', async (ctx) => {
    const server = await startServerProcess(db);
    const token = await login(server.url);
    const outcomes: Outcome[] = [];
    const writers = Array.from({ length: 200 }, (_, n) => createAndPublish(server.url, token, 1000 + n).then((o) => outcomes.push(o)));
    // Kill it mid-stream: once a good part of the writes are acknowledged, with the rest in flight.
    const deadline = Date.now() + 60_000;
    while (outcomes.filter((o) => o.status === 200).length < 60 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    server.child.kill('SIGKILL');
    await Promise.all(writers);
    await server.exited;
    const published = outcomes.filter((o) => o.status === 200).map((o) => o.id!);
    const createdOnly = outcomes.filter((o) => o.id && o.status !== 200).map((o) => o.id!);
    assert.ok(published.length >= 60 && outcomes.some((o) => o.status === 'error'), 'the kill landed while writes were in flight');

    const again = await startServerProcess(db);
    try {
      const editor = await login(again.url);
      for (const id of [...published, ...createdOnly]) {
        const res = await fetch(`${again.url}/api/v1/articles/${id}`, { headers: { authorization: `Bearer ${editor}` } });
        assert.equal(res.status, 200, `acknowledged article ${id} is there`);
        const article = (await res.json()) as { status: string; version: number };
        if (published.includes(id)) assert.equal(article.status, 'published', 'an acknowledged publish is kept');
      }
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
    const found = await consistency(db);
    assert.deepEqual(found.problems, [], 'every article has a revision for each version, and every published one its outbox event');
    ctx.diagnostic(
      `kill -9 after ${published.length} acknowledged create+publish pairs (${createdOnly.length} creates acknowledged without their publish, ${outcomes.filter((o) => o.status === 'error').length} cut off): all ${published.length + createdOnly.length} found; integrity ${found.integrity}`,
    );
  });
});

/** Checks the database directly: SQLite's integrity_check, and rows that must agree. */
async function consistency(db: ProcessDatabase): Promise<{ integrity: string; problems: string[] }> {
  const problems: string[] = [];
  let integrity: string;
  type Query = (sql: string) => Promise<Record<string, unknown>[]>;
  let query: Query;
  let close: () => Promise<void>;
  if (db.env.DATABASE_URL) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: db.env.DATABASE_URL });
    await client.connect();
    query = async (sql) => (await client.query(sql)).rows;
    close = () => client.end();
    integrity = 'PostgreSQL transactions';
  } else {
    const { default: Database } = await import('better-sqlite3');
    const sqlite = new Database(`${db.dataDir}/cms.sqlite`);
    query = async (sql) => sqlite.prepare(sql).all() as Record<string, unknown>[];
    close = async () => void sqlite.close();
    integrity = String((await query('PRAGMA integrity_check'))[0].integrity_check);
    if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
    const fk = await query('PRAGMA foreign_key_check');
    if (fk.length) problems.push(`foreign_key_check: ${JSON.stringify(fk.slice(0, 3))}`);
  }
  try {
    const missingRevision = await query(
      'SELECT a.id, a.version FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_revisions r WHERE r.article_id = a.id AND r.version = a.version)',
    );
    if (missingRevision.length) problems.push(`articles without the revision of their version: ${missingRevision.length}`);
    const missingEvent = await query(
      `SELECT a.id FROM articles a WHERE a.status = 'published' AND a.headline LIKE 'Load %' AND NOT EXISTS (SELECT 1 FROM outbox_jobs j WHERE j.type = 'article.published' AND j.payload LIKE '%' || CAST(a.id AS TEXT) || '%')`,
    );
    if (missingEvent.length) problems.push(`published articles without their outbox event: ${missingEvent.length}`);
  } finally {
    await close();
  }
  return { integrity, problems };
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { ArticleEventData } from '../src/articles/article-events.js';
import { CLOCK, type Clock } from '../src/common/util/clock.js';
import { Outbox, type OutboxJob } from '../src/outbox/outbox.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The outbox behind realtime, email and webhooks: an article's domain event is recorded
 * in the transaction of the change (none for a change that fails), reaches each
 * listening consumer once the change commits, is retried after a failure, waits for an
 * embargo to end, and a once-only key keeps a job from being recorded twice.
 */

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const PARAGRAPH = { type: 'paragraph', text: 'A paragraph.' };

describe(`Outbox (${DIALECT})`, () => {
  let t: TestApp;
  let editor: string;
  let outbox: Outbox;
  let clock: Clock;
  const seen: OutboxJob<ArticleEventData>[] = [];
  let failuresLeft = 0;
  const jobsTable = () =>
    t.app
      .get<DataSource>(getDataSourceToken())
      .query(`SELECT consumer, type, status, attempts, payload FROM outbox_jobs WHERE consumer LIKE 'test-%'`);

  before(async () => {
    t = await startTestApp({ env: { OUTBOX_POLL_MS: '0' } });
    editor = await t.token('editor');
    outbox = t.app.get(Outbox);
    clock = t.app.get<Clock>(CLOCK);
    outbox.register(
      'test-listener',
      async (job: OutboxJob<ArticleEventData>) => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('receiver down');
        }
        seen.push(job);
      },
      { events: ['article.published', 'article.unpublished'], backoffMs: () => 0, maxAttempts: 3 },
    );
    outbox.register('test-once', async () => {}, {});
  });
  after(() => t.close());

  async function draft(headline: string, extra: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
    const res = await t.request('POST', '/api/v1/articles', { token: editor, body: { headline, section: 'russia', body: [PARAGRAPH], ...extra } });
    assert.equal(res.status, 201, res.text);
    return res.body;
  }

  it('delivers a publish to the listening consumer once, with the article in the event, and no draft save', async () => {
    seen.length = 0;
    const article = await draft('Outbox: a publish');
    await t.request('PATCH', `/api/v1/articles/${article.id}`, { token: editor, headers: { 'If-Match': '"1"' }, body: { lead: 'Still a draft' } });
    const published = await t.request('POST', `/api/v1/articles/${article.id}/publish`, { token: editor });
    assert.equal(published.status, 200, published.text);
    await outbox.settle();
    const mine = seen.filter((job) => job.payload.articleId === article.id);
    assert.equal(mine.length, 1, 'one event for one publish; the draft save and the create are not published events');
    assert.equal(mine[0].type, 'article.published');
    assert.equal(mine[0].payload.headline, 'Outbox: a publish');
    assert.equal(mine[0].payload.previousStatus, 'draft');
    assert.equal(mine[0].payload.version, 3);
  });

  it('retries a failing consumer with backoff until it succeeds, and counts the attempts', async () => {
    seen.length = 0;
    failuresLeft = 2;
    const article = await draft('Outbox: a retry');
    await t.request('POST', `/api/v1/articles/${article.id}/publish`, { token: editor });
    await outbox.settle();
    const mine = seen.filter((job) => job.payload.articleId === article.id);
    assert.equal(mine.length, 1);
    assert.equal(mine[0].attempt, 3, 'two failures, then success on the third attempt');
    // This consumer's job: other consumers (webhooks…) hear the same event.
    const rows = (await jobsTable()).filter(
      (r: { consumer: string; type: string; payload: string }) =>
        r.consumer === 'test-listener' && r.payload.includes(article.id) && r.type === 'article.published',
    );
    assert.deepEqual(
      rows.map((r: { status: string; attempts: number }) => [r.status, Number(r.attempts)]),
      [['done', 3]],
    );
  });

  it('gives up after the last attempt and keeps the job, dead, for a replay that then delivers it', async () => {
    seen.length = 0;
    failuresLeft = 3;
    const article = await draft('Outbox: a dead job');
    await t.request('POST', `/api/v1/articles/${article.id}/publish`, { token: editor });
    await outbox.settle();
    assert.equal(seen.filter((job) => job.payload.articleId === article.id).length, 0);
    assert.deepEqual(
      (await outbox.backlog()).filter((b) => b.consumer.startsWith('test-')),
      [{ consumer: 'test-listener', pending: 0, dead: 1, oldestPendingAt: null }],
    );
    const dead = (await jobsTable()).find((r: { status: string }) => r.status === 'dead');
    const id = (
      await t.app.get<DataSource>(getDataSourceToken()).query(`SELECT id FROM outbox_jobs WHERE status = 'dead' AND consumer = 'test-listener'`)
    )[0].id as string;
    assert.ok(dead);
    assert.equal(await outbox.retry(id), true);
    await outbox.settle();
    assert.equal(seen.filter((job) => job.payload.articleId === article.id).length, 1);
    assert.deepEqual(
      (await outbox.backlog()).filter((b) => b.consumer.startsWith('test-')),
      [],
    );
  });

  it('records nothing for a change that fails (a stale version) and nothing twice for a once-only key', async () => {
    const article = await draft('Outbox: a stale write');
    const before = (await jobsTable()).length;
    const stale = await t.request('PATCH', `/api/v1/articles/${article.id}`, { token: editor, headers: { 'If-Match': '"7"' }, body: { lead: 'x' } });
    assert.equal(stale.status, 412);
    assert.equal((await jobsTable()).length, before);
    assert.equal(await outbox.enqueue(null, [{ consumer: 'test-once', type: 'x', payload: {}, dedupeKey: 'once:1' }]), 1);
    assert.equal(await outbox.enqueue(null, [{ consumer: 'test-once', type: 'x', payload: {}, dedupeKey: 'once:1' }]), 0);
    assert.equal((await jobsTable()).length, before + 1);
  });

  it('holds the event of an embargoed article until the embargo ends', async () => {
    seen.length = 0;
    const embargo = new Date(clock.now().getTime() + 3_600_000);
    const article = await draft('Outbox: an embargo', { embargoUntil: embargo.toISOString() });
    await t.request('POST', `/api/v1/articles/${article.id}/publish`, { token: editor });
    await outbox.settle();
    assert.equal(seen.filter((job) => job.payload.articleId === article.id).length, 0, 'nothing goes out while the embargo holds');
    const realNow = clock.now.bind(clock);
    clock.now = () => new Date(embargo.getTime() + 1000);
    try {
      await outbox.settle();
      assert.equal(seen.filter((job) => job.payload.articleId === article.id).length, 1);
    } finally {
      clock.now = realNow;
    }
  });

  it('announces an unpublish to consumers listening for it', async () => {
    seen.length = 0;
    const article = await draft('Outbox: an unpublish');
    await t.request('POST', `/api/v1/articles/${article.id}/publish`, { token: editor });
    await t.request('POST', `/api/v1/articles/${article.id}/unpublish`, { token: editor });
    await outbox.settle();
    assert.deepEqual(
      seen.filter((job) => job.payload.articleId === article.id).map((job) => job.type),
      ['article.published', 'article.unpublished'],
    );
  });
});

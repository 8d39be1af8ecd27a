import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from 'graphql-ws';
import { CLOCK, type Clock } from '../src/common/util/clock.js';
import { Outbox } from '../src/outbox/outbox.service.js';
import { RealtimeService } from '../src/realtime/realtime.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { subscribe, wsClient, type Stream } from './support/ws-client.js';

/**
 * GraphQL subscriptions over graphql-ws: a publish reaches subscribers, a draft save
 * never does, filters hold, an embargo holds, limits and credentials are checked as
 * over HTTP; with PostgreSQL and Redis, a publish on one instance reaches a subscriber
 * connected to another. Fan-out to 100 clients is measured and reported.
 */

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const PARAGRAPH = { type: 'paragraph', text: 'A paragraph.' };
const FIELDS = 'id headline lead status section { slug } tags { slug }';

interface Published {
  articlePublished: { id: string; headline: string; lead: string | null; status: string; section: { slug: string } };
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe(`Realtime subscriptions (${DIALECT})`, () => {
  let t: TestApp;
  let editor: string;
  let realtime: RealtimeService;
  const clients: Client[] = [];

  before(async () => {
    t = await startTestApp({ listen: true });
    editor = await t.token('editor');
    realtime = t.app.get(RealtimeService);
    const world = await t.request('POST', '/api/v1/sections', { token: editor, body: { slug: 'world', name: 'World' } });
    assert.equal(world.status, 201, world.text);
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t.close();
  });

  const client = (params: Record<string, unknown> = {}) => {
    const c = wsClient(t.url!, params);
    clients.push(c);
    return c;
  };

  /** Subscribes and waits until the server is listening for it. */
  async function listen<T>(query: string, variables: Record<string, unknown> = {}, c = client()): Promise<Stream<T>> {
    const before = realtime.subscriptionsStarted;
    const stream = subscribe<T>(c, query, variables);
    await until(() => realtime.subscriptionsStarted > before || stream.errors.length > 0, 'the subscription to start');
    return stream;
  }

  async function draft(headline: string, extra: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
    const res = await t.request('POST', '/api/v1/articles', { token: editor, body: { headline, section: 'russia', body: [PARAGRAPH], ...extra } });
    assert.equal(res.status, 201, res.text);
    return res.body;
  }
  const publish = async (id: string) => assert.equal((await t.request('POST', `/api/v1/articles/${id}/publish`, { token: editor })).status, 200);

  it('sends a publish to a subscriber, and never a draft save', async () => {
    const stream = await listen<Published>(`subscription { articlePublished { ${FIELDS} } }`);
    const quiet = await draft('Realtime: still a draft');
    const patched = await t.request('PATCH', `/api/v1/articles/${quiet.id}`, {
      token: editor,
      headers: { 'If-Match': '"1"' },
      body: { lead: 'Draft lead' },
    });
    assert.equal(patched.status, 200);
    const article = await draft('Realtime: now live');
    await publish(article.id);
    const event = await stream.nth(1);
    assert.equal(event.articlePublished.id, article.id);
    assert.equal(event.articlePublished.headline, 'Realtime: now live');
    assert.equal(event.articlePublished.status, 'published');
    assert.equal(event.articlePublished.section.slug, 'russia');
    await t.app.get(Outbox).settle();
    assert.deepEqual(
      stream.received.map((e) => e.articlePublished.id),
      [article.id],
      'the draft and its save sent nothing',
    );
    stream.dispose();
  });

  it('stays quiet for a back-filled archive (a publish dated more than a day back), as subscriptions do', async () => {
    const stream = await listen<Published>(`subscription { articlePublished { id } }`);
    const archived = await draft('Realtime: from the archive');
    const backdated = new Date(Date.now() - 3 * 24 * 3600 * 1000).toISOString();
    const res = await t.request('POST', `/api/v1/articles/${archived.id}/publish`, { token: editor, body: { publishedAt: backdated } });
    assert.equal(res.status, 200, res.text);
    const fresh = await draft('Realtime: news again');
    await publish(fresh.id);
    assert.equal((await stream.nth(1)).articlePublished.id, fresh.id);
    await t.app.get(Outbox).settle();
    assert.deepEqual(
      stream.received.map((e) => e.articlePublished.id),
      [fresh.id],
    );
    stream.dispose();
  });

  it('filters by section and locale, and breakingNews carries breaking articles only', async () => {
    const world = await listen<Published>(`subscription { articlePublished(section: "world") { id } }`);
    const otherLocale = await listen<Published>(`subscription { articlePublished(locale: "ru") { id } }`);
    const breaking = await listen<{ breakingNews: { id: string } }>(`subscription { breakingNews(locale: "en") { id headline } }`);
    const calm = await draft('Realtime: a calm story');
    const urgent = await draft('Realtime: breaking', { isBreaking: true, section: 'world' });
    await publish(calm.id);
    await publish(urgent.id);
    assert.equal((await breaking.nth(1)).breakingNews.id, urgent.id);
    assert.equal((await world.nth(1)).articlePublished.id, urgent.id);
    await t.app.get(Outbox).settle();
    assert.deepEqual(
      world.received.map((e) => e.articlePublished.id),
      [urgent.id],
    );
    assert.deepEqual(
      breaking.received.map((e) => e.breakingNews.id),
      [urgent.id],
    );
    assert.deepEqual(otherLocale.received, [], 'no English article reaches a Russian-edition subscriber');
    [world, otherLocale, breaking].forEach((s) => s.dispose());
  });

  it('holds an embargoed article until the embargo ends', async () => {
    const clock = t.app.get<Clock>(CLOCK);
    const stream = await listen<Published>(`subscription { articlePublished { id } }`);
    const embargo = new Date(clock.now().getTime() + 3_600_000);
    const article = await draft('Realtime: under embargo', { embargoUntil: embargo.toISOString() });
    await publish(article.id);
    await t.app.get(Outbox).settle();
    assert.deepEqual(stream.received, [], 'nothing before the embargo ends');
    const realNow = clock.now.bind(clock);
    clock.now = () => new Date(embargo.getTime() + 1000);
    try {
      await t.app.get(Outbox).settle();
      assert.equal((await stream.nth(1)).articlePublished.id, article.id);
    } finally {
      clock.now = realNow;
      stream.dispose();
    }
  });

  it('articleUpdated follows one published article as it changes', async () => {
    const article = await draft('Realtime: to be corrected');
    await publish(article.id);
    const stream = await listen<{ articleUpdated: { id: string; lead: string } }>(`subscription($id: ID!) { articleUpdated(id: $id) { id lead } }`, {
      id: article.id,
    });
    const other = await draft('Realtime: someone else');
    await t.request('PATCH', `/api/v1/articles/${other.id}`, { token: editor, headers: { 'If-Match': '"1"' }, body: { lead: 'Not followed' } });
    const patched = await t.request('PATCH', `/api/v1/articles/${article.id}`, {
      token: editor,
      headers: { 'If-Match': '"2"' },
      body: { lead: 'Corrected lead' },
    });
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual(await stream.nth(1), { articleUpdated: { id: article.id, lead: 'Corrected lead' } });
    stream.dispose();
  });

  it('refuses a bad credential, bad arguments and an over-deep operation with the HTTP codes', async () => {
    const forged = subscribe(client({ authorization: 'Bearer not-a-token' }), `subscription { articlePublished { id } }`);
    const [unauthenticated] = (await forged.failed()) as { extensions?: { code?: string } }[];
    assert.equal(unauthenticated.extensions?.code, 'INVALID_CREDENTIALS');

    const badSlug = subscribe(client(), `subscription { articlePublished(section: "../../etc") { id } }`);
    const [invalid] = (await badSlug.failed()) as { extensions?: { code?: string } }[];
    assert.ok(['VALIDATION_FAILED', 'BAD_USER_INPUT'].includes(String(invalid.extensions?.code)), JSON.stringify(invalid));

    const deep =
      'section { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { slug } } } } } } } } } } } }';
    const tooDeep = subscribe(client(), `subscription { articlePublished { ${deep} } }`);
    const [limit] = (await tooDeep.failed()) as { extensions?: { code?: string } }[];
    assert.equal(limit.extensions?.code, 'QUERY_TOO_DEEP');
  });

  it('fans a publish out to 100 connected clients (time reported)', async (ctx) => {
    const streams: Stream<Published>[] = [];
    const start = realtime.subscriptionsStarted;
    for (let i = 0; i < 100; i += 1)
      streams.push(subscribe<Published>(client(), `subscription { articlePublished { id headline section { slug } } }`));
    await until(() => realtime.subscriptionsStarted >= start + 100, '100 subscriptions');
    const article = await draft('Realtime: to a hundred readers');
    const began = performance.now();
    await publish(article.id);
    await Promise.all(streams.map((s) => s.nth(1, 30_000)));
    const ms = performance.now() - began;
    assert.ok(streams.every((s) => s.received[0].articlePublished.id === article.id));
    ctx.diagnostic(`publish → last of 100 graphql-ws clients: ${ms.toFixed(0)} ms (${DIALECT}, publish request included)`);
    streams.forEach((s) => s.dispose());
  });
});

describe(
  'Realtime across two instances (PostgreSQL + Redis)',
  { skip: !(process.env.DATABASE_URL && process.env.REDIS_URL) && 'needs DATABASE_URL and REDIS_URL' },
  () => {
    let a: TestApp;
    let b: TestApp;

    before(async () => {
      a = await startTestApp({ listen: true });
      b = await startTestApp({ shareDatabaseWith: a });
    });
    after(async () => {
      await b?.close();
      await a?.close();
    });

    it('a subscriber on instance A hears a publish made on instance B', async () => {
      const { Redis } = await import('ioredis');
      const redis = new Redis(process.env.REDIS_URL!);
      const c = wsClient(a.url!);
      try {
        const stream = subscribe<Published>(c, `subscription { articlePublished { id headline } }`);
        const channel = `${process.env.REDIS_KEY_PREFIX}realtime:article.published`;
        await until(async () => Number(((await redis.pubsub('NUMSUB', channel)) as [string, number])[1]) >= 1, 'A to subscribe in Redis');
        const editor = await b.token('editor');
        const created = await b.request('POST', '/api/v1/articles', {
          token: editor,
          body: { headline: 'Across instances', section: 'russia', body: [PARAGRAPH] },
        });
        assert.equal((await b.request('POST', `/api/v1/articles/${created.body.id}/publish`, { token: editor })).status, 200);
        const event = await stream.nth(1);
        assert.deepEqual(event.articlePublished, { id: created.body.id, headline: 'Across instances' });
      } finally {
        await c.dispose();
        redis.disconnect();
      }
    });
  },
);

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { assertGqlError, assertProblem, assertServed } from './support/assertions.js';
import { startTestApp, type HttpResponse, type TestApp } from './support/test-app.js';

/**
 * Scheduled publishing: the input rules (REST and GraphQL), what readers see before
 * and after a schedule falls due, the real timer, the catch-up at start-up after
 * downtime, and exactly-once go-lives with two instances on one database. Time is
 * moved with the CLOCK provider; only the real-timer test waits (polling, with a deadline).
 */

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const PARAGRAPH = { type: 'paragraph', text: 'A paragraph.' };
const UNKNOWN_ID = '0f0e0d0c-0b0a-4909-8807-060504030201';
/** The fake "now" of most apps here: schedules in 2030 are in the future. */
const NOW = new Date('2029-12-31T12:00:00.000Z');
const SCHEDULER_OFF = { SCHEDULER_INTERVAL_MS: '0' };
const FIELDS = 'id slug status version publishAt unpublishAt publishedAt firstPublishedAt';

type Role = 'admin' | 'editor' | 'author' | 'reader';

interface Article {
  id: string;
  slug: string;
  status: string;
  version: number;
  publishAt: string | null;
  unpublishAt: string | null;
  publishedAt: string | null;
  firstPublishedAt: string | null;
}

interface Revision {
  version: number;
  action: string;
  actorId: string | null;
  actorLabel: string;
  status: string;
}

interface RunResult {
  published: string[];
  unpublished: string[];
}

const iso = (at: Date | number) => new Date(at).toISOString();
const plus = (at: Date, ms: number) => new Date(at.getTime() + ms);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The same instant written in another offset (+03:00, say), to check it is stored in UTC. */
function withOffset(at: Date, offsetMinutes: number): string {
  const local = new Date(at.getTime() + offsetMinutes * MINUTE).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** One app with its newsroom: tokens, a section of its own, a movable clock and the scheduler's runDue. */
class Newsroom {
  tokens = {} as Record<Role, string>;
  section = '';
  private seq = 0;

  private constructor(
    readonly t: TestApp,
    private readonly clock: { now: () => Date },
    private readonly workflow: { runDue(limit?: number): Promise<RunResult> },
  ) {}

  static async open(t: TestApp, options: { section?: string; clock?: Date } = {}): Promise<Newsroom> {
    // Imported once the app is up, after reflect-metadata (as the other suites do).
    const { CLOCK } = await import('../src/common/util/clock.js');
    const { ArticleWorkflowService } = await import('../src/articles/article-workflow.service.js');
    const room = new Newsroom(t, t.app.get<{ now: () => Date }>(CLOCK), t.app.get(ArticleWorkflowService));
    if (options.clock) room.setClock(options.clock);
    for (const role of ['admin', 'editor', 'author', 'reader'] as Role[]) room.tokens[role] = await t.token(role);
    if (options.section) room.section = options.section;
    else {
      room.section = `sched-desk-${Date.now().toString(36)}`;
      const res = await room.req('POST', '/api/v1/sections', room.tokens.editor, { name: 'Scheduling Desk', slug: room.section });
      assert.equal(res.status, 201, res.text);
    }
    return room;
  }

  /**
   * Moves this app's time to `at` (it stands still there). CLOCK is a single object in
   * the process (CommonModule's useValue), so apps started side by side share it.
   */
  setClock(at: Date | string): void {
    const fixed = new Date(at).getTime();
    this.clock.now = () => new Date(fixed);
  }

  useRealClock(): void {
    this.clock.now = () => new Date();
  }

  runDue(): Promise<RunResult> {
    return this.workflow.runDue();
  }

  /** Any request; never a 5xx, never a leak. */
  async req(method: string, url: string, token?: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResponse> {
    return assertServed(await this.t.request(method, url, { token, body, headers }), `${method} ${url}`);
  }

  async gql(query: string, variables?: Record<string, unknown>, token?: string): Promise<HttpResponse> {
    return assertServed(await this.t.gql(query, variables, token), 'GraphQL');
  }

  async create(token = this.tokens.editor): Promise<Article> {
    this.seq += 1;
    const res = await this.req('POST', '/api/v1/articles', token, {
      headline: `Scheduled story ${Date.now().toString(36)} ${this.seq}`,
      section: this.section,
      body: [PARAGRAPH],
    });
    assert.equal(res.status, 201, res.text);
    return res.body as Article;
  }

  /** As the newsroom sees it (any state). */
  async get(id: string): Promise<Article> {
    const res = await this.req('GET', `/api/v1/articles/${id}`, this.tokens.editor);
    assert.equal(res.status, 200, res.text);
    return res.body as Article;
  }

  async revisions(id: string): Promise<Revision[]> {
    const res = await this.req('GET', `/api/v1/articles/${id}/revisions`, this.tokens.editor);
    assert.equal(res.status, 200, res.text);
    return res.body as Revision[];
  }

  /** A workflow move; `token` null is an anonymous client. */
  move(id: string, name: string, body?: unknown, token: string | null = this.tokens.editor): Promise<HttpResponse> {
    return this.req('POST', `/api/v1/articles/${id}/${name}`, token ?? undefined, body ?? {});
  }

  async moveOk(id: string, name: string, body?: unknown): Promise<Article> {
    const res = await this.move(id, name, body);
    assert.equal(res.status, 200, `${name}: ${res.text}`);
    return res.body as Article;
  }

  scheduleGql(id: string, input: Record<string, unknown>, token: string | null = this.tokens.editor, expectedVersion?: number) {
    return this.gql(
      `mutation($id: ID!, $input: ScheduleArticleInput!, $v: Int) { scheduleArticle(id: $id, input: $input, expectedVersion: $v) { ${FIELDS} } }`,
      { id, input, v: expectedVersion },
      token ?? undefined,
    );
  }

  unscheduleGql(id: string, token: string | null = this.tokens.editor) {
    return this.gql(`mutation($id: ID!) { unscheduleArticle(id: $id) { ${FIELDS} } }`, { id }, token ?? undefined);
  }

  /**
   * Every public surface, for anonymous and reader clients: REST by id, by slug, the
   * list (all and by section); GraphQL article by id and slug, articles, a section's
   * articles. Returns what each surface showed of the article (undefined: not there).
   */
  async publicViews(article: { id: string; slug: string }): Promise<Record<string, { status?: string; publishedAt?: string | null } | undefined>> {
    const views: Record<string, { status?: string; publishedAt?: string | null } | undefined> = {};
    for (const [who, token] of [
      ['anonymous', undefined],
      ['reader', this.tokens.reader],
    ] as const) {
      for (const key of [article.id, article.slug]) {
        const res = await this.req('GET', `/api/v1/articles/${key}`, token);
        assert.ok(res.status === 200 || res.status === 404, `GET ${key}: ${res.status} ${res.text.slice(0, 300)}`);
        if (res.status === 404) assertProblem(res, 404, 'NOT_FOUND');
        views[`${who} REST ${key === article.id ? 'id' : 'slug'}`] = res.status === 200 ? res.body : undefined;
      }
      for (const query of [`section=${this.section}&limit=100`, 'limit=100']) {
        const res = await this.req('GET', `/api/v1/articles?${query}`, token);
        assert.equal(res.status, 200, res.text);
        views[`${who} REST list ${query}`] = (res.body.data as Article[]).find((a) => a.id === article.id);
      }
      for (const [name, args] of [
        ['id', { id: article.id }],
        ['slug', { slug: article.slug }],
      ] as const) {
        const res = await this.gql(`query($id: ID, $slug: String) { article(id: $id, slug: $slug) { id status publishedAt } }`, args, token);
        if (res.body.data?.article) views[`${who} GraphQL article(${name})`] = res.body.data.article;
        else {
          assertGqlError(res, 'NOT_FOUND');
          views[`${who} GraphQL article(${name})`] = undefined;
        }
      }
      const list = await this.gql(
        `query($section: String!) {
          all: articles(first: 100) { edges { node { id status publishedAt } } }
          bySection: articles(first: 100, filter: { section: $section }) { edges { node { id status publishedAt } } }
          section(slug: $section) { articles(first: 100) { edges { node { id status publishedAt } } } }
        }`,
        { section: this.section },
        token,
      );
      assert.equal(list.body.errors, undefined, list.text);
      const find = (connection: { edges: { node: Article }[] }) => connection.edges.map((e) => e.node).find((n) => n.id === article.id);
      views[`${who} GraphQL articles`] = find(list.body.data.all);
      views[`${who} GraphQL articles(section)`] = find(list.body.data.bySection);
      views[`${who} GraphQL section.articles`] = find(list.body.data.section.articles);
    }
    return views;
  }

  async assertHidden(article: { id: string; slug: string }, when: string): Promise<void> {
    const views = await this.publicViews(article);
    const seen = Object.entries(views).filter(([, v]) => v !== undefined);
    assert.deepEqual(
      seen.map(([k]) => k),
      [],
      `${when}: the article is visible on ${seen.map(([k, v]) => `${k} (${JSON.stringify(v)})`).join(', ')}`,
    );
  }

  async assertVisible(article: { id: string; slug: string }, publishedAt: string, when: string): Promise<void> {
    const views = await this.publicViews(article);
    for (const [surface, view] of Object.entries(views)) {
      assert.ok(view, `${when}: not on ${surface}`);
      assert.equal(view.publishedAt, publishedAt, `${when}: publishedAt on ${surface}`);
      if (view.status !== undefined) assert.equal(view.status, 'published', `${when}: status on ${surface}`);
    }
  }
}

/** The revisions an action made, checked to be the scheduler's. */
function schedulerRevisions(revisions: Revision[], action: string): Revision[] {
  const made = revisions.filter((r) => r.action === action);
  for (const r of made) {
    assert.equal(r.actorLabel, 'system:scheduler', `${action} revision by ${r.actorLabel}`);
    assert.equal(r.actorId, null);
  }
  return made;
}

/** Polls until `check` holds or the deadline passes (then fails with the last state). */
async function eventually<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean, deadlineMs = 5000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > until) assert.fail(`${what} did not happen within ${deadlineMs} ms; last: ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

/** A scheduler instance on the shared database: its clock and its runDue. */
interface Instance {
  name: string;
  setClock(at: Date): Promise<void>;
  runDue(): Promise<RunResult>;
  close(): Promise<void>;
}

const inProcessInstance = (name: string, room: Newsroom): Instance => ({
  name,
  setClock: async (at) => room.setClock(at),
  runDue: () => room.runDue(),
  close: async () => undefined,
});

/** The worker's side: its own app on the shared database, driven by messages (CommonJS, run with eval). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { startTestApp } = await import(workerData.harness);
  const t = await startTestApp({ demo: false, shareDatabaseWith: { database: workerData.database }, env: workerData.env });
  const { CLOCK } = await import(workerData.clock);
  const { ArticleWorkflowService } = await import(workerData.workflow);
  const clock = t.app.get(CLOCK);
  const workflow = t.app.get(ArticleWorkflowService);
  parentPort.on('message', async ({ id, op, at }) => {
    try {
      let result;
      if (op === 'setClock') clock.now = () => new Date(at);
      else if (op === 'runDue') result = await workflow.runDue();
      else if (op === 'close') await t.close();
      parentPort.postMessage({ id, result });
      if (op === 'close') parentPort.close();
    } catch (error) {
      parentPort.postMessage({ id, error: String((error && error.stack) || error) });
    }
  });
  parentPort.postMessage({ ready: true });
})().catch((error) => parentPort.postMessage({ ready: false, error: String((error && error.stack) || error) }));
`;

/** Another instance in a worker thread (its own event loop and database connection) on `owner`'s database. */
async function startWorkerInstance(owner: TestApp, env: Record<string, string>): Promise<Instance> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      harness: new URL('./support/test-app.js', import.meta.url).href,
      clock: new URL('../src/common/util/clock.js', import.meta.url).href,
      workflow: new URL('../src/articles/article-workflow.service.js', import.meta.url).href,
      database: owner.database,
      env,
    },
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let seq = 0;
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: { id?: number; ready?: boolean; result?: unknown; error?: string }) => {
      if (message.ready !== undefined) return message.ready ? resolve() : reject(new Error(`worker instance failed to start: ${message.error}`));
      const call = pending.get(message.id!);
      pending.delete(message.id!);
      if (message.error !== undefined) call?.reject(new Error(`worker instance: ${message.error}`));
      else call?.resolve(message.result);
    });
    worker.on('error', reject);
  });
  await ready;
  const send = <T>(op: string, at?: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      seq += 1;
      pending.set(seq, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id: seq, op, at });
    });
  return {
    name: 'a worker-thread app',
    setClock: (at) => send<void>('setClock', iso(at)),
    runDue: () => send<RunResult>('runDue'),
    close: async () => {
      await send<void>('close');
      await worker.terminate();
    },
  };
}

describe(`scheduled publishing (${DIALECT})`, () => {
  describe('scheduling input', () => {
    let t: TestApp;
    let room: Newsroom;

    before(async () => {
      t = await startTestApp({ demo: false, env: SCHEDULER_OFF });
      room = await Newsroom.open(t, { clock: NOW });
    });
    after(() => t?.close());

    it('stores publishAt and unpublishAt given with an offset in UTC, and records a schedule revision (REST)', async () => {
      const a = await room.create();
      const res = await room.move(a.id, 'schedule', { publishAt: '2030-01-01T09:00:00+03:00', unpublishAt: '2030-01-08T09:00:00-05:00' });
      assert.equal(res.status, 200, res.text);
      for (const got of [res.body as Article, await room.get(a.id)]) {
        assert.equal(got.status, 'scheduled');
        assert.equal(got.publishAt, '2030-01-01T06:00:00.000Z');
        assert.equal(got.unpublishAt, '2030-01-08T14:00:00.000Z');
        assert.equal(got.publishedAt, null);
        assert.equal(got.version, a.version + 1);
      }
      const [latest] = await room.revisions(a.id);
      assert.equal(latest.action, 'schedule');
      assert.equal(latest.version, a.version + 1);
      assert.equal(latest.actorLabel, 'editor@example.test');
      assert.equal(latest.status, 'scheduled');

      // A schedule can be moved: scheduled → scheduled, fractions and Z accepted.
      const moved = await room.moveOk(a.id, 'schedule', { publishAt: '2030-01-02T00:00:00.5Z' });
      assert.equal(moved.publishAt, '2030-01-02T00:00:00.500Z');
      assert.equal(moved.unpublishAt, null, 'a new schedule without unpublishAt drops the old take-down');
      assert.equal(moved.status, 'scheduled');
    });

    it('stores the times in UTC over GraphQL too', async () => {
      const a = await room.create();
      const res = await room.scheduleGql(
        a.id,
        { publishAt: '2030-01-01T09:30:00+05:30', unpublishAt: '2030-01-01T20:00:00-10:00' },
        room.tokens.editor,
        a.version,
      );
      assert.equal(res.body.errors, undefined, res.text);
      assert.equal(res.body.data.scheduleArticle.status, 'scheduled');
      assert.equal(res.body.data.scheduleArticle.publishAt, '2030-01-01T04:00:00.000Z');
      assert.equal(res.body.data.scheduleArticle.unpublishAt, '2030-01-02T06:00:00.000Z');
      const read = await room.gql(`query($id: ID!) { article(id: $id) { ${FIELDS} } }`, { id: a.id }, room.tokens.editor);
      assert.equal(read.body.data.article.publishAt, '2030-01-01T04:00:00.000Z');
      assert.equal(read.body.data.article.unpublishAt, '2030-01-02T06:00:00.000Z');
      assert.equal(read.body.data.article.version, a.version + 1);
    });

    const BAD: { what: string; input: Record<string, string>; field: string; code: string }[] = [
      { what: 'a time without an offset', input: { publishAt: '2030-01-01T09:00:00' }, field: 'publishAt', code: 'VALIDATION_FAILED' },
      { what: 'a date without a time', input: { publishAt: '2030-01-01' }, field: 'publishAt', code: 'VALIDATION_FAILED' },
      { what: 'an impossible date (30 February)', input: { publishAt: '2030-02-30T09:00:00+03:00' }, field: 'publishAt', code: 'VALIDATION_FAILED' },
      { what: 'an impossible hour', input: { publishAt: '2030-01-01T24:30:00+03:00' }, field: 'publishAt', code: 'VALIDATION_FAILED' },
      { what: 'not a date at all', input: { publishAt: 'tomorrow morning' }, field: 'publishAt', code: 'VALIDATION_FAILED' },
      { what: 'a past time', input: { publishAt: withOffset(plus(NOW, -MINUTE), 180) }, field: 'publishAt', code: 'SCHEDULE_IN_PAST' },
      { what: 'the present moment', input: { publishAt: iso(NOW) }, field: 'publishAt', code: 'SCHEDULE_IN_PAST' },
      { what: 'no publishAt on a draft', input: {}, field: 'publishAt', code: 'VALIDATION_FAILED' },
      { what: 'only unpublishAt on a draft', input: { unpublishAt: '2030-01-08T09:00:00+03:00' }, field: 'publishAt', code: 'VALIDATION_FAILED' },
      {
        what: 'unpublishAt without an offset',
        input: { publishAt: '2030-01-01T09:00:00+03:00', unpublishAt: '2030-01-08T09:00:00' },
        field: 'unpublishAt',
        code: 'VALIDATION_FAILED',
      },
      {
        what: 'unpublishAt before publishAt',
        input: { publishAt: '2030-01-01T09:00:00+03:00', unpublishAt: '2030-01-01T08:00:00+03:00' },
        field: 'unpublishAt',
        code: 'VALIDATION_FAILED',
      },
      {
        what: 'unpublishAt at the same instant as publishAt (another offset)',
        input: { publishAt: '2030-01-01T09:00:00+03:00', unpublishAt: '2030-01-01T06:00:00Z' },
        field: 'unpublishAt',
        code: 'VALIDATION_FAILED',
      },
    ];

    it('refuses bad times with 400 naming the field, and changes nothing (REST)', async () => {
      const a = await room.create();
      for (const c of BAD) {
        const res = await room.move(a.id, 'schedule', c.input);
        const p = assertProblem(res, 400, c.code);
        assert.ok(
          (p.errors ?? []).some((e) => e.field === c.field),
          `${c.what}: errors[] should name ${c.field}: ${res.text.slice(0, 400)}`,
        );
        const now = await room.get(a.id);
        assert.equal(now.status, 'draft', c.what);
        assert.equal(now.version, a.version, `${c.what}: the article changed`);
        assert.equal(now.publishAt, null, c.what);
      }
      assert.equal((await room.revisions(a.id)).length, 1, 'a refused schedule wrote a revision');
    });

    it('refuses the same bad times over GraphQL, and changes nothing', async () => {
      const a = await room.create();
      for (const c of BAD) {
        const res = await room.scheduleGql(a.id, c.input);
        assertGqlError(res, c.code);
        assert.equal(res.body.data?.scheduleArticle ?? null, null, c.what);
        const now = await room.get(a.id);
        assert.equal(now.version, a.version, `${c.what}: the article changed`);
        assert.equal(now.status, 'draft', c.what);
      }
    });

    it('a published article: publishAt is a 409, only unpublishAt keeps it published with the take-down set (REST)', async () => {
      const a = await room.create();
      const published = await room.moveOk(a.id, 'publish');
      assert.equal(published.publishedAt, iso(NOW));
      for (const input of [
        { publishAt: '2030-01-01T09:00:00+03:00' },
        { publishAt: '2030-01-01T09:00:00+03:00', unpublishAt: '2030-01-08T09:00:00+03:00' },
      ]) {
        assertProblem(await room.move(a.id, 'schedule', input), 409, 'INVALID_TRANSITION');
      }
      assertProblem(await room.move(a.id, 'schedule', { unpublishAt: withOffset(plus(NOW, -MINUTE), 60) }), 400, 'SCHEDULE_IN_PAST');
      assertProblem(await room.move(a.id, 'schedule', {}), 400, 'VALIDATION_FAILED');
      assert.equal((await room.get(a.id)).version, published.version, 'a refused schedule changed the article');

      const res = await room.move(a.id, 'schedule', { unpublishAt: '2030-01-05T12:00:00+01:00' });
      assert.equal(res.status, 200, res.text);
      for (const got of [res.body as Article, await room.get(a.id)]) {
        assert.equal(got.status, 'published');
        assert.equal(got.unpublishAt, '2030-01-05T11:00:00.000Z');
        assert.equal(got.publishAt, null);
        assert.equal(got.publishedAt, iso(NOW), 'scheduling a take-down must not re-date the article');
        assert.equal(got.version, published.version + 1);
      }
      await room.assertVisible(a, iso(NOW), 'with a take-down scheduled');
    });

    it('a published article over GraphQL: publishAt is a conflict, unpublishAt alone is fine', async () => {
      const a = await room.create();
      const published = await room.moveOk(a.id, 'publish');
      assertGqlError(await room.scheduleGql(a.id, { publishAt: '2030-01-01T09:00:00+03:00' }), 'INVALID_TRANSITION');
      const res = await room.scheduleGql(a.id, { unpublishAt: '2030-01-05T12:00:00-02:00' });
      assert.equal(res.body.errors, undefined, res.text);
      assert.equal(res.body.data.scheduleArticle.status, 'published');
      assert.equal(res.body.data.scheduleArticle.unpublishAt, '2030-01-05T14:00:00.000Z');
      assert.equal(res.body.data.scheduleArticle.publishedAt, published.publishedAt);
    });

    it('only editors may schedule and unschedule: authors and readers 403, anonymous 401 (REST and GraphQL)', async () => {
      const own = await room.create(room.tokens.author);
      const scheduled = await room.create();
      const s = await room.moveOk(scheduled.id, 'schedule', { publishAt: '2030-01-01T09:00:00+03:00' });
      const input = { publishAt: '2030-01-03T09:00:00+03:00' };
      for (const [who, token, status, code] of [
        ['author', room.tokens.author, 403, 'FORBIDDEN'],
        ['reader', room.tokens.reader, 403, 'FORBIDDEN'],
        ['anonymous', null, 401, 'UNAUTHENTICATED'],
      ] as const) {
        assertProblem(await room.move(own.id, 'schedule', input, token), status, code);
        assertProblem(await room.move(scheduled.id, 'schedule', input, token), status, code);
        assertProblem(await room.move(scheduled.id, 'unschedule', {}, token), status, code);
        assertGqlError(await room.scheduleGql(own.id, input, token), code);
        assertGqlError(await room.unscheduleGql(scheduled.id, token), code);
        assert.equal((await room.get(own.id)).version, own.version, `${who}: the author's draft changed`);
        const still = await room.get(scheduled.id);
        assert.equal(still.version, s.version, `${who}: the scheduled article changed`);
        assert.equal(still.status, 'scheduled');
        assert.equal(still.publishAt, '2030-01-01T06:00:00.000Z');
      }
      // An unknown article is a 404 for an editor, not a 500.
      assertProblem(await room.move(UNKNOWN_ID, 'schedule', input), 404, 'NOT_FOUND');
      assertGqlError(await room.unscheduleGql(UNKNOWN_ID), 'NOT_FOUND');
    });

    it('unschedule goes back to draft and clears both times (REST and GraphQL)', async () => {
      const a = await room.create();
      await room.moveOk(a.id, 'schedule', { publishAt: '2030-01-01T09:00:00+03:00', unpublishAt: '2030-01-02T09:00:00+03:00' });
      const res = await room.move(a.id, 'unschedule');
      assert.equal(res.status, 200, res.text);
      for (const got of [res.body as Article, await room.get(a.id)]) {
        assert.equal(got.status, 'draft');
        assert.equal(got.publishAt, null);
        assert.equal(got.unpublishAt, null);
        assert.equal(got.publishedAt, null);
        assert.equal(got.version, a.version + 2);
      }
      assert.equal((await room.revisions(a.id))[0].action, 'unschedule');

      const b = await room.create();
      assert.equal((await room.scheduleGql(b.id, { publishAt: '2030-01-01T09:00:00+03:00' })).body.data.scheduleArticle.status, 'scheduled');
      const gql = await room.unscheduleGql(b.id);
      assert.equal(gql.body.errors, undefined, gql.text);
      assert.equal(gql.body.data.unscheduleArticle.status, 'draft');
      assert.equal(gql.body.data.unscheduleArticle.publishAt, null);
      assert.equal(gql.body.data.unscheduleArticle.unpublishAt, null);
    });

    it('illegal moves are 409 INVALID_TRANSITION and change nothing (REST and GraphQL)', async () => {
      const draft = await room.create();
      const inReview = await room.create(room.tokens.author);
      await room.moveOk(inReview.id, 'submit');
      const published = await room.create();
      await room.moveOk(published.id, 'publish');
      const archived = await room.create();
      await room.moveOk(archived.id, 'archive');
      const cases: [string, Article, string, Record<string, string>?][] = [
        ['unschedule a draft', draft, 'unschedule'],
        ['unschedule an article in review', inReview, 'unschedule'],
        ['unschedule a published article', published, 'unschedule'],
        ['unschedule an archived article', archived, 'unschedule'],
        ['schedule an archived article', archived, 'schedule', { publishAt: '2030-01-01T09:00:00+03:00' }],
      ];
      for (const [what, article, name, input] of cases) {
        const was = await room.get(article.id);
        const p = assertProblem(await room.move(article.id, name, input), 409, 'INVALID_TRANSITION');
        assert.match(p.detail, new RegExp(was.status), what);
        assertGqlError(name === 'schedule' ? await room.scheduleGql(article.id, input!) : await room.unscheduleGql(article.id), 'INVALID_TRANSITION');
        const now = await room.get(article.id);
        assert.equal(now.version, was.version, `${what}: the article changed`);
        assert.equal(now.status, was.status, what);
      }
      // An in-review article may be scheduled (editors); a stale version is a conflict, not a schedule.
      const current = await room.get(inReview.id);
      assertProblem(
        await room.req(
          'POST',
          `/api/v1/articles/${inReview.id}/schedule`,
          room.tokens.editor,
          { publishAt: '2030-01-01T09:00:00+03:00' },
          {
            'if-match': `"${current.version - 1}"`,
          },
        ),
        412,
        'VERSION_CONFLICT',
      );
      assertGqlError(
        await room.scheduleGql(inReview.id, { publishAt: '2030-01-01T09:00:00+03:00' }, room.tokens.editor, current.version - 1),
        'VERSION_CONFLICT',
      );
      assert.equal((await room.moveOk(inReview.id, 'schedule', { publishAt: '2030-01-01T09:00:00+03:00' })).status, 'scheduled');
    });
  });

  describe('due schedules (runDue with a fake clock)', () => {
    let t: TestApp;
    let room: Newsroom;

    before(async () => {
      t = await startTestApp({ demo: false, env: SCHEDULER_OFF });
      room = await Newsroom.open(t, { clock: NOW });
    });
    after(() => t?.close());

    it('a scheduled article stays out of every public surface until due, then goes live dated by its schedule', async () => {
      room.setClock(NOW);
      const publishAt = plus(NOW, HOUR);
      const a = await room.create();
      const s = await room.moveOk(a.id, 'schedule', { publishAt: withOffset(publishAt, 180) });
      assert.equal(s.publishAt, iso(publishAt));
      await room.assertHidden(a, 'scheduled, an hour before');
      assert.equal((await room.get(a.id)).status, 'scheduled', 'editors see the scheduled article');

      room.setClock(plus(publishAt, -1000));
      const early = await room.runDue();
      assert.ok(!early.published.includes(a.id), 'published one second early');
      const notYet = await room.get(a.id);
      assert.equal(notYet.status, 'scheduled');
      assert.equal(notYet.version, s.version);
      await room.assertHidden(a, 'one second before publishAt');

      // The run comes 90 s late: the article is still dated by its schedule.
      const runAt = plus(publishAt, 90_000);
      room.setClock(runAt);
      const run = await room.runDue();
      assert.deepEqual(
        run.published.filter((id) => id === a.id),
        [a.id],
      );
      const live = await room.get(a.id);
      assert.equal(live.status, 'published');
      assert.equal(live.publishedAt, iso(publishAt), 'publishedAt is the scheduled time, not the run time');
      assert.equal(live.firstPublishedAt, iso(publishAt));
      assert.equal(live.publishAt, null);
      assert.equal(live.version, s.version + 1);
      const revisions = await room.revisions(a.id);
      assert.equal(revisions[0].action, 'publish');
      assert.equal(revisions[0].version, live.version);
      assert.equal(revisions[0].status, 'published');
      assert.equal(schedulerRevisions(revisions, 'publish').length, 1);
      await room.assertVisible(a, iso(publishAt), 'after the scheduled run');

      // Nothing more to do: a second run leaves it alone.
      const again = await room.runDue();
      assert.ok(!again.published.includes(a.id));
      assert.equal((await room.get(a.id)).version, live.version);
    });

    it('a scheduled take-down sends the article back to draft and out of every public surface', async () => {
      room.setClock(NOW);
      const publishAt = plus(NOW, 2 * HOUR);
      const unpublishAt = plus(NOW, 5 * HOUR);
      const a = await room.create();
      const s = await room.moveOk(a.id, 'schedule', { publishAt: withOffset(publishAt, -300), unpublishAt: withOffset(unpublishAt, 330) });
      assert.equal(s.unpublishAt, iso(unpublishAt));

      room.setClock(plus(publishAt, 1000));
      assert.ok((await room.runDue()).published.includes(a.id));
      const live = await room.get(a.id);
      assert.equal(live.status, 'published');
      assert.equal(live.unpublishAt, iso(unpublishAt), 'the take-down time survives the go-live');
      await room.assertVisible(a, iso(publishAt), 'between go-live and take-down');

      room.setClock(plus(unpublishAt, -1000));
      const early = await room.runDue();
      assert.ok(!early.unpublished.includes(a.id), 'taken down one second early');
      assert.equal((await room.get(a.id)).status, 'published');

      room.setClock(plus(unpublishAt, 1000));
      const run = await room.runDue();
      assert.ok(run.unpublished.includes(a.id), JSON.stringify(run));
      const down = await room.get(a.id);
      assert.equal(down.status, 'draft');
      assert.equal(down.unpublishAt, null);
      assert.equal(down.version, live.version + 1);
      const revisions = await room.revisions(a.id);
      assert.equal(revisions[0].action, 'unpublish');
      assert.equal(revisions[0].status, 'draft');
      assert.equal(schedulerRevisions(revisions, 'unpublish').length, 1);
      await room.assertHidden(a, 'after the scheduled take-down');
    });

    it('a take-down scheduled on a live article takes it down when due', async () => {
      room.setClock(NOW);
      const a = await room.create();
      const published = await room.moveOk(a.id, 'publish');
      const unpublishAt = plus(NOW, 3 * HOUR);
      await room.moveOk(a.id, 'schedule', { unpublishAt: withOffset(unpublishAt, 60) });
      room.setClock(plus(unpublishAt, -1000));
      assert.ok(!(await room.runDue()).unpublished.includes(a.id));
      await room.assertVisible(a, published.publishedAt!, 'before its take-down');
      room.setClock(unpublishAt);
      assert.ok((await room.runDue()).unpublished.includes(a.id), 'not taken down at unpublishAt');
      assert.equal((await room.get(a.id)).status, 'draft');
      await room.assertHidden(a, 'after its take-down');
    });

    it('an unscheduled article is left alone when its old time comes', async () => {
      room.setClock(NOW);
      const publishAt = plus(NOW, 4 * HOUR);
      const a = await room.create();
      await room.moveOk(a.id, 'schedule', { publishAt: iso(publishAt) });
      const draft = await room.moveOk(a.id, 'unschedule');
      room.setClock(plus(publishAt, MINUTE));
      assert.ok(!(await room.runDue()).published.includes(a.id));
      const now = await room.get(a.id);
      assert.equal(now.status, 'draft');
      assert.equal(now.version, draft.version);
      await room.assertHidden(a, 'unscheduled');
    });
  });

  describe('the real timer (SCHEDULER_INTERVAL_MS=200)', () => {
    let t: TestApp;
    let room: Newsroom;

    before(async () => {
      t = await startTestApp({ demo: false, env: { SCHEDULER_INTERVAL_MS: '200' } });
      room = await Newsroom.open(t, { clock: NOW });
    });
    after(() => t?.close());

    it('publishes a schedule that falls due, and takes it down later, without anyone calling runDue', async () => {
      const publishAt = plus(NOW, HOUR);
      const unpublishAt = plus(NOW, 2 * HOUR);
      const a = await room.create();
      const s = await room.moveOk(a.id, 'schedule', { publishAt: withOffset(publishAt, 180), unpublishAt: withOffset(unpublishAt, 180) });
      // A few ticks go by with the clock before publishAt: nothing happens.
      await sleep(500);
      assert.equal((await room.get(a.id)).version, s.version, 'the timer touched an article that is not due');

      room.setClock(plus(publishAt, 1000));
      const live = await eventually(
        'the go-live',
        () => room.get(a.id),
        (x) => x.status === 'published',
      );
      assert.equal(live.publishedAt, iso(publishAt));
      assert.equal(live.version, s.version + 1);
      assert.equal(schedulerRevisions(await room.revisions(a.id), 'publish').length, 1);
      await room.assertVisible(a, iso(publishAt), 'published by the timer');

      room.setClock(plus(unpublishAt, 1000));
      const down = await eventually(
        'the take-down',
        () => room.get(a.id),
        (x) => x.status === 'draft',
      );
      assert.equal(down.version, s.version + 2);
      assert.equal(schedulerRevisions(await room.revisions(a.id), 'unpublish').length, 1);
      await room.assertHidden(a, 'taken down by the timer');
    });
  });

  describe('catch-up after downtime', () => {
    let first: TestApp | undefined;
    let second: TestApp | undefined;

    after(async () => {
      await second?.close();
      await first?.close();
    });

    it('publishes what fell due while no instance ran, during the start-up of the next one', async () => {
      const realNow = new Date();
      first = await startTestApp({ demo: false, env: SCHEDULER_OFF });
      // The first instance lives two hours ago: an hour ago is its future.
      const room1 = await Newsroom.open(first, { clock: plus(realNow, -2 * HOUR) });
      const due = await room1.create();
      const dueAt = new Date(Math.floor(plus(realNow, -HOUR).getTime() / 1000) * 1000);
      await room1.moveOk(due.id, 'schedule', { publishAt: withOffset(dueAt, 180) });
      const later = await room1.create();
      const laterAt = new Date(Math.floor(plus(realNow, HOUR).getTime() / 1000) * 1000);
      await room1.moveOk(later.id, 'schedule', { publishAt: withOffset(laterAt, 180) });
      const live = await room1.create();
      const wasPublished = await room1.moveOk(live.id, 'publish');
      const takeDownAt = new Date(Math.floor(plus(realNow, -30 * MINUTE).getTime() / 1000) * 1000);
      await room1.moveOk(live.id, 'schedule', { unpublishAt: iso(takeDownAt) });
      await first.stop();
      // CLOCK is one object for every app in this process (CommonModule's useValue): back to real time.
      room1.useRealClock();

      // The next instance: real clock (past publishAt), scheduler on, but its first timed run is an hour away.
      second = await startTestApp({ demo: false, shareDatabaseWith: first, env: { SCHEDULER_INTERVAL_MS: '3600000' } });
      // First thing once it has started, before anything else is sent: readers already see it.
      const atStart = await second.request('GET', `/api/v1/articles/${due.id}`);
      assert.equal(atStart.status, 200, `the due article was not published during start-up: ${atStart.status} ${atStart.text.slice(0, 300)}`);
      assert.equal(atStart.body.status, 'published');
      assert.equal(
        (await second.request('GET', `/api/v1/articles/${live.id}`)).status,
        404,
        'the overdue take-down was not carried out during start-up',
      );
      const room2 = await Newsroom.open(second, { section: room1.section });

      const got = await room2.get(due.id);
      assert.equal(got.status, 'published', 'the due article was not published during start-up');
      assert.equal(got.publishedAt, iso(dueAt), 'publishedAt is the scheduled time, not the start-up time');
      assert.equal(got.publishAt, null);
      assert.equal(schedulerRevisions(await room2.revisions(due.id), 'publish').length, 1);
      await room2.assertVisible(due, iso(dueAt), 'after the catch-up');

      const notDue = await room2.get(later.id);
      assert.equal(notDue.status, 'scheduled');
      assert.equal(notDue.publishAt, iso(laterAt));
      await room2.assertHidden(later, 'scheduled for later');

      const takenDown = await room2.get(live.id);
      assert.equal(takenDown.status, 'draft', 'the overdue take-down was not carried out during start-up');
      assert.equal(takenDown.version, wasPublished.version + 2);
      await room2.assertHidden(live, 'after the catch-up take-down');
    });
  });

  describe('exactly once with two instances on one database', () => {
    let first: TestApp;
    let second: TestApp;
    let rooms: Newsroom[];
    /** The two schedulers that race: this process's first app, and another instance. */
    let instances: Instance[];

    before(async () => {
      first = await startTestApp({ demo: false, env: SCHEDULER_OFF });
      second = await startTestApp({ demo: false, shareDatabaseWith: first, env: SCHEDULER_OFF });
      const room1 = await Newsroom.open(first, { clock: NOW });
      rooms = [room1, await Newsroom.open(second, { clock: NOW, section: room1.section })];
      // better-sqlite3 is synchronous: a second SQLite connection in this thread that waits for the
      // first one's write lock blocks the very thread that would release it. Instances are separate
      // processes in production, so on SQLite the rival instance runs in a worker thread of its own.
      const rival = DIALECT === 'SQLite' ? await startWorkerInstance(first, SCHEDULER_OFF) : inProcessInstance('second app', rooms[1]);
      instances = [inProcessInstance('first app', room1), rival];
    });
    after(async () => {
      await instances?.[1]?.close();
      await second?.close();
      await first?.close();
    });

    it('both instances see the same database', async () => {
      const a = await rooms[0].create();
      assert.equal((await rooms[1].get(a.id)).id, a.id);
    });

    it('every due article is published once, and taken down once, whoever runs the scheduler', async () => {
      const COUNT = 12;
      const made: { id: string; slug: string; publishAt: Date; unpublishAt: Date; version: number }[] = [];
      for (let i = 0; i < COUNT; i += 1) {
        const room = rooms[i % 2];
        const a = await room.create();
        // Some share a go-live instant, so ordering ties are in play as well.
        const publishAt = plus(NOW, (1 + Math.floor(i / 3)) * MINUTE);
        const unpublishAt = plus(publishAt, HOUR);
        const s = await room.moveOk(a.id, 'schedule', { publishAt: withOffset(publishAt, 180), unpublishAt: iso(unpublishAt) });
        made.push({ id: a.id, slug: a.slug, publishAt, unpublishAt, version: s.version });
      }
      const ids = new Set(made.map((m) => m.id));

      const runEverywhere = async (rounds: number, key: keyof RunResult) => {
        const claimed: string[][] = [[], []];
        for (let round = 0; round < rounds; round += 1) {
          const results = await Promise.all(instances.map((i) => i.runDue()));
          results.forEach((r, i) => claimed[i].push(...r[key]));
        }
        const all = claimed.flat();
        const dupes = all.filter((id, i) => all.indexOf(id) !== i);
        assert.deepEqual(dupes, [], `${key} more than once: ${dupes.join(', ')}`);
        assert.deepEqual(new Set(all), ids, `${key}: not every due article, or another one`);
        return claimed.map((c) => c.length);
      };

      for (const instance of instances) await instance.setClock(plus(NOW, 30 * MINUTE));
      const publishedBy = await runEverywhere(3, 'published');
      for (const m of made) {
        const got = await rooms[0].get(m.id);
        assert.equal(got.status, 'published');
        assert.equal(got.publishedAt, iso(m.publishAt));
        assert.equal(got.version, m.version + 1, `${m.id} was written ${got.version - m.version} times`);
        assert.equal(schedulerRevisions(await rooms[1].revisions(m.id), 'publish').length, 1, `${m.id}: publish revisions`);
      }

      for (const instance of instances) await instance.setClock(plus(NOW, 3 * HOUR));
      const unpublishedBy = await runEverywhere(3, 'unpublished');
      for (const m of made) {
        const got = await rooms[1].get(m.id);
        assert.equal(got.status, 'draft');
        assert.equal(got.version, m.version + 2, `${m.id} was written ${got.version - m.version} times`);
        const revisions = await rooms[0].revisions(m.id);
        assert.equal(schedulerRevisions(revisions, 'publish').length, 1, `${m.id}: publish revisions`);
        assert.equal(schedulerRevisions(revisions, 'unpublish').length, 1, `${m.id}: unpublish revisions`);
        assert.deepEqual(
          revisions.map((r) => r.version),
          Array.from({ length: m.version + 2 }, (_, i) => m.version + 2 - i),
          'one revision per version',
        );
      }
      console.log(
        `scheduling (${DIALECT}): ${COUNT} due articles, published ${publishedBy.join('+')} and taken down ${unpublishedBy.join('+')} by ${instances.map((i) => i.name).join(' + ')}, each once`,
      );
    });

    it('a scheduler run at the moment editors write on the same instance: every write and every go-live succeeds, once', async () => {
      // The timer fires every second in production, whatever editors are doing meanwhile. (On SQLite
      // the one connection and the event loop serialise the transactions; on PostgreSQL they overlap.)
      const [room] = rooms;
      room.setClock(NOW);
      const due: Article[] = [];
      for (let i = 0; i < 4; i += 1) {
        const a = await room.create();
        due.push(await room.moveOk(a.id, 'schedule', { publishAt: iso(plus(NOW, (i + 1) * MINUTE)) }));
      }
      const drafts: Article[] = [];
      for (let i = 0; i < 4; i += 1) drafts.push(await room.create());
      room.setClock(plus(NOW, HOUR));

      const [run, ...writes] = await Promise.all([
        room.runDue().catch((error: unknown) => error as Error),
        ...drafts.map((d) => room.move(d.id, 'publish')),
        ...due.map((d) => room.req('GET', `/api/v1/articles/${d.id}/revisions`, room.tokens.editor)),
      ]);
      assert.ok(!(run instanceof Error), `the scheduler run failed: ${String(run)}`);
      assert.deepEqual(new Set((run as RunResult).published), new Set(due.map((d) => d.id)));
      for (const res of writes) assert.equal((res as HttpResponse).status, 200, (res as HttpResponse).text.slice(0, 300));
      for (const a of [...due, ...drafts]) {
        const got = await room.get(a.id);
        assert.equal(got.status, 'published', a.id);
        assert.equal(got.version, a.version + 1, `${a.id} was written ${got.version - a.version} times`);
        assert.equal((await room.revisions(a.id)).filter((r) => r.action === 'publish').length, 1);
      }
    });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from './support/assertions.js';
import { DEMO_SLUG, startTestApp, type HttpResponse, type TestApp } from './support/test-app.js';

/**
 * Direct reads (src/common/http/direct-reads.ts): an anonymous GET of one article is answered by the
 * controller's handler without Nest's per-request pipeline. Readers must not be able to tell: the same
 * request to an app answering everything through Nest gets the same status, headers and bytes. What the
 * direct path does not handle (a credential, an unknown query) is Nest's, and is counted once against
 * the reads limit either way.
 */

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const METRICS_TOKEN = 'metrics-token-0123456789';
// Both apps read the database afresh for each request: a cached answer would not show which path answered.
const ENV = { CACHE_ENABLED: 'false', METRICS_TOKEN };

/** What a reader sees of an answer, less what differs between any two requests (their id and date). */
function seen(res: HttpResponse) {
  const { date: _date, 'x-request-id': _id, ...headers } = res.headers;
  const body = res.body && typeof res.body === 'object' && 'requestId' in res.body ? { ...res.body, requestId: '(id)' } : res.text;
  return { status: res.status, headers, body };
}

async function directAnswers(t: TestApp): Promise<number> {
  const res = await t.request('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  assert.equal(res.status, 200, res.text);
  return Number(/^http_direct_answers_total\{route="\/api\/v1\/articles\/:idOrSlug"\} (\d+)$/m.exec(res.text)?.[1] ?? 0);
}

describe(`Direct reads (${DIALECT})`, () => {
  let direct: TestApp;
  let viaNest: TestApp;
  let editor: string;
  let demo: { id: string; etag: string };
  let draft: { id: string; slug: string };

  before(async () => {
    direct = await startTestApp({ env: ENV });
    viaNest = await startTestApp({ env: ENV, shareDatabaseWith: direct, directReads: false });
    editor = await direct.token('editor');
    const res = await direct.request('GET', `/api/v1/articles/${DEMO_SLUG}`);
    assert.equal(res.status, 200, res.text);
    demo = { id: res.body.id, etag: String(res.headers.etag) };
    const created = await direct.request('POST', '/api/v1/articles', {
      token: editor,
      body: { headline: 'Not out yet', section: 'russia', body: [{ type: 'paragraph', text: 'Draft.' }] },
    });
    assert.equal(created.status, 201, created.text);
    draft = { id: created.body.id, slug: created.body.slug };
  });
  after(async () => {
    await viaNest?.stop();
    await direct?.close();
  });

  it('answers anonymous reads exactly as Nest does: status, headers and bytes, errors included', async () => {
    const requests: [string, Record<string, string>?][] = [
      [`/api/v1/articles/${DEMO_SLUG}`],
      [`/api/v1/articles/${demo.id.toUpperCase()}`],
      [`/api/v1/articles/${DEMO_SLUG}?locale=en`],
      [`/api/v1/articles/${DEMO_SLUG}?locale=ru`],
      [`/api/v1/articles/${DEMO_SLUG}`, { 'accept-language': 'ru-RU,ru;q=0.9' }],
      [`/api/v1/articles/${DEMO_SLUG}`, { 'if-none-match': demo.etag }],
      [`/api/v1/articles/${draft.slug}`],
      [`/api/v1/articles/${draft.id}`],
      ['/api/v1/articles/no-such-article'],
      // Left to Nest by the direct path: its pipes' 400s.
      ['/api/v1/articles/Not_A_Slug'],
      [`/api/v1/articles/${DEMO_SLUG}?locale=not%20a%20locale`],
      [`/api/v1/articles/${DEMO_SLUG}?locale=en&locale=ru`],
      [`/api/v1/articles/${DEMO_SLUG}?expand=all`],
    ];
    for (const [url, headers] of requests) {
      const [a, b] = [await direct.request('GET', url, { headers }), await viaNest.request('GET', url, { headers })];
      assert.ok(a.status < 500, `${url}: ${a.status} ${a.text.slice(0, 300)}`);
      assert.deepEqual(seen(a), seen(b), `${url} ${JSON.stringify(headers ?? {})}`);
    }
    // They are real answers, not two copies of one mistake.
    const [ok, notModified, hidden, unknown, badSlug, badQuery] = await Promise.all(
      [`/${DEMO_SLUG}`, `/${DEMO_SLUG}`, `/${draft.slug}`, '/no-such-article', '/Not_A_Slug', `/${DEMO_SLUG}?expand=all`].map((path, i) =>
        direct.request('GET', `/api/v1/articles${path}`, { headers: i === 1 ? { 'if-none-match': demo.etag } : {} }),
      ),
    );
    assert.equal(ok.body.slug, DEMO_SLUG);
    assert.equal(ok.headers['content-language'], 'en');
    assert.match(String(ok.headers['cache-control']), /^public, .*s-maxage=\d+/);
    assert.match(String(ok.headers['surrogate-key']), new RegExp(`\\barticle:${demo.id}\\b`));
    assert.equal(notModified.status, 304);
    assertProblem(hidden, 404, 'NOT_FOUND');
    assertProblem(unknown, 404, 'NOT_FOUND');
    assertProblem(badSlug, 400, 'INVALID_SLUG');
    assertProblem(badQuery, 400, 'VALIDATION_FAILED');
  });

  it('answers anonymous reads of one article directly, and leaves credentials, HEAD and unknown queries to Nest', async () => {
    const before = await directAnswers(direct);
    assert.equal((await direct.request('GET', `/api/v1/articles/${DEMO_SLUG}`)).status, 200);
    assert.equal((await direct.request('GET', `/api/v1/articles/${DEMO_SLUG}?locale=en`)).status, 200);
    assertProblem(await direct.request('GET', '/api/v1/articles/no-such-article'), 404, 'NOT_FOUND');
    assert.equal(await directAnswers(direct), before + 3);

    // An editor sees the draft: the credential went through Nest's auth guard.
    const asEditor = await direct.request('GET', `/api/v1/articles/${draft.slug}`, { token: editor });
    assert.equal(asEditor.status, 200, asEditor.text);
    assert.equal(asEditor.headers['cache-control'], 'private, no-store');
    assertProblem(await direct.request('GET', `/api/v1/articles/${DEMO_SLUG}`, { token: 'not-a-token' }), 401);
    assert.equal((await direct.request('HEAD', `/api/v1/articles/${DEMO_SLUG}`)).status, 200);
    assertProblem(await direct.request('GET', `/api/v1/articles/${DEMO_SLUG}?expand=all`), 400, 'VALIDATION_FAILED');
    assert.equal(await directAnswers(direct), before + 3, 'none of these was answered directly');
    assert.equal(await directAnswers(viaNest), 0);
  });
});

describe(`Direct reads and the reads limit (${DIALECT})`, () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp({ env: { ...ENV, RATE_LIMIT_READS_PER_MINUTE: '3' } });
  });
  after(async () => {
    await t?.close();
  });

  it('counts each read once, on whichever path answers it, against the one limit', async () => {
    assert.equal((await t.request('GET', `/api/v1/articles/${DEMO_SLUG}`)).status, 200, 'direct: 1 of 3');
    assertProblem(await t.request('GET', `/api/v1/articles/${DEMO_SLUG}?expand=all`), 400, 'VALIDATION_FAILED');
    assert.equal((await t.request('GET', '/api/v1/sections')).status, 200, 'Nest: 3 of 3');
    const limited = await t.request('GET', `/api/v1/articles/${DEMO_SLUG}`);
    const problem = assertProblem(limited, 429, 'RATE_LIMITED');
    assert.match(problem.detail, /try again in \d+ s/);
    assert.ok(Number(limited.headers['retry-after']) >= 1, 'Retry-After');
    assert.equal(limited.headers['cache-control'], 'no-store');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from './support/assertions.js';
import { ADMIN, startTestApp, type TestApp } from './support/test-app.js';

/**
 * Operations as an operator meets them: rate limits per route class (429 with
 * Retry-After, counted per client, shared through Redis between instances), security
 * headers, request ids, Prometheus metrics, liveness and readiness probes.
 */

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const LIMITS = {
  RATE_LIMIT_READS_PER_MINUTE: '5',
  RATE_LIMIT_WRITES_PER_MINUTE: '3',
  RATE_LIMIT_LOGIN_PER_MINUTE: '2',
  RATE_LIMIT_SUBSCRIBE_PER_MINUTE: '0',
};

describe(`Rate limits (${DIALECT})`, () => {
  let t: TestApp;
  let setup: TestApp;
  let editor: string;

  before(async () => {
    // Tokens first, with limits off; then a second app on the same database with the limits on.
    setup = await startTestApp();
    editor = await setup.token('editor');
    await setup.stop();
    t = await startTestApp({ shareDatabaseWith: setup, env: LIMITS });
  });
  after(async () => {
    await t?.close();
    await setup?.close();
  });

  const from = (ip: string) => ({ 'x-forwarded-for': ip });

  it('refuses the sixth read in a minute from one client with 429, Retry-After and a problem (GraphQL too)', async () => {
    // Five different reads (an answer served from the response cache is not counted: it costs next to nothing).
    for (let i = 0; i < 5; i += 1) {
      const ok = await t.request('GET', `/api/v1/articles?limit=${i + 1}`);
      assert.equal(ok.status, 200, `read ${i + 1}`);
    }
    const refused = await t.request('GET', '/api/v1/sections');
    assertProblem(refused, 429, 'RATE_LIMITED');
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${refused.headers['retry-after']}`);
    assert.equal(refused.body.retryAfter, retryAfter);
    // GraphQL queries are reads too: refused the same way, with the code in extensions.
    const gql = await t.gql('{ sections { slug } }');
    assert.equal(gql.body.errors?.[0]?.extensions?.code, 'RATE_LIMITED');
  });

  it('counts writes and logins in classes of their own', async () => {
    const writes = [];
    for (let i = 0; i < 4; i += 1) {
      writes.push(await t.request('POST', '/api/v1/tags', { token: editor, body: { slug: `rate-${i}`, name: `Rate ${i}`, kind: 'topic' } }));
    }
    assert.deepEqual(
      writes.map((w) => w.status),
      [201, 201, 201, 429],
      'three writes a minute, reads used up or not',
    );
    const logins = [];
    for (let i = 0; i < 3; i += 1) logins.push(await t.request('POST', '/api/v1/auth/login', { body: ADMIN }));
    assert.deepEqual(
      logins.map((l) => l.status),
      [200, 200, 429],
    );
    assert.ok(logins[2].headers['retry-after']);
  });

  it('tells clients apart by address (with TRUST_PROXY, the forwarded one)', async () => {
    const proxied = await startTestApp({ shareDatabaseWith: t, env: { ...LIMITS, RATE_LIMIT_READS_PER_MINUTE: '2', TRUST_PROXY: 'true' } });
    try {
      // Different URLs each time: a cached answer is not counted.
      assert.equal((await proxied.request('GET', '/api/v1/tags', { headers: from('203.0.113.1') })).status, 200);
      assert.equal((await proxied.request('GET', '/api/v1/authors', { headers: from('203.0.113.1') })).status, 200);
      assertProblem(await proxied.request('GET', '/api/v1/newsfeed', { headers: from('203.0.113.1') }), 429, 'RATE_LIMITED');
      assert.equal(
        (await proxied.request('GET', '/api/v1/newsfeed?limit=3', { headers: from('203.0.113.2') })).status,
        200,
        'another reader is not held up',
      );
    } finally {
      await proxied.stop();
    }
  });
});

describe('Rate limits shared by two instances (Redis)', { skip: !process.env.REDIS_URL && 'needs REDIS_URL' }, () => {
  it('counts a client across instances', async () => {
    const a = await startTestApp({ env: { ...LIMITS, RATE_LIMIT_READS_PER_MINUTE: '4' } });
    const b = await startTestApp({ shareDatabaseWith: a, env: { ...LIMITS, RATE_LIMIT_READS_PER_MINUTE: '4' } });
    try {
      const statuses = [];
      for (const [n, app] of [a, b, a, b, a].entries()) statuses.push((await app.request('GET', `/api/v1/articles?limit=${n + 1}`)).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 429]);
    } finally {
      await b.close();
      await a.close();
    }
  });
});

describe(`Headers, probes and metrics (${DIALECT})`, () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN: 'metrics-token-0123456789' } });
  });
  after(() => t.close());

  it('sends security headers; API answers forbid framing and scripts, renditions stay embeddable cross-origin', async () => {
    const res = await t.request('GET', '/api/v1/articles');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'");
    assert.ok(res.headers['strict-transport-security']);
    assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
    const docs = await t.request('GET', '/api/docs');
    assert.equal(docs.status, 200);
    assert.equal(docs.headers['content-security-policy'], undefined, 'Swagger UI runs its scripts');
  });

  it('echoes the caller’s X-Request-Id, or makes one', async () => {
    const given = await t.request('GET', '/api/v1/sections', { headers: { 'x-request-id': 'trace-abc-123' } });
    assert.equal(given.headers['x-request-id'], 'trace-abc-123');
    const made = await t.request('GET', '/api/v1/sections');
    assert.match(String(made.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  it('refuses batched GraphQL operations', async () => {
    const res = await t.request('POST', '/graphql', { body: [{ query: '{ sections { slug } }' }, { query: '{ sections { slug } }' }] });
    assert.equal(res.status, 400);
    assert.doesNotMatch(res.text, /"data"/);
  });

  it('answers liveness and readiness with each dependency checked', async () => {
    const live = await t.request('GET', '/health/live');
    assert.equal(live.status, 200);
    assert.equal(live.body.status, 'ok');
    const ready = await t.request('GET', '/health/ready');
    assert.equal(ready.status, 200, ready.text);
    assert.equal(ready.body.status, 'ok');
    assert.equal(ready.body.details.database.status, 'up');
    assert.equal(ready.body.details.disk.status, 'up');
    assert.ok(ready.body.details.disk.freeBytes > 0);
    assert.equal(ready.body.details.redis?.status, process.env.REDIS_URL ? 'up' : undefined);
    const legacy = await t.request('GET', '/health');
    assert.deepEqual(Object.keys(legacy.body).sort(), ['checks', 'status']);
  });

  it('serves Prometheus metrics behind METRICS_TOKEN: requests by route and status, latency, pool, outbox', async () => {
    await t.request('GET', '/api/v1/articles');
    await t.request('GET', '/api/v1/articles/no-such-article');
    assertProblem(await t.request('GET', '/metrics'), 401, 'UNAUTHENTICATED');
    const res = await t.request('GET', '/metrics', { headers: { authorization: 'Bearer metrics-token-0123456789' } });
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    assert.match(res.text, /http_requests_total\{method="GET",route="\/api\/v1\/articles",status="200"\} [1-9]/);
    assert.match(res.text, /http_requests_total\{method="GET",route="\/api\/v1\/articles\/:idOrSlug",status="404"\} 1/);
    assert.match(res.text, /http_request_duration_seconds_bucket\{le="0.1",method="GET",route="\/api\/v1\/articles"\}/);
    assert.match(res.text, /db_pool_connections\{state="total"\} \d+/);
    assert.match(res.text, /process_resident_memory_bytes \d+/);
    assert.match(res.text, /response_cache_lookups\{event="misses"\} [1-9]/);
    assert.match(res.text, /response_cache_hit_ratio [0-9.]+/);
  });
});

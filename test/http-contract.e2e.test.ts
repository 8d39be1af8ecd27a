import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { encodeCursor } from '../src/common/pagination/cursor.js';
import { assertProblem } from './support/assertions.js';
import { ADMIN, DEMO_SLUG, startTestApp, type HttpResponse, type TestApp } from './support/test-app.js';

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Writes anyone may call (ARCHITECTURE.md, "Public writes"): they declare no bearer security. */
const PUBLIC_WRITES = [
  /^POST \/api\/v1\/auth\/login$/,
  /^POST \/api\/v1\/subscriptions(\/confirm|\/unsubscribe)?$/,
  /^POST \/api\/v1\/auth\/(signup|register)$/,
  // Reader accounts (src/readers): sign-up, verification, login, token rotation and password reset.
  /^POST \/api\/v1\/readers\/(register|verify|login|refresh|logout|password-reset(\/confirm)?)$/,
];

// The OpenAPI document, as far as these checks read it.
interface OpenApiMedia {
  schema?: Record<string, unknown>;
}
interface OpenApiResponse {
  description?: string;
  content?: Record<string, OpenApiMedia>;
}
interface OpenApiParameter {
  name: string;
  in: string;
  schema?: { type?: string; $ref?: string };
}
interface OpenApiOperation {
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: OpenApiParameter[];
  responses: Record<string, OpenApiResponse>;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown>; securitySchemes?: Record<string, { type: string; scheme?: string }> };
}
interface Operation {
  method: string;
  path: string;
  op: OpenApiOperation;
}

const operationsOf = (doc: OpenApiDocument): Operation[] =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'].includes(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );

// Feeds and sitemaps are served (and documented) at the root too (src/syndication).
const isRest = (path: string) =>
  path.startsWith('/api/v1/') ||
  path === '/health' ||
  path.startsWith('/health/') ||
  path === '/metrics' ||
  /^\/(feeds\/|sitemap\.xml$|sitemaps\/)/.test(path);

/**
 * Every REST route Fastify serves, read from `printRoutes({ commonPrefix: false })`: a tree whose
 * lines each add a segment to their parent's path. A node shared by routes with different parameter
 * names prints as `/:idOrSlug|:id`; the router tells which name each method's route uses.
 */
function servedRestRoutes(fastify: FastifyInstance): { method: string; path: string }[] {
  const prefixes: string[] = [];
  const routes: { method: string; path: string }[] = [];
  for (const line of fastify.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    const path = (depth > 0 ? prefixes[depth - 1] : '') + match[2];
    prefixes[depth] = path;
    prefixes.length = depth + 1;
    if (!isRest(path)) continue;
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim())) {
      if (!method || method === 'HEAD' || method === 'OPTIONS') continue;
      const probe = path.replace(/:(\w+)(?:\|:\w+)*/g, ':$1');
      const found = fastify.findRoute({ method: method as 'GET', url: probe });
      assert.ok(found, `printRoutes lists ${method} ${path} but the router does not find ${probe}`);
      // findRoute answers { realName: ':probeName' } for the route registered at that place.
      const realName = new Map(Object.entries(found.params as Record<string, string>).map(([real, given]) => [given.replace(/^:/, ''), real]));
      routes.push({ method, path: probe.replace(/:(\w+)/g, (_m, given: string) => `:${realName.get(given) ?? given}`) });
    }
  }
  return routes;
}

const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

describe(`HTTP contract (${DIALECT})`, () => {
  describe('the default app', () => {
    let t: TestApp;
    let doc: OpenApiDocument;
    before(async () => {
      t = await startTestApp({ env: { CORS_ORIGINS: '' } });
      doc = (await t.request('GET', '/api/docs-json')).body as OpenApiDocument;
    });
    after(async () => t.close());

    it('GET /health answers 200 { status: "ok", checks: { database: { status: "up" } } }', async () => {
      const res = await t.request('GET', '/health');
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      assert.equal(res.body.status, 'ok');
      assert.equal(res.body.checks.database.status, 'up');
      assert.match(String(res.headers['cache-control']), /no-store/);
    });

    for (const url of [`/api/v1/articles/${DEMO_SLUG}`, '/api/v1/sections', '/api/v1/tags']) {
      it(`GET ${url} has an ETag and answers If-None-Match with 304`, async () => {
        const first = await t.request('GET', url);
        assert.equal(first.status, 200);
        const etag = first.headers.etag;
        assert.equal(typeof etag, 'string');
        assert.match(String(etag), /^"[^"]+"$/, 'a strong ETag');
        const again = await t.request('GET', url);
        assert.equal(again.headers.etag, etag, 'the same representation keeps its ETag');

        const notModified = await t.request('GET', url, { headers: { 'if-none-match': String(etag) } });
        assert.equal(notModified.status, 304);
        assert.equal(notModified.text, '');
        assert.equal(notModified.headers.etag, etag);

        const listed = await t.request('GET', url, { headers: { 'if-none-match': `"something-else", ${String(etag)}` } });
        assert.equal(listed.status, 304, 'a list of tags that contains the current one');
        const weak = await t.request('GET', url, { headers: { 'if-none-match': `W/${String(etag)}` } });
        assert.equal(weak.status, 304, 'If-None-Match compares weakly');
        const other = await t.request('GET', url, { headers: { 'if-none-match': '"something-else"' } });
        assert.equal(other.status, 200);
        assert.deepEqual(other.body, first.body);
      });
    }

    it('Cache-Control is public for anonymous readers and private for a request with a credential', async () => {
      const token = await t.token('admin');
      for (const url of [`/api/v1/articles/${DEMO_SLUG}`, '/api/v1/sections', '/api/v1/tags', '/api/v1/articles']) {
        const anonymous = await t.request('GET', url);
        assert.equal(anonymous.status, 200, url);
        assert.match(String(anonymous.headers['cache-control']), /^public\b.*max-age=\d+/, url);
        assert.doesNotMatch(String(anonymous.headers['cache-control']), /private|no-store/, url);
        assert.match(String(anonymous.headers.vary), /Authorization/i, `${url}: shared caches must key on the credential`);

        const authed = await t.request('GET', url, { token });
        assert.equal(authed.status, 200, url);
        assert.match(String(authed.headers['cache-control']), /private|no-store/, url);
        assert.doesNotMatch(String(authed.headers['cache-control']), /public/, url);
      }
    });

    it('puts an X-Request-Id on every answer and echoes the one a client sends', async () => {
      const token = await t.token('admin');
      const answers: [string, HttpResponse][] = [
        ['GET /health', await t.request('GET', '/health')],
        ['GET article', await t.request('GET', `/api/v1/articles/${DEMO_SLUG}`)],
        ['304', await t.request('GET', '/api/v1/sections', { headers: { 'if-none-match': '*' } })],
        ['404', await t.request('GET', '/api/v1/articles/no-such-article')],
        ['404 route', await t.request('GET', '/api/v1/no-such-route')],
        ['400', await t.request('GET', '/api/v1/articles?limit=1000')],
        ['401', await t.request('GET', '/api/v1/articles', { headers: { authorization: 'Bearer forged' } })],
        ['login', await t.request('POST', '/api/v1/auth/login', { body: ADMIN })],
        ['bad JSON', await t.request('POST', '/api/v1/auth/login', { rawBody: '{', headers: { 'content-type': 'application/json' } })],
        ['created', await t.request('POST', '/api/v1/tags', { token, body: { name: 'Request ids', kind: 'topic' } })],
        ['graphql', await t.gql('{ sections { id } }')],
        ['docs', await t.request('GET', '/api/docs')],
        ['docs json', await t.request('GET', '/api/docs-json')],
      ];
      const ids = new Set<string>();
      for (const [what, res] of answers) {
        const id = res.headers['x-request-id'];
        assert.equal(typeof id, 'string', `${what} (${res.status}) has no X-Request-Id`);
        assert.ok(String(id).length > 0);
        ids.add(String(id));
      }
      assert.equal(ids.size, answers.length, 'each request gets its own id');

      const echoed = await t.request('GET', '/api/v1/sections', { headers: { 'x-request-id': 'client-req-42' } });
      assert.equal(echoed.headers['x-request-id'], 'client-req-42');
      const echoedError = await t.request('GET', '/api/v1/articles/no-such-article', { headers: { 'x-request-id': 'client-req-43' } });
      assert.equal(echoedError.headers['x-request-id'], 'client-req-43');
      assert.equal(echoedError.body.requestId, 'client-req-43', 'the problem names the same request id');
    });

    it('a body over the limit (2 MB of JSON) is a 413 problem, before any credential or validation', async () => {
      const big = JSON.stringify({ headline: 'Too big', lead: 'x'.repeat(2 * 1024 * 1024) });
      assertProblem(
        await t.request('POST', '/api/v1/articles', { token: await t.token('admin'), rawBody: big, headers: { 'content-type': 'application/json' } }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      assertProblem(
        await t.request('POST', '/api/v1/auth/login', { rawBody: big, headers: { 'content-type': 'application/json' } }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      assertProblem(await t.request('POST', '/graphql', { rawBody: big, headers: { 'content-type': 'application/json' } }), 413, 'PAYLOAD_TOO_LARGE');

      // Just under the 1 MB default is read (and then judged on its content, not its size).
      const underLimit = await t.request('POST', '/api/v1/auth/login', { body: { email: ADMIN.email, password: 'x'.repeat(1_000_000) } });
      assert.notEqual(underLimit.status, 413);
      assert.ok(underLimit.status >= 400 && underLimit.status < 500, underLimit.text);
    });

    it('a forged cursor is a 400 INVALID_CURSOR, never a 500', async () => {
      for (const at of ['-200000-01-01T00:00:00Z', '1', 'garbage']) {
        const cursor = encodeCursor({ kind: 'pub', at, id: NO_SUCH_ID });
        const res = await t.request('GET', `/api/v1/articles?cursor=${cursor}`);
        assert.equal(res.status, 400, `cursor at ${at}: ${res.status} ${res.text}`);
        assert.equal(res.body.code, 'INVALID_CURSOR');
      }
      for (const cursor of ['garbage!', 'A'.repeat(400), 'eyJ9']) {
        assertProblem(await t.request('GET', `/api/v1/articles?cursor=${cursor}`), 400, 'INVALID_CURSOR');
      }
    });

    it('without CORS_ORIGINS, a preflight gets no Access-Control-Allow-Origin', async () => {
      const res = await t.request('OPTIONS', '/api/v1/articles', {
        headers: { origin: 'https://front.example', 'access-control-request-method': 'POST' },
      });
      assert.equal(res.headers['access-control-allow-origin'], undefined);
    });

    describe('OpenAPI', () => {
      it('serves Swagger UI at /api/docs, with its assets', async () => {
        const res = await t.request('GET', '/api/docs');
        assert.equal(res.status, 200);
        assert.match(String(res.headers['content-type']), /^text\/html/);
        assert.match(res.text, /<div id="swagger-ui">/);
        const assets = [...res.text.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
        assert.ok(assets.some((a) => a.endsWith('swagger-ui-bundle.js')));
        assert.ok(assets.some((a) => a.endsWith('swagger-ui-init.js')));
        for (const asset of assets) {
          const url = new URL(asset, 'http://cms.test/api/docs');
          const file = await t.request('GET', url.pathname);
          assert.equal(file.status, 200, `${asset} → ${url.pathname}`);
        }
        const init = await t.request(
          'GET',
          new URL(
            assets.find((a) => a.endsWith('swagger-ui-init.js'))!,
            'http://cms.test/api/docs',
          ).pathname,
        );
        assert.match(init.text, /"openapi":\s*"3\./, 'the UI loads this API’s document');
      });

      it('serves the OpenAPI 3 document at /api/docs-json', async () => {
        const res = await t.request('GET', '/api/docs-json');
        assert.equal(res.status, 200);
        assert.match(String(res.headers['content-type']), /^application\/json/);
        assert.match(doc.openapi, /^3\.\d+\.\d+$/);
        assert.ok(Object.keys(doc.paths).length > 0);
        assert.equal(doc.components.securitySchemes?.bearer?.type, 'http');
        assert.equal(doc.components.securitySchemes?.bearer?.scheme, 'bearer');
      });

      it('documents every REST route the app serves, with its method, and nothing it does not serve', () => {
        const fastify = t.app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
        const served = servedRestRoutes(fastify);
        const servedKeys = served.map((r) => `${r.method} ${toOpenApiPath(r.path)}`);
        // The parser must see the routes the controllers are known to have.
        for (const known of [
          'GET /health',
          'POST /api/v1/auth/login',
          'GET /api/v1/articles',
          'GET /api/v1/articles/{idOrSlug}',
          'PATCH /api/v1/articles/{id}',
          'POST /api/v1/articles/{id}/publish',
          'GET /api/v1/sections/{slug}',
        ]) {
          assert.ok(servedKeys.includes(known), `route parsing missed ${known}: ${servedKeys.join(', ')}`);
        }
        const documented = operationsOf(doc).map((o) => `${o.method} ${o.path}`);
        assert.deepEqual(
          servedKeys.filter((key) => !documented.includes(key)),
          [],
          'served but missing from the OpenAPI document',
        );
        assert.deepEqual(
          documented.filter((key) => !servedKeys.includes(key)),
          [],
          'documented but not served',
        );
      });

      it('gives every operation a summary, tags and a 2xx response with a schema (or 204)', () => {
        const problems: string[] = [];
        for (const { method, path, op } of operationsOf(doc)) {
          const name = `${method} ${path}`;
          if (!op.summary?.trim()) problems.push(`${name}: no summary`);
          if (!op.tags?.length) problems.push(`${name}: no tags`);
          const ok = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
          if (ok.length === 0) problems.push(`${name}: no 2xx response`);
          for (const [status, response] of ok) {
            if (status === '204') continue;
            const schemas = Object.values(response.content ?? {}).filter((media) => media.schema);
            if (schemas.length === 0) problems.push(`${name}: ${status} has no schema`);
          }
        }
        assert.deepEqual(problems, []);
      });

      it('documents error responses as application/problem+json', () => {
        const problems: string[] = [];
        for (const { method, path, op } of operationsOf(doc)) {
          for (const [status, response] of Object.entries(op.responses)) {
            if (!/^4\d\d$/.test(status)) continue;
            const problem = response.content?.['application/problem+json']?.schema;
            if (!problem) problems.push(`${method} ${path}: ${status} is not application/problem+json`);
            else if (problem.$ref !== '#/components/schemas/ProblemDto') problems.push(`${method} ${path}: ${status} is not the problem schema`);
          }
        }
        assert.deepEqual(problems, []);
        const schema = doc.components.schemas.ProblemDto as { required?: string[] };
        for (const field of ['type', 'title', 'status', 'detail', 'code']) assert.ok(schema.required?.includes(field), `ProblemDto.${field}`);
      });

      it('documents the 401 every operation answers to a bad credential', async () => {
        const problems: string[] = [];
        for (const { method, path, op } of operationsOf(doc)) {
          const url = path.replace(/\{(\w+)\}/g, NO_SUCH_ID);
          const res = await t.request(method, url, { headers: { authorization: 'Bearer not-a-real-token' } });
          if (res.status !== 401) problems.push(`${method} ${path}: a bad credential got ${res.status}, not 401`);
          else if (!op.responses['401']) problems.push(`${method} ${path}: answers 401 but does not document it`);
        }
        assert.deepEqual(problems, []);
      });

      it('declares bearer security on every write that needs a credential', () => {
        const problems: string[] = [];
        for (const { method, path, op } of operationsOf(doc)) {
          if (!WRITE_METHODS.has(method)) continue;
          const name = `${method} ${path}`;
          if (PUBLIC_WRITES.some((re) => re.test(name))) {
            if (!Array.isArray(op.security)) problems.push(`${name}: a public write should declare its (empty) security`);
            continue;
          }
          if (!op.security?.some((requirement) => 'bearer' in requirement)) problems.push(`${name}: no bearer security`);
          if (!op.responses['401']) problems.push(`${name}: no 401 response`);
        }
        assert.deepEqual(problems, []);
      });

      it('types the page size of GET /articles as an integer within 1..100', () => {
        const list = doc.paths['/api/v1/articles']?.get;
        assert.ok(list, 'GET /api/v1/articles is documented');
        const limit = list.parameters?.find((p) => p.name === 'limit' && p.in === 'query') as
          (OpenApiParameter & { schema: { type?: string; minimum?: number; maximum?: number } }) | undefined;
        assert.ok(limit, 'limit is a query parameter');
        assert.equal(limit.schema.type, 'integer');
        assert.equal(limit.schema.minimum, 1);
        assert.equal(limit.schema.maximum, 100);
      });

      it('resolves every $ref to a component schema', () => {
        const refs = new Set<string>();
        const walk = (node: unknown): void => {
          if (Array.isArray(node)) node.forEach(walk);
          else if (node && typeof node === 'object') {
            for (const [key, value] of Object.entries(node)) {
              if (key === '$ref' && typeof value === 'string') refs.add(value);
              else walk(value);
            }
          }
        };
        walk(doc);
        assert.ok(refs.size > 0);
        const dangling = [...refs].filter((ref) => {
          const match = /^#\/components\/schemas\/(.+)$/.exec(ref);
          return !match || !(match[1] in doc.components.schemas);
        });
        assert.deepEqual(dangling, []);
      });
    });
  });

  describe('login rate limit (3 a minute)', () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ demo: false, env: { LOGIN_RATE_LIMIT_PER_MINUTE: '3', CORS_ORIGINS: '' } });
    });
    after(async () => t.close());

    /** A login from a given client address (documentation range: inject sends nothing over a network). */
    const login = async (remoteAddress: string, email: string, password: string): Promise<HttpResponse> => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });
      const type = String(res.headers['content-type'] ?? '');
      return { status: res.statusCode, headers: res.headers, body: /json/.test(type) ? JSON.parse(res.body) : undefined, text: res.body };
    };

    function assertRateLimited(res: HttpResponse): void {
      assertProblem(res, 429, 'RATE_LIMITED');
      const retryAfter = String(res.headers['retry-after']);
      assert.match(retryAfter, /^\d+$/, 'Retry-After is whole seconds');
      assert.ok(Number(retryAfter) >= 1 && Number(retryAfter) <= 60, `Retry-After ${retryAfter}`);
      assert.equal(res.body.retryAfter, Number(retryAfter));
    }

    it('refuses the 4th attempt within a minute from the same client, even with the right password', async () => {
      for (let i = 0; i < 3; i++) assert.equal((await login('192.0.2.1', ADMIN.email, ADMIN.password)).status, 200);
      assertRateLimited(await login('192.0.2.1', ADMIN.email, ADMIN.password));
    });

    it('limits per client: other accounts from the same client are refused too', async () => {
      for (let i = 0; i < 3; i++) assert.equal((await login('192.0.2.2', `nobody${i}@example.test`, 'wrong-password')).status, 401);
      assertRateLimited(await login('192.0.2.2', 'someone-else@example.test', 'wrong-password'));
      // Another client is not affected.
      assert.equal((await login('192.0.2.3', 'someone-else@example.test', 'wrong-password')).status, 401);
    });

    it('limits per account: guessing one account’s password from many clients is refused too', async () => {
      // inject's remoteAddress stands in for different clients.
      for (let i = 0; i < 3; i++) assert.equal((await login(`198.51.100.${i + 1}`, 'target@example.test', 'guess')).status, 401);
      assertRateLimited(await login('198.51.100.99', 'target@example.test', 'guess'));
      assertRateLimited(await login('198.51.100.98', 'TARGET@example.test', 'guess'));
    });

    it('applies to the GraphQL login mutation too', async (ctx) => {
      const probe = await t.gql('{ __type(name: "Mutation") { fields { name } } }');
      const fields = (probe.body?.data?.__type?.fields ?? []) as { name: string }[];
      if (!fields.some((f) => f.name === 'login')) return ctx.skip('no GraphQL login mutation yet');
      const mutation = 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }';
      const gqlLogin = async () => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/graphql',
          payload: { query: mutation, variables: { input: { email: 'gql-target@example.test', password: 'guess' } } },
          remoteAddress: '203.0.113.7',
        });
        return JSON.parse(res.body) as { errors?: { extensions?: { code?: string } }[] };
      };
      for (let i = 0; i < 3; i++) assert.equal((await gqlLogin()).errors?.[0]?.extensions?.code, 'INVALID_CREDENTIALS');
      assert.equal((await gqlLogin()).errors?.[0]?.extensions?.code, 'RATE_LIMITED');
    });
  });

  describe('CORS (CORS_ORIGINS=https://front.example)', () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ demo: false, env: { CORS_ORIGINS: 'https://front.example' } });
    });
    after(async () => {
      await t.close();
      delete process.env.CORS_ORIGINS;
    });

    const preflight = (origin: string, method = 'POST', headers = 'authorization, content-type') =>
      t.request('OPTIONS', '/api/v1/articles', {
        headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
      });

    it('allows a preflight from the configured origin', async () => {
      const res = await preflight('https://front.example');
      assert.ok(res.status === 204 || res.status === 200, String(res.status));
      assert.equal(res.headers['access-control-allow-origin'], 'https://front.example');
    });

    it('gives another origin no Access-Control-Allow-Origin', async () => {
      for (const origin of ['https://evil.example', 'https://front.example.evil.example', 'http://front.example', 'null']) {
        const res = await preflight(origin);
        assert.equal(res.headers['access-control-allow-origin'], undefined, origin);
      }
      const simple = await t.request('GET', '/api/v1/sections', { headers: { origin: 'https://evil.example' } });
      assert.equal(simple.headers['access-control-allow-origin'], undefined);
    });

    it('allows the methods and headers the API needs (PATCH with If-Match, DELETE, Authorization)', async () => {
      for (const method of ['PATCH', 'DELETE', 'POST']) {
        const res = await preflight('https://front.example', method, 'authorization, content-type, if-match');
        assert.equal(res.headers['access-control-allow-origin'], 'https://front.example');
        const methods = String(res.headers['access-control-allow-methods'] ?? '')
          .split(',')
          .map((m) => m.trim().toUpperCase());
        assert.ok(methods.includes(method), `${method} is not in Access-Control-Allow-Methods: ${methods.join(',')}`);
        const headers = String(res.headers['access-control-allow-headers'] ?? '').toLowerCase();
        for (const header of ['authorization', 'content-type', 'if-match']) assert.ok(headers.includes(header), `${header} not allowed: ${headers}`);
      }
    });

    it('answers an allowed origin with its name, the exposed headers and Vary: Origin', async () => {
      const res = await t.request('GET', '/api/v1/sections', { headers: { origin: 'https://front.example' } });
      assert.equal(res.status, 200);
      assert.equal(res.headers['access-control-allow-origin'], 'https://front.example');
      const exposed = String(res.headers['access-control-expose-headers']).toLowerCase();
      for (const header of ['etag', 'link', 'x-request-id', 'retry-after']) assert.ok(exposed.includes(header), header);
      // The answer is publicly cacheable and its Access-Control-Allow-Origin depends on Origin:
      // without Vary: Origin a shared cache hands one origin's answer to another.
      assert.match(String(res.headers['cache-control']), /public/);
      assert.match(String(res.headers.vary), /\bOrigin\b/i, `Vary: ${String(res.headers.vary)}`);
    });

    it('gives a preflight an X-Request-Id like every other answer', async () => {
      const res = await preflight('https://front.example');
      assert.equal(typeof res.headers['x-request-id'], 'string');
    });
  });
});

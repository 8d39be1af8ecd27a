import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../src/common/util/project-root.js';
import { startCommand } from '../scripts/start-command.js';
import { login, processDatabase, startServerProcess, type ProcessDatabase, type ServerProcess } from './support/server-process.js';
import { DEMO_SLUG } from './support/test-app.js';

/**
 * The production build as `npm start` runs it: the bundle in dist/server (scripts/bundle.mjs),
 * not the module tree the other suites load. Bundling can break what a module tree does by
 * itself (a package loaded twice, a dynamic import that loses its named exports, a file read
 * from beside a module), so this walks every kind of path once: validation and type
 * conversion, GraphQL, login and a write, feeds, JSON Schemas, a photo through the native image
 * decoder and the metadata reader, the OpenAPI document and Swagger UI's files.
 */

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
// The demo's photo with bytes after its end: the same picture and metadata, but not the demo's file (no dedup).
const PHOTO = Buffer.concat([readFileSync(join(projectRoot(), 'test', 'fixtures', 'diplomats-meeting.jpg')), Buffer.from('production build')]);

describe(`production build (dist/server, as npm start runs it; ${DIALECT})`, () => {
  let db: ProcessDatabase;
  let server: ServerProcess;
  let token: string;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });
  /** The bundle's code, every chunk's text joined. */
  const bundleCode = () => {
    const chunks = join(projectRoot(), 'dist', 'server', 'chunks');
    return readdirSync(chunks)
      .filter((f) => f.endsWith('.mjs'))
      .map((f) => readFileSync(join(chunks, f), 'latin1'))
      .join('\n');
  };
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] };
  };
  const send = (method: string, path: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  before(async () => {
    db = await processDatabase();
    server = await startServerProcess(db);
    token = await login(server.url);
  });
  after(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    await db?.drop();
  });

  it('is the bundle: npm start runs dist/server/main.mjs', () => {
    const { entry } = startCommand(projectRoot());
    assert.equal(entry, join(projectRoot(), 'dist', 'server', 'main.mjs'));
    assert.ok(server.child.spawnargs.includes(entry), server.child.spawnargs.join(' '));
  });

  it("carries TypeORM's SQLite and PostgreSQL drivers only; another database's driver is a stand-in that says so", () => {
    const code = bundleCode();
    for (const left of ['MysqlQueryRunner', 'SqlServerQueryRunner', 'OracleQueryRunner', 'MongoQueryRunner', 'SpannerQueryRunner']) {
      assert.doesNotMatch(code, new RegExp(`\\b${left}\\b`), `${left} is in the bundle (scripts/bundle.mjs otherDrivers)`);
    }
    assert.match(code, /TypeORM's mysql driver is left out of the server's bundle/);
    // The running server (this suite's) is on one of the two kept.
    assert.match(code, /\bBetterSqlite3QueryRunner\b/);
    assert.match(code, /\bPostgresQueryRunner\b/);
  });

  it('wraps each CommonJS package once for all the ES modules importing it, and a module still loading afresh', async () => {
    const chunks = join(projectRoot(), 'dist', 'server', 'chunks');
    const helper = readdirSync(chunks).find((f) => f.endsWith('.mjs') && readFileSync(join(chunks, f), 'latin1').includes('__toESM=((toEsm'));
    assert.ok(helper, 'no chunk of the bundle shares its CommonJS wrappers (scripts/bundle.mjs cheaperRuntimeHelpers)');
    const { __toESM: toEsm } = (await import(pathToFileURL(join(chunks, helper)).href)) as {
      __toESM: (mod: unknown, nodeMode?: number) => Record<string, unknown>;
    };
    const cjs: Record<string, unknown> = { parse: () => 'parsed' };
    const first = toEsm(cjs);
    assert.equal(toEsm(cjs), first, 'the same module in the same mode gets the same wrapper');
    assert.equal(first.parse, cjs.parse);
    assert.notEqual(toEsm(cjs, 1), first, "Node's mode (default = module.exports) is a wrapper of its own");
    assert.equal(toEsm(cjs, 1).default, cjs);
    cjs.print = () => 'printed';
    const later = toEsm(cjs);
    assert.notEqual(later, first, 'a module that gained exports since (a require cycle) is wrapped again');
    assert.equal(later.print, cjs.print);
    assert.equal(toEsm({ parse: 1 }) === toEsm({ parse: 1 }), false, 'another module object is another wrapper');
  });

  it('converts and validates query parameters: ?limit=1 gives one of the two demo editions, ?limit=0 is a 400 problem', async () => {
    const one = await get('/api/v1/articles?limit=1');
    assert.equal(one.status, 200);
    const page = (await one.json()) as { data: unknown[]; page: { hasMore: boolean } };
    assert.equal(page.data.length, 1);
    assert.equal(page.page.hasMore, true);
    const bad = await get('/api/v1/articles?limit=0');
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(((await bad.json()) as { code: string }).code, 'VALIDATION_FAILED');
  });

  it('serves the demo article with its photo, an ETag and a 304', async () => {
    const res = await get(`/api/v1/articles/${DEMO_SLUG}`);
    assert.equal(res.status, 200);
    const article = (await res.json()) as { headline: string; mainImage: { creditLine: string; renditions: unknown[] } };
    assert.match(article.headline, /diplomacy/i);
    assert.equal(article.mainImage.creditLine, '© RIA Novosti . Mikhail Klementiev');
    assert.ok(article.mainImage.renditions.length > 0);
    const etag = res.headers.get('etag');
    assert.ok(etag);
    assert.equal((await get(`/api/v1/articles/${DEMO_SLUG}`, { 'if-none-match': etag })).status, 304);
  });

  it('answers GraphQL, and a bad query with extensions.code', async () => {
    const ok = await gql('query($slug: String!) { article(slug: $slug) { headline section { slug } } }', { slug: DEMO_SLUG });
    assert.equal(ok.errors, undefined, JSON.stringify(ok.errors));
    assert.equal((ok.data?.article as { section: { slug: string } }).section.slug, 'russia');
    const bad = await gql('{ article(slug: 42) { nope } }');
    assert.ok(bad.errors?.length);
    assert.equal(bad.errors[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
  });

  it('gives GraphQL fields their arguments, or the default where one is left out, beside fields that take none (one shared empty set in the bundle)', async () => {
    const code = bundleCode();
    assert.match(
      code,
      /if\(def\.args\.length===0\)return NO_ARGUMENTS;/,
      'graphql-js builds arguments per field (scripts/bundle.mjs noArgumentsShared)',
    );
    type Page = { edges: { node: { slug: string; section: { slug: string } } }[] };
    const res = await gql(
      '{ one: articles(first: 1) { edges { node { slug section { slug } } } } all: articles { edges { node { slug section { slug } } } } }',
    );
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const one = res.data?.one as Page;
    const all = res.data?.all as Page;
    assert.equal(one.edges.length, 1);
    assert.ok(all.edges.length >= 2, 'first defaults to 20: both demo editions');
    assert.equal(all.edges[0].node.slug, one.edges[0].node.slug);
    assert.ok(all.edges.every((e) => e.node.section.slug === 'russia'));
  });

  it('takes a write: an unknown field is a 400 that writes nothing; a create, a publish, and the article is in the RSS feed', async () => {
    const refused = await send('POST', '/api/v1/articles', { headline: 'Never written', section: 'russia', body: [], colour: 'red' });
    assert.equal(refused.status, 400);
    assert.equal(((await refused.json()) as { code: string }).code, 'VALIDATION_FAILED');
    const created = await send('POST', '/api/v1/articles', {
      headline: 'Bundled server takes a write',
      section: 'russia',
      body: [{ type: 'paragraph', text: 'Written to the production build.' }],
    });
    assert.equal(created.status, 201);
    const { id, slug } = (await created.json()) as { id: string; slug: string };
    assert.equal((await send('POST', `/api/v1/articles/${id}/publish`, {})).status, 200);
    assert.equal((await get(`/api/v1/articles/${slug}`)).status, 200);
    const rss = await (await get('/feeds/rss.xml')).text();
    assert.ok(rss.includes('<title>Bundled server takes a write</title>'));
    assert.ok(!rss.includes('Never written'));
  });

  it('checks ninjs against IPTC’s schema (a JSON Schema compiled on first use)', async () => {
    const res = await get(`/api/v1/articles/${DEMO_SLUG}/ninjs`);
    assert.equal(res.status, 200);
    assert.match(((await res.json()) as { standard: { name: string } }).standard.name, /ninjs/);
    const invalid = await send('POST', '/api/v1/ingest/ninjs?section=russia', { uri: 42 });
    const problem = (await invalid.json()) as { code: string; errors: { field: string }[] };
    assert.equal(problem.code, 'NINJS_INVALID', JSON.stringify(problem));
    assert.ok(
      problem.errors.some((e) => e.field === '/uri'),
      JSON.stringify(problem.errors),
    );
  });

  it('takes a photo: type sniffed, credit read from its IPTC data, a WebP rendition decoded and encoded', async () => {
    const form = new FormData();
    form.append('file', new Blob([PHOTO], { type: 'application/octet-stream' }), 'photo.bin');
    const res = await fetch(`${server.url}/api/v1/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    assert.equal(res.status, 201, await res.clone().text());
    const media = (await res.json()) as { id: string; mimeType: string; creditLine: string };
    assert.equal(media.mimeType, 'image/jpeg');
    assert.match(media.creditLine, /RIA Novosti/);
    const rendition = await get(`/api/v1/media/${media.id}/file?width=320&format=webp`);
    assert.equal(rendition.status, 200);
    assert.equal(rendition.headers.get('content-type'), 'image/webp');
    const bytes = Buffer.from(await rendition.arrayBuffer());
    assert.equal(bytes.subarray(8, 12).toString('latin1'), 'WEBP');
  });

  it('serves the OpenAPI document and Swagger UI with its files', async () => {
    const doc = (await (await get('/api/docs-json')).json()) as { paths: Record<string, unknown> };
    assert.ok(doc.paths['/api/v1/articles/{idOrSlug}']);
    assert.equal((await get('/api/docs')).status, 200);
    const css = await get('/api/docs/swagger-ui.css');
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
  });

  it('reports health and metrics', async () => {
    const health = (await (await get('/health')).json()) as { status: string };
    assert.equal(health.status, 'ok');
    assert.match(await (await get('/metrics')).text(), /http_requests_total/);
  });
});

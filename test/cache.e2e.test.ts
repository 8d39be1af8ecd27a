import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ResponseCache } from '../src/cache/response-cache.js';
import { assertGqlError } from './support/assertions.js';
import { DEMO_SLUG, startTestApp, type HttpResponse, type TestApp } from './support/test-app.js';

/**
 * The response cache and HTTP caching: anonymous reads are answered from the cache
 * (X-Cache: HIT) with the same bytes and ETag, and a write purges exactly what it
 * changes before it answers — the next read of the article, its lists, the newsfeed,
 * feeds and sitemaps is fresh while unrelated answers stay cached. Credentials never
 * meet the cache. With DATABASE_URL and REDIS_URL, two instances share one Redis.
 */

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const STORE = process.env.REDIS_URL ? 'Redis' : 'in-process';
const PARAGRAPH = { type: 'paragraph', text: 'A paragraph about caching.' };
const GQL_HEADERS = { 'apollo-require-preflight': 'true' };

const ARTICLE_QUERY = 'query One($slug: String!) { article(slug: $slug) { id headline section { slug name } mainImage { caption } } }';

interface Made {
  id: string;
  slug: string;
  version: number;
}

describe(`Response cache (${DIALECT}, ${STORE} store)`, () => {
  let t: TestApp;
  let editor: string;
  let one: { id: string; slug: string };
  let two: { id: string; slug: string };
  let a: Made;
  let b: Made;
  let c: Made;

  const get = (url: string, headers: Record<string, string> = {}, app: TestApp = t) => app.request('GET', url, { headers });
  /** Asks twice: the second answer must come from the cache, byte for byte. */
  async function primed(url: string, headers: Record<string, string> = {}, app: TestApp = t): Promise<HttpResponse> {
    const first = await get(url, headers, app);
    assert.equal(first.status, 200, `${url}: ${first.text.slice(0, 300)}`);
    const second = await get(url, headers, app);
    assert.equal(second.headers['x-cache'], 'HIT', `${url} was not served from the cache the second time`);
    assert.equal(second.text, first.text, `${url}: the cached body differs`);
    return second;
  }
  const gqlGet = (query: string, variables: Record<string, unknown>, app: TestApp = t) =>
    get(`/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify(variables))}`, GQL_HEADERS, app);

  async function section(slug: string): Promise<{ id: string; slug: string }> {
    const res = await t.request('POST', '/api/v1/sections', { token: editor, body: { slug, name: `Section ${slug}` } });
    assert.equal(res.status, 201, res.text);
    return res.body;
  }
  async function published(headline: string, sectionSlug: string, extra: Record<string, unknown> = {}): Promise<Made> {
    const created = await t.request('POST', '/api/v1/articles', {
      token: editor,
      body: { headline, section: sectionSlug, body: [PARAGRAPH], ...extra },
    });
    assert.equal(created.status, 201, created.text);
    const res = await t.request('POST', `/api/v1/articles/${created.body.id}/publish`, { token: editor });
    assert.equal(res.status, 200, res.text);
    return { id: res.body.id, slug: res.body.slug, version: res.body.version };
  }
  async function patch(article: Made, body: Record<string, unknown>): Promise<void> {
    const res = await t.request('PATCH', `/api/v1/articles/${article.id}`, { token: editor, headers: { 'If-Match': `"${article.version}"` }, body });
    assert.equal(res.status, 200, res.text);
    article.version = res.body.version;
  }

  before(async () => {
    t = await startTestApp();
    editor = await t.token('editor');
    one = await section('cache-one');
    two = await section('cache-two');
    a = await published('Cache: article A, first headline', one.slug);
    b = await published('Cache: article B', one.slug);
    c = await published('Cache: article C, elsewhere', two.slug);
  });
  after(() => t.close());

  it('answers a repeated anonymous GET from the cache with the same body and ETag, and If-None-Match on a hit is a 304', async () => {
    const url = `/api/v1/articles/${a.slug}`;
    const first = await get(url);
    assert.equal(first.status, 200);
    assert.equal(first.headers['x-cache'], 'MISS');
    const second = await get(url);
    assert.equal(second.headers['x-cache'], 'HIT');
    assert.equal(second.text, first.text);
    assert.equal(second.headers.etag, first.headers.etag);
    assert.equal(second.headers['content-type'], first.headers['content-type']);
    const notModified = await get(url, { 'if-none-match': String(first.headers.etag) });
    assert.equal(notModified.status, 304);
    assert.equal(notModified.headers['x-cache'], 'HIT');
    assert.equal(notModified.headers.etag, first.headers.etag);
    assert.equal(notModified.text, '');
    // Query order does not make another entry.
    await get(`/api/v1/articles?section=${one.slug}&limit=5`);
    assert.equal((await get(`/api/v1/articles?limit=5&section=${one.slug}`)).headers['x-cache'], 'HIT');
  });

  it('names what an answer shows in Surrogate-Key and Cache-Tag, and sets Cache-Control by kind of route', async () => {
    const article = await get(`/api/v1/articles/${a.slug}`);
    const keys = String(article.headers['surrogate-key']).split(' ');
    assert.ok(keys.includes(`article:${a.id}`), `Surrogate-Key: ${String(article.headers['surrogate-key'])}`);
    assert.ok(keys.includes(`section:${one.id}`));
    assert.ok(String(article.headers['cache-tag']).split(',').includes(`article:${a.id}`));
    assert.match(String(article.headers['cache-control']), /^public, .*s-maxage=300, stale-while-revalidate=600/);

    const list = await get(`/api/v1/articles?section=${one.slug}`);
    const listKeys = String(list.headers['surrogate-key']).split(' ');
    for (const key of [`articles:section:${one.id}`, `article:${a.id}`, `article:${b.id}`, `section:${one.id}`])
      assert.ok(listKeys.includes(key), key);
    assert.ok(!listKeys.includes(`article:${c.id}`), 'the list names an article it does not show');
    assert.match(String(list.headers['cache-control']), /^public, max-age=0, s-maxage=30, stale-while-revalidate=60$/);

    for (const url of ['/feeds/rss.xml', '/sitemap.xml']) {
      const res = await get(url);
      assert.match(String(res.headers['cache-control']), /^public, .*s-maxage=60/, url);
      assert.ok(String(res.headers['surrogate-key']).length > 0, url);
    }
    const newsfeed = await get('/api/v1/newsfeed');
    assert.ok(String(newsfeed.headers['surrogate-key']).split(' ').includes('newsfeed'));

    // Renditions: a listed URL (versioned by the focal point) is immutable; one without the version is not.
    const demo = await get(`/api/v1/articles/${DEMO_SLUG}`);
    const rendition: string = demo.body.mainImage.renditions[0].url;
    assert.match(rendition, /[?&]v=/);
    const versioned = await get(rendition.replace('http://cms.test', ''));
    assert.equal(versioned.headers['cache-control'], 'public, max-age=31536000, immutable');
    const unversioned = await get(rendition.replace('http://cms.test', '').replace(/&v=[^&]*/, ''));
    assert.equal(unversioned.status, 200);
    assert.doesNotMatch(String(unversioned.headers['cache-control']), /immutable/);

    // Credentials: private, never a surrogate key.
    const authed = await t.request('GET', `/api/v1/articles/${a.slug}`, { token: editor });
    assert.equal(authed.headers['cache-control'], 'private, no-store');
    assert.equal(authed.headers['surrogate-key'], undefined);
  });

  it('after a REST PATCH, the very next read of every surface is fresh, while unrelated answers stay cached', async () => {
    const surfaces = [
      `/api/v1/articles/${a.slug}`,
      `/api/v1/articles?section=${one.slug}`,
      '/api/v1/articles',
      '/api/v1/newsfeed',
      '/feeds/rss.xml',
      `/feeds/sections/${one.slug}/rss.xml`,
      '/sitemaps/news.xml',
    ];
    for (const url of surfaces) assert.match((await primed(url)).text, /first headline/, url);
    const gqlBefore = await gqlGet(ARTICLE_QUERY, { slug: a.slug });
    assert.equal(gqlBefore.body.data.article.headline, 'Cache: article A, first headline');
    assert.equal((await gqlGet(ARTICLE_QUERY, { slug: a.slug })).headers['x-cache'], 'HIT');
    const unrelated = [`/api/v1/articles/${c.slug}`, `/api/v1/articles?section=${two.slug}`];
    const unrelatedBefore = await Promise.all(unrelated.map((url) => primed(url)));

    await patch(a, { headline: 'Cache: article A, second headline' });

    for (const url of surfaces) {
      const res = await get(url);
      assert.equal(res.status, 200, url);
      assert.match(res.text, /second headline/, `${url} is stale after the update`);
      assert.doesNotMatch(res.text, /first headline/, `${url} is stale after the update`);
    }
    const gqlAfter = await gqlGet(ARTICLE_QUERY, { slug: a.slug });
    assert.equal(gqlAfter.body.data.article.headline, 'Cache: article A, second headline');
    for (const [i, url] of unrelated.entries()) {
      const res = await get(url);
      assert.equal(res.headers['x-cache'], 'HIT', `${url} was purged by a change that does not touch it`);
      assert.equal(res.text, unrelatedBefore[i].text);
    }
  });

  it('after a GraphQL updateArticle, REST and GraphQL reads are fresh', async () => {
    await primed(`/api/v1/articles/${b.slug}`);
    await gqlGet(ARTICLE_QUERY, { slug: b.slug });
    assert.equal((await gqlGet(ARTICLE_QUERY, { slug: b.slug })).headers['x-cache'], 'HIT');
    const res = await t.gql(
      'mutation U($id: ID!, $v: Int!) { updateArticle(id: $id, expectedVersion: $v, input: { headline: "Cache: article B, renamed" }) { version } }',
      { id: b.id, v: b.version },
      editor,
    );
    assert.equal(res.body.errors, undefined, res.text);
    b.version = res.body.data.updateArticle.version;
    assert.equal((await get(`/api/v1/articles/${b.slug}`)).body.headline, 'Cache: article B, renamed');
    assert.equal((await gqlGet(ARTICLE_QUERY, { slug: b.slug })).body.data.article.headline, 'Cache: article B, renamed');
    const list = await get(`/api/v1/articles?section=${one.slug}`);
    assert.ok(list.body.data.some((x: { headline: string }) => x.headline === 'Cache: article B, renamed'));
  });

  it('publish and unpublish purge the lists the article enters and leaves; a move purges the old section too', async () => {
    const oneList = `/api/v1/articles?section=${one.slug}`;
    const twoList = `/api/v1/articles?section=${two.slug}`;
    await primed(oneList);
    const twoBefore = await primed(twoList);
    const d = await published('Cache: article D, just out', one.slug);
    const listed = async (url: string) => (await get(url)).body.data.map((x: { id: string }) => x.id) as string[];
    assert.ok((await listed(oneList)).includes(d.id), 'a published article is missing from its cached section list');
    assert.ok((await listed('/api/v1/newsfeed')).includes(d.id));
    const twoAfter = await get(twoList);
    assert.equal(twoAfter.headers['x-cache'], 'HIT', "a publish in one section purged another section's list");
    assert.equal(twoAfter.text, twoBefore.text);

    await primed(oneList);
    await primed(twoList);
    await patch(d, { section: two.slug });
    assert.ok(!(await listed(oneList)).includes(d.id), 'a moved article is still in its old section list');
    assert.ok((await listed(twoList)).includes(d.id), 'a moved article is missing from its new section list');

    await primed(twoList);
    await primed(`/api/v1/articles/${d.slug}`);
    const res = await t.request('POST', `/api/v1/articles/${d.id}/unpublish`, { token: editor });
    assert.equal(res.status, 200, res.text);
    assert.ok(!(await listed(twoList)).includes(d.id), 'an unpublished article is still listed');
    assert.ok(!(await listed('/api/v1/newsfeed')).includes(d.id));
    assert.equal((await get(`/api/v1/articles/${d.slug}`)).status, 404, 'an unpublished article is still served from the cache');
    assert.doesNotMatch((await get('/feeds/rss.xml')).text, /article D/);
  });

  it('caches search results (REST and GraphQL); a publish and an unpublish purge them, an unrelated answer stays cached', async () => {
    const url = '/api/v1/search?q=zeppelin';
    const gql = 'query S($q: String!) { search(query: $q, first: 10) { edges { node { article { id headline section { slug } } } } } }';
    const ids = (res: HttpResponse) => (res.body.data as { article: { id: string } }[]).map((hit) => hit.article.id);
    const gqlIds = (res: HttpResponse) => (res.body.data.search.edges as { node: { article: { id: string } } }[]).map((edge) => edge.node.article.id);
    assert.deepEqual(ids(await primed(url)), []);
    const firstGql = await gqlGet(gql, { q: 'zeppelin' });
    assert.equal(firstGql.status, 200, firstGql.text);
    assert.equal((await gqlGet(gql, { q: 'zeppelin' })).headers['x-cache'], 'HIT', 'a GraphQL search was not cached');
    const unrelated = await primed(`/api/v1/articles/${c.slug}`);
    assert.ok(
      String(unrelated.headers['surrogate-key'])
        .split(' ')
        .every((key) => key !== 'search'),
    );

    const z = await published('Cache: a zeppelin over the harbour', one.slug);
    const after = await get(url);
    assert.notEqual(after.headers['x-cache'], 'HIT', 'a search answer survived a publish');
    assert.deepEqual(ids(after), [z.id], 'the new article is missing from a cached search');
    assert.deepEqual(gqlIds(await gqlGet(gql, { q: 'zeppelin' })), [z.id]);
    assert.equal((await get(`/api/v1/articles/${c.slug}`)).headers['x-cache'], 'HIT', 'a publish purged an unrelated article');

    await primed(url);
    const res = await t.request('POST', `/api/v1/articles/${z.id}/unpublish`, { token: editor });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(ids(await get(url)), [], 'an unpublished article is still found by a cached search');
  });

  it('a change of tags purges the lists of the tags it leaves and joins; a tag rename the articles showing it', async () => {
    const tag = async (slug: string) => {
      const res = await t.request('POST', '/api/v1/tags', { token: editor, body: { slug, name: `Tag ${slug}`, kind: 'topic' } });
      assert.equal(res.status, 201, res.text);
      return res.body as { id: string; slug: string };
    };
    const [left, joined] = [await tag('cache-left'), await tag('cache-joined')];
    const e = await published('Cache: article E, tagged', one.slug, { tags: [left.slug] });
    const ids = async (url: string) => ((await get(url)).body.data as { id: string }[]).map((x) => x.id);
    await primed(`/api/v1/articles?tag=${left.slug}`);
    await primed(`/api/v1/articles?tag=${joined.slug}`);
    await patch(e, { tags: [joined.slug] });
    assert.deepEqual(await ids(`/api/v1/articles?tag=${left.slug}`), [], 'the article is still listed under the tag it left');
    assert.deepEqual(await ids(`/api/v1/articles?tag=${joined.slug}`), [e.id], 'the article is missing under the tag it joined');
    await primed(`/api/v1/articles/${e.slug}`);
    assert.equal((await t.request('PATCH', `/api/v1/tags/${joined.id}`, { token: editor, body: { name: 'Renamed tag' } })).status, 200);
    assert.equal((await get(`/api/v1/articles/${e.slug}`)).body.tags[0].name, 'Renamed tag');
  });

  it('a media PATCH (caption, credit) purges the articles that show it, and a section rename the articles in it', async () => {
    const demoUrl = `/api/v1/articles/${DEMO_SLUG}`;
    const demo = await primed(demoUrl);
    const unrelated = await primed(`/api/v1/articles/${c.slug}`);
    await gqlGet(ARTICLE_QUERY, { slug: DEMO_SLUG });
    const mediaId: string = demo.body.mainImage.id;
    const res = await t.request('PATCH', `/api/v1/media/${mediaId}`, {
      token: editor,
      body: { caption: 'A caption changed after caching', creator: 'New Creator' },
    });
    assert.equal(res.status, 200, res.text);
    const after = await get(demoUrl);
    assert.equal(after.body.mainImage.caption, 'A caption changed after caching');
    assert.match(after.body.mainImage.creditLine, /New Creator/);
    assert.equal((await gqlGet(ARTICLE_QUERY, { slug: DEMO_SLUG })).body.data.article.mainImage.caption, 'A caption changed after caching');
    assert.equal((await get(`/api/v1/articles/${c.slug}`)).headers['x-cache'], 'HIT');
    assert.equal((await get(`/api/v1/articles/${c.slug}`)).text, unrelated.text);

    await primed(`/api/v1/articles/${c.slug}`);
    const renamed = await t.request('PATCH', `/api/v1/sections/${two.id}`, { token: editor, body: { name: 'Section Two Renamed' } });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal((await get(`/api/v1/articles/${c.slug}`)).body.section.name, 'Section Two Renamed');
  });

  it('never serves nor stores answers to a credential: a draft does not leak', async () => {
    const listUrl = `/api/v1/articles?section=${one.slug}`;
    const anonymous = await primed(listUrl);
    const authed = await t.request('GET', listUrl, { token: editor });
    assert.equal(authed.status, 200);
    assert.notEqual(authed.headers['x-cache'], 'HIT', 'an editor was served from the cache');

    const draft = await t.request('POST', '/api/v1/articles', {
      token: editor,
      body: { headline: 'Cache: a secret draft', section: one.slug, body: [PARAGRAPH] },
    });
    assert.equal(draft.status, 201);
    // The editor reads the draft twice (it would be stored and then hit, were answers to credentials cached).
    for (let i = 0; i < 2; i++) {
      const seen = await t.request('GET', `/api/v1/articles/${draft.body.slug}`, { token: editor });
      assert.equal(seen.status, 200);
      assert.notEqual(seen.headers['x-cache'], 'HIT');
    }
    const leaked = await get(`/api/v1/articles/${draft.body.slug}`);
    assert.equal(leaked.status, 404, 'an anonymous reader got the draft');
    const gqlLeak = await gqlGet(ARTICLE_QUERY, { slug: draft.body.slug });
    assert.equal(gqlLeak.body.data, null);
    // A bad credential is still a 401 on a cached URL: the cache never answers in its place.
    const forged = await t.request('GET', listUrl, { token: 'not-a-token' });
    assert.equal(forged.status, 401);
    assert.equal((await get(listUrl)).text, anonymous.text);
  });

  it('GraphQL GET with an automatic persisted query: not found, registered, then served from the cache', async () => {
    const query = '{ articles(first: 3) { edges { node { id headline } } } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash } }));
    const byHash = `/graphql?extensions=${extensions}`;
    const unknown = await get(byHash, GQL_HEADERS);
    assertGqlError(unknown, 'PERSISTED_QUERY_NOT_FOUND');
    assert.notEqual((await get(byHash, GQL_HEADERS)).headers['x-cache'], 'HIT', 'an error was cached');
    const registered = await get(`/graphql?query=${encodeURIComponent(query)}&extensions=${extensions}`, GQL_HEADERS);
    assert.equal(registered.status, 200, registered.text);
    assert.equal(registered.body.errors, undefined);
    const first = await get(byHash, GQL_HEADERS);
    assert.deepEqual(first.body, registered.body);
    const second = await get(byHash, GQL_HEADERS);
    assert.equal(second.headers['x-cache'], 'HIT');
    assert.equal(second.text, first.text);
    assert.ok(String(second.headers['surrogate-key']).split(' ').includes('articles'));
  });

  it('caches anonymous GraphQL POST queries but never mutations, and answers with errors never', async () => {
    const body = { query: ARTICLE_QUERY, variables: { slug: c.slug } };
    const first = await t.request('POST', '/graphql', { body });
    assert.equal(first.headers['x-cache'], 'MISS');
    const second = await t.request('POST', '/graphql', { body });
    assert.equal(second.headers['x-cache'], 'HIT');
    assert.equal(second.text, first.text);
    const login = {
      query: 'mutation L($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
      variables: { e: 'nobody@example.test', p: 'wrong-password-1' },
    };
    for (let i = 0; i < 2; i++) assert.notEqual((await t.request('POST', '/graphql', { body: login })).headers['x-cache'], 'HIT');
    const missing = { query: ARTICLE_QUERY, variables: { slug: 'no-such-article-anywhere' } };
    for (let i = 0; i < 2; i++) assert.notEqual((await t.request('POST', '/graphql', { body: missing })).headers['x-cache'], 'HIT');
  });

  it('refuses to store an answer read before a purge of one of its keys (a read racing a write)', async () => {
    const cache = t.app.get(ResponseCache);
    const answer = {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"stale":true}'),
      expiresAt: Date.now() + 60_000,
    };
    const before = await cache.store.lookup('race-test-key');
    const snapshot = { generation: before.generation, startedAt: Date.now() };
    // The write commits and purges while the read is still on its way.
    await cache.purge([`article:${a.id}`]);
    assert.equal(await cache.store.store('race-test-key', answer, [`article:${a.id}`, 'articles'], 60_000, snapshot), false);
    assert.equal((await cache.store.lookup('race-test-key')).answer, null);
    // The same read with keys no purge touched is kept.
    assert.equal(await cache.store.store('race-test-key', answer, [`article:${c.id}`], 60_000, snapshot), true);
    assert.notEqual((await cache.store.lookup('race-test-key')).answer, null);
  });
});

describe(`Response cache switched off (${DIALECT})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { CACHE_ENABLED: 'false' } });
  });
  after(async () => {
    await t.close();
    delete process.env.CACHE_ENABLED;
  });

  it('answers every read fresh and still sends the HTTP caching headers', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await t.request('GET', `/api/v1/articles/${DEMO_SLUG}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers['x-cache'], undefined);
      assert.match(String(res.headers['surrogate-key']), /article:/);
      assert.match(String(res.headers['cache-control']), /s-maxage=300/);
    }
  });
});

describe(
  'Response cache across two instances (PostgreSQL + Redis)',
  { skip: !(process.env.DATABASE_URL && process.env.REDIS_URL) && 'needs DATABASE_URL and REDIS_URL' },
  () => {
    let first: TestApp;
    let second: TestApp;
    before(async () => {
      first = await startTestApp();
      second = await startTestApp({ shareDatabaseWith: first });
    });
    after(async () => {
      await second?.close();
      await first?.close();
    });

    it('a write on one instance is visible on the other at once, and unrelated entries survive there', async () => {
      const editor = await first.token('editor');
      const made = await first.request('POST', '/api/v1/articles', {
        token: editor,
        body: { headline: 'Two instances: before', section: 'russia', body: [PARAGRAPH] },
      });
      assert.equal(made.status, 201, made.text);
      const pub = await first.request('POST', `/api/v1/articles/${made.body.id}/publish`, { token: editor });
      assert.equal(pub.status, 200, pub.text);
      const urls = [`/api/v1/articles/${made.body.slug}`, '/api/v1/newsfeed', '/feeds/rss.xml'];
      for (const url of urls) {
        await second.request('GET', url);
        const hit = await second.request('GET', url);
        assert.equal(hit.headers['x-cache'], 'HIT', url);
        assert.match(hit.text, /Two instances: before/, url);
        // The store is shared: the first instance hits what the second stored.
        assert.equal((await first.request('GET', url)).headers['x-cache'], 'HIT', url);
      }
      const unrelated = '/api/v1/sections';
      await second.request('GET', unrelated);
      assert.equal((await second.request('GET', unrelated)).headers['x-cache'], 'HIT');

      const res = await first.request('PATCH', `/api/v1/articles/${made.body.id}`, {
        token: editor,
        headers: { 'If-Match': `"${pub.body.version}"` },
        body: { headline: 'Two instances: after' },
      });
      assert.equal(res.status, 200, res.text);
      for (const url of urls) {
        const fresh = await second.request('GET', url);
        assert.match(fresh.text, /Two instances: after/, `${url} is stale on the other instance`);
      }
      assert.equal((await second.request('GET', unrelated)).headers['x-cache'], 'HIT');
    });

    it("serves its near copy of a shared entry after checking the entry's stamp; an entry the other instance replaced is read afresh", async () => {
      const nearHits = (app: TestApp) => app.app.get(ResponseCache).stats.nearHits;
      const editor = await first.token('editor');
      const made = await first.request('POST', '/api/v1/articles', {
        token: editor,
        body: { headline: 'Near copies: before', section: 'russia', body: [PARAGRAPH] },
      });
      const pub = await first.request('POST', `/api/v1/articles/${made.body.id}/publish`, { token: editor });
      assert.equal(pub.status, 200, pub.text);
      const url = `/api/v1/articles/${made.body.slug}`;

      // The second instance stores the answer, then hits its own copy: Redis is asked for the stamp only.
      const stored = await second.request('GET', url);
      assert.equal(stored.headers['x-cache'], 'MISS');
      let before = nearHits(second);
      const near = await second.request('GET', url);
      assert.equal(near.headers['x-cache'], 'HIT');
      assert.equal(near.text, stored.text);
      assert.equal(nearHits(second), before + 1, 'the second hit was not served from the near copy');

      // The first instance has no copy yet: it reads the whole entry once, then has one.
      before = nearHits(first);
      const shared = await first.request('GET', url);
      assert.equal(shared.headers['x-cache'], 'HIT');
      assert.equal(shared.text, stored.text);
      assert.equal(nearHits(first), before, 'an instance that never held the entry served a near copy');
      await first.request('GET', url);
      assert.equal(nearHits(first), before + 1);

      // A write on the first instance purges the entry, and its next read stores a new one (a new stamp).
      const res = await first.request('PATCH', `/api/v1/articles/${made.body.id}`, {
        token: editor,
        headers: { 'If-Match': `"${pub.body.version}"` },
        body: { headline: 'Near copies: after' },
      });
      assert.equal(res.status, 200, res.text);
      assert.equal((await first.request('GET', url)).headers['x-cache'], 'MISS');
      // The second instance still holds the old copy: its stamp no longer matches, so the new entry is read.
      before = nearHits(second);
      const replaced = await second.request('GET', url);
      assert.equal(replaced.headers['x-cache'], 'HIT');
      assert.match(replaced.text, /Near copies: after/, 'the old near copy was served');
      assert.equal(nearHits(second), before);
      const again = await second.request('GET', url);
      assert.match(again.text, /Near copies: after/);
      assert.equal(nearHits(second), before + 1);
    });
  },
);

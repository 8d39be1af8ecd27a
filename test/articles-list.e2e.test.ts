import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from './support/assertions.js';
import { DEMO_SLUG, startTestApp, type HttpResponse, type TestApp } from './support/test-app.js';

// The article list: keyset pagination (REST and GraphQL), filters, draft lists, bad input,
// the query budget of a page and HTTP caching, on a data set built through the API only.

interface Ref {
  id: string;
  slug: string;
}

interface Summary {
  id: string;
  slug: string;
  locale: string;
  status: string;
  publishedAt: string | null;
  updatedAt: string;
  section: Ref & { locale: string };
  tags: (Ref & { kind: string })[];
  authors: (Ref & { photo: { id: string; url: string } | null })[];
  mainImage: { id: string; url: string; creditLine: string | null } | null;
}

interface ListBody {
  data: Summary[];
  page: { nextCursor: string | null; hasMore: boolean };
}

interface Edge {
  cursor: string;
  node: { id: string; publishedAt: string | null; status: string };
}

interface Connection {
  edges: Edge[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** What the setup made, so every expectation is computed from it. */
interface Made {
  id: string;
  locale: 'en' | 'ru';
  section: string;
  tags: string[];
  authors: string[];
  state: 'draft' | 'published' | 'embargoed';
  publishedAt: Date | null;
  updatedAt: Date;
}

const ARTICLE_COUNT = 46; // 40 visible + the two demo articles = 42, six full pages of 7
const DRAFTS = new Set([3, 14, 25, 36, 44]); // 44 is a Russian one
const EMBARGOED = 20; // published, embargo a week ahead: invisible
const PAST_EMBARGO = 21; // published, embargo already over: visible
const TIE_GROUP = [10, 11, 12, 13]; // one publishedAt for all four: the id decides
const SAME_INSTANT = [26, 27]; // one instant, written with two different offsets
const ONE_MS_LATER = 33; // 1 ms after article 32: must sort before it

const BASE = Date.parse('2025-06-01T12:00:00Z');
const HOUR = 3_600_000;

/** An ISO 8601 date-time of this instant written in the given offset ("+03:00"). */
function withOffset(instant: Date, offset: string): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h, m] = offset.slice(1).split(':').map(Number);
  const shifted = new Date(instant.getTime() + sign * (h * 60 + m) * 60_000);
  return shifted.toISOString().replace('Z', offset);
}

function publishedAtOf(i: number): { instant: Date; text: string } {
  const hoursBack = (n: number) => ((n * 17) % ARTICLE_COUNT) + 1; // a permutation: creation order is not list order
  let instant = new Date(BASE - hoursBack(i) * HOUR);
  if (TIE_GROUP.includes(i)) instant = new Date(BASE - hoursBack(TIE_GROUP[0]) * HOUR);
  if (SAME_INSTANT.includes(i)) instant = new Date(BASE - hoursBack(SAME_INSTANT[0]) * HOUR);
  if (i === ONE_MS_LATER) instant = new Date(BASE - hoursBack(ONE_MS_LATER - 1) * HOUR + 1);
  const offset = i === SAME_INSTANT[1] ? '+03:00' : i % 6 === 1 ? '-05:30' : '+00:00';
  return { instant, text: withOffset(instant, offset) };
}

/** Public order: publishedAt desc, then id desc. */
const byPublication = (a: { publishedAt: Date; id: string }, b: { publishedAt: Date; id: string }) =>
  b.publishedAt.getTime() - a.publishedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Editors' draft order: updatedAt desc, then id desc. */
const byUpdate = (a: Made, b: Made) => b.updatedAt.getTime() - a.updatedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

function assertValidationOf(res: HttpResponse, field: string): void {
  const p = assertProblem(res, 400, 'VALIDATION_FAILED');
  assert.ok(Array.isArray(p.errors), `no errors[] in ${res.text}`);
  assert.ok(
    p.errors.some((e) => e.field === field),
    `errors[] does not name ${field}: ${res.text}`,
  );
}

/** `<http://cms.test/api/v1/articles?…>; rel="next"` → `/api/v1/articles?…` */
function nextFromLink(header: unknown): string {
  const match = /^<([^>]+)>; rel="next"$/.exec(String(header));
  assert.ok(match, `Link header is not <…>; rel="next": ${String(header)}`);
  const url = new URL(match[1]);
  assert.equal(url.origin, 'http://cms.test', 'Link uses PUBLIC_BASE_URL');
  assert.equal(url.pathname, '/api/v1/articles');
  return `${url.pathname}${url.search}`;
}

const LIST_QUERY = `query($first: Int, $after: String, $filter: ArticleFilter) {
  articles(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id publishedAt status } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

describe(`article lists (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let editor: string;
  const made: Made[] = [];
  /** The demo article and its Russian edition (the seed publishes both). */
  let demos: { id: string; publishedAt: Date; locale: string; section: string; tags: string[]; authors: string[] }[];
  let mediaId: string;
  const sections = { parent: 'lst-world', child: 'lst-europe', ru: 'lst-mir' };
  const tagSlugs = ['lst-energy', 'lst-angela-merkel', 'lst-opec', 'lst-berlin'];
  const authorSlugs = ['lst-anna-petrova', 'lst-boris-ivanov', 'lst-carla-diaz'];

  /** The articles an anonymous reader should see, in list order (the demo articles included). */
  function visible(pred: (a: { locale: string; section: string; tags: string[]; authors: string[] }) => boolean = () => true): string[] {
    const rows = made
      .filter((a) => a.state === 'published')
      .map((a) => ({ ...a, publishedAt: a.publishedAt! }))
      .concat(demos.map((demo) => ({ ...demo, state: 'published', updatedAt: demo.publishedAt, locale: demo.locale as Made['locale'] })));
    return rows
      .filter(pred)
      .sort(byPublication)
      .map((a) => a.id);
  }

  async function create(path: string, body: unknown): Promise<Ref & Record<string, unknown>> {
    const res = await t.request('POST', path, { token: editor, body });
    assert.equal(res.status, 201, `POST ${path}: ${res.text}`);
    return res.body as Ref & Record<string, unknown>;
  }

  /** Walks the REST list from the first page by `page.nextCursor`, checking each page and its Link header. */
  async function walkRest(limit: number, filter = ''): Promise<Summary[]> {
    const all: Summary[] = [];
    let url = `/api/v1/articles?${filter}${filter ? '&' : ''}limit=${limit}`;
    for (let pages = 1; ; pages += 1) {
      assert.ok(pages <= 200, 'the walk does not end');
      const res = await t.request('GET', url);
      assert.equal(res.status, 200, `GET ${url}: ${res.text}`);
      const body = res.body as ListBody;
      assert.ok(body.data.length <= limit, `page ${pages} has ${body.data.length} > ${limit} items`);
      all.push(...body.data);
      if (!body.page.hasMore) {
        assert.equal(body.page.nextCursor, null, 'last page has a nextCursor');
        assert.equal(res.headers.link, undefined, 'last page has a Link header');
        return all;
      }
      assert.equal(body.data.length, limit, `page ${pages} is short but hasMore is true`);
      assert.equal(typeof body.page.nextCursor, 'string');
      const fromLink = nextFromLink(res.headers.link);
      url = `/api/v1/articles?${filter}${filter ? '&' : ''}limit=${limit}&cursor=${encodeURIComponent(body.page.nextCursor!)}`;
      // Following the Link header gives the same next page as following page.nextCursor.
      const [viaCursor, viaLink] = [await t.request('GET', url), await t.request('GET', fromLink)];
      assert.equal(viaLink.status, 200, `GET ${fromLink}: ${viaLink.text}`);
      assert.deepEqual(viaLink.body, viaCursor.body, `Link ${fromLink} and nextCursor disagree`);
    }
  }

  /** Walks a filtered REST list by following the Link header only (the filter must travel with it). */
  async function walkRestByLink(filter: string, limit = 4): Promise<string[]> {
    const ids: string[] = [];
    let url: string | null = `/api/v1/articles?${filter}&limit=${limit}`;
    for (let pages = 1; url; pages += 1) {
      assert.ok(pages <= 100, 'the walk does not end');
      const res = await t.request('GET', url);
      assert.equal(res.status, 200, `GET ${url}: ${res.text}`);
      const body = res.body as ListBody;
      ids.push(...body.data.map((a) => a.id));
      assert.equal(res.headers.link !== undefined, body.page.hasMore, `Link present iff hasMore (${url})`);
      url = body.page.hasMore ? nextFromLink(res.headers.link) : null;
    }
    return ids;
  }

  async function walkGql(first: number, filter?: Record<string, string>): Promise<Edge[]> {
    const all: Edge[] = [];
    let after: string | undefined;
    for (let pages = 1; ; pages += 1) {
      assert.ok(pages <= 200, 'the walk does not end');
      const res = await t.gql(LIST_QUERY, { first, after, filter });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.errors, undefined, res.text);
      const conn = res.body.data.articles as Connection;
      assert.ok(conn.edges.length <= first);
      assert.equal(conn.pageInfo.startCursor, conn.edges[0]?.cursor ?? null, 'startCursor is the first edge');
      assert.equal(conn.pageInfo.endCursor, conn.edges.at(-1)?.cursor ?? null, 'endCursor is the last edge');
      assert.equal(conn.pageInfo.hasPreviousPage, false, 'lists are read forwards (documented as always false)');
      all.push(...conn.edges);
      if (!conn.pageInfo.hasNextPage) return all;
      assert.equal(conn.edges.length, first, `page ${pages} is short but hasNextPage is true`);
      after = conn.pageInfo.endCursor!;
    }
  }

  before(async () => {
    t = await startTestApp();
    editor = await t.token('editor');

    const demoRes = await t.request('GET', `/api/v1/articles/${DEMO_SLUG}`);
    assert.equal(demoRes.status, 200, demoRes.text);
    mediaId = demoRes.body.mainImage.id;
    const ruRes = await t.request('GET', `/api/v1/articles/${demoRes.body.translations[0].id}`);
    assert.equal(ruRes.status, 200, ruRes.text);
    demos = [demoRes.body, ruRes.body].map((body) => ({
      id: body.id,
      publishedAt: new Date(body.publishedAt),
      locale: body.locale,
      section: body.section.slug,
      tags: body.tags.map((x: Ref) => x.slug),
      authors: body.authors.map((x: Ref) => x.slug),
    }));

    await create('/api/v1/sections', { slug: sections.parent, name: 'World', locale: 'en' });
    const child = await create('/api/v1/sections', { slug: sections.child, name: 'Europe', locale: 'en', parent: sections.parent });
    assert.ok(child.parentId, 'the child section has a parent');
    await create('/api/v1/sections', { slug: sections.ru, name: 'Мир', locale: 'ru' });
    const kinds = ['topic', 'person', 'organization', 'place'];
    for (const [i, slug] of tagSlugs.entries()) await create('/api/v1/tags', { slug, name: `Tag ${slug}`, kind: kinds[i] });
    for (const slug of authorSlugs) await create('/api/v1/authors', { slug, name: `Author ${slug}`, photo: mediaId });

    const weekAhead = new Date(Date.now() + 7 * 24 * HOUR);
    const dayAgo = new Date(Date.now() - 24 * HOUR);
    for (let i = 0; i < ARTICLE_COUNT; i += 1) {
      const locale = i % 5 === 4 ? 'ru' : 'en';
      const section = locale === 'ru' ? sections.ru : i % 3 === 0 ? sections.parent : sections.child;
      const tags = [tagSlugs[i % 4], tagSlugs[(i + 1) % 4], ...(i % 7 === 0 ? [tagSlugs[(i + 2) % 4]] : [])];
      const authors = [authorSlugs[i % 3], ...(i % 4 === 0 ? [authorSlugs[(i + 1) % 3]] : [])];
      const embargoUntil = i === EMBARGOED ? withOffset(weekAhead, '+03:00') : i === PAST_EMBARGO ? withOffset(dayAgo, '+03:00') : undefined;
      const article = await create('/api/v1/articles', {
        headline: `List article number ${i}`,
        locale,
        section,
        tags,
        authors,
        mainImage: mediaId,
        lead: `Lead ${i}.`,
        body: [{ type: 'paragraph', text: `Body of article ${i}.` }],
        ...(embargoUntil ? { embargoUntil } : {}),
      });
      const entry: Made = {
        id: article.id,
        locale,
        section,
        tags,
        authors,
        state: DRAFTS.has(i) ? 'draft' : i === EMBARGOED ? 'embargoed' : 'published',
        publishedAt: null,
        updatedAt: new Date(String(article.updatedAt)),
      };
      if (!DRAFTS.has(i)) {
        const { instant, text } = publishedAtOf(i);
        const res = await t.request('POST', `/api/v1/articles/${article.id}/publish`, { token: editor, body: { publishedAt: text } });
        assert.equal(res.status, 200, `publish ${i}: ${res.text}`);
        assert.equal(res.body.status, 'published');
        assert.equal(new Date(res.body.publishedAt).getTime(), instant.getTime(), `publishedAt of ${i} (${text})`);
        entry.publishedAt = instant;
        entry.updatedAt = new Date(res.body.updatedAt);
      }
      made.push(entry);
    }
    // The oldest draft is edited last: the editors' draft list must put it first.
    const oldest = made.find((a) => a.state === 'draft')!;
    const patched = await t.request('PATCH', `/api/v1/articles/${oldest.id}`, {
      token: editor,
      headers: { 'if-match': '"1"' },
      body: { headline: 'List article, edited draft' },
    });
    assert.equal(patched.status, 200, patched.text);
    oldest.updatedAt = new Date(patched.body.updatedAt);
  });

  after(async () => t.close());

  for (const limit of [1, 7, 100]) {
    it(`REST: walking ?limit=${limit} page by page gives every visible article once, newest first`, async () => {
      const items = await walkRest(limit);
      const ids = items.map((a) => a.id);
      assert.equal(new Set(ids).size, ids.length, 'an article appears twice');
      assert.deepEqual(ids, visible(), 'the walk is not exactly the visible articles in (publishedAt desc, id desc) order');
      for (const a of items) {
        assert.equal(a.status, 'published');
        assert.equal(a.publishedAt !== null, true);
      }
      // Order as the client sees it, from the answer itself.
      for (let i = 1; i < items.length; i += 1) {
        const [p, q] = [items[i - 1], items[i]];
        const [pt, qt] = [Date.parse(p.publishedAt!), Date.parse(q.publishedAt!)];
        assert.ok(pt > qt || (pt === qt && p.id > q.id), `items ${i - 1} and ${i} out of order`);
      }
      const hidden = made.filter((a) => a.state !== 'published').map((a) => a.id);
      assert.equal(
        ids.some((id) => hidden.includes(id)),
        false,
        'a draft or an embargoed article is listed publicly',
      );
    });
  }

  it('REST: the exact last page has hasMore false and no Link (no empty trailing page)', async () => {
    const total = visible().length;
    assert.equal(total % 7, 0, 'the data set is sized so ?limit=7 ends on a full page');
    let url = '/api/v1/articles?limit=7';
    let pages = 0;
    for (;;) {
      const res = await t.request('GET', url);
      const body = res.body as ListBody;
      pages += 1;
      assert.equal(body.data.length, 7, `page ${pages} is not full`);
      if (!body.page.hasMore) break;
      url = nextFromLink(res.headers.link);
    }
    assert.equal(pages, total / 7);
  });

  it('REST: drafts and the embargoed article stay hidden from a reader too, and a past embargo does not hide', async () => {
    const reader = await t.token('reader');
    const res = await t.request('GET', '/api/v1/articles?limit=100', { token: reader });
    assert.equal(res.status, 200, res.text);
    const ids = (res.body as ListBody).data.map((a) => a.id);
    assert.deepEqual(ids, visible());
    assert.ok(ids.includes(made[PAST_EMBARGO].id), 'the article whose embargo is over is missing');
    assert.ok(!ids.includes(made[EMBARGOED].id), 'the embargoed article is listed');
    // It is published, just not yet visible.
    const direct = await t.request('GET', `/api/v1/articles/${made[EMBARGOED].id}`, { token: editor });
    assert.equal(direct.body.status, 'published');
  });

  for (const first of [1, 7, 100]) {
    it(`GraphQL: walking articles(first: ${first}, after) gives the same ids in the same order as REST`, async () => {
      const edges = await walkGql(first);
      const rest = (await walkRest(100)).map((a) => a.id);
      assert.deepEqual(
        edges.map((e) => e.node.id),
        rest,
      );
      assert.deepEqual(
        edges.map((e) => e.node.id),
        visible(),
      );
      assert.ok(edges.every((e) => e.node.status === 'published'));
    });
  }

  it("GraphQL: an edge's own cursor continues right after that edge", async () => {
    const page = await t.gql(LIST_QUERY, { first: 7 });
    const edges = (page.body.data.articles as Connection).edges;
    const next = await t.gql(LIST_QUERY, { first: 3, after: edges[2].cursor });
    assert.equal(next.body.errors, undefined, next.text);
    assert.deepEqual(
      (next.body.data.articles as Connection).edges.map((e) => e.node.id),
      visible().slice(3, 6),
    );
  });

  const filters: {
    name: string;
    rest: string;
    gql: Record<string, string>;
    pred: (a: { locale: string; section: string; tags: string[]; authors: string[] }) => boolean;
  }[] = [
    { name: 'child section', rest: 'section=lst-europe', gql: { section: 'lst-europe' }, pred: (a) => a.section === 'lst-europe' },
    { name: 'parent section (primary section)', rest: 'section=lst-world', gql: { section: 'lst-world' }, pred: (a) => a.section === 'lst-world' },
    {
      name: 'Russian section',
      rest: 'section=lst-mir&locale=ru',
      gql: { section: 'lst-mir', locale: 'ru' },
      pred: (a) => a.section === 'lst-mir',
    },
    { name: 'topic tag', rest: 'tag=lst-energy', gql: { tag: 'lst-energy' }, pred: (a) => a.tags.includes('lst-energy') },
    { name: 'person tag', rest: 'tag=lst-angela-merkel', gql: { tag: 'lst-angela-merkel' }, pred: (a) => a.tags.includes('lst-angela-merkel') },
    { name: 'author', rest: 'author=lst-boris-ivanov', gql: { author: 'lst-boris-ivanov' }, pred: (a) => a.authors.includes('lst-boris-ivanov') },
    { name: 'locale ru', rest: 'locale=ru', gql: { locale: 'ru' }, pred: (a) => a.locale === 'ru' },
    { name: 'locale en', rest: 'locale=en', gql: { locale: 'en' }, pred: (a) => a.locale === 'en' },
    {
      name: 'section + tag + author',
      rest: 'section=lst-europe&tag=lst-opec&author=lst-boris-ivanov',
      gql: { section: 'lst-europe', tag: 'lst-opec', author: 'lst-boris-ivanov' },
      pred: (a) => a.section === 'lst-europe' && a.tags.includes('lst-opec') && a.authors.includes('lst-boris-ivanov'),
    },
  ];

  for (const f of filters) {
    it(`filter by ${f.name}: REST (?${f.rest}, following Link) and GraphQL return exactly the matching visible articles`, async () => {
      const expected = visible(f.pred);
      assert.ok(expected.length > 0, 'the data set has matches for this filter');
      assert.ok(expected.length < visible().length, 'the filter actually excludes something');
      assert.deepEqual(await walkRestByLink(f.rest), expected);
      assert.deepEqual(
        (await walkGql(5, f.gql)).map((e) => e.node.id),
        expected,
      );
    });
  }

  it('REST: the list items carry their section, tags (with kind), authors (with photo) and main image', async () => {
    const res = await t.request('GET', '/api/v1/articles?limit=100');
    const byId = new Map((res.body as ListBody).data.map((a) => [a.id, a]));
    for (const a of made.filter((x) => x.state === 'published')) {
      const item = byId.get(a.id)!;
      assert.equal(item.section.slug, a.section);
      assert.equal(item.locale, a.locale);
      assert.deepEqual(
        item.tags.map((x) => x.slug),
        a.tags,
      );
      assert.deepEqual(
        item.authors.map((x) => x.slug),
        a.authors,
      );
      assert.ok(item.authors.every((x) => x.photo?.id === mediaId));
      assert.equal(item.mainImage?.id, mediaId);
    }
    const kinds = new Set([...byId.values()].flatMap((x) => x.tags.map((tag) => tag.kind)));
    for (const kind of ['topic', 'person', 'organization', 'place']) assert.ok(kinds.has(kind), `no ${kind} tag in the list`);
  });

  it('an unknown section, tag or author slug is a 404 (REST) and NOT_FOUND (GraphQL)', async () => {
    for (const [param, value] of [
      ['section', 'no-such-section'],
      ['tag', 'no-such-tag'],
      ['author', 'no-such-author'],
    ]) {
      assertProblem(await t.request('GET', `/api/v1/articles?${param}=${value}`), 404, 'NOT_FOUND');
      const res = await t.gql(LIST_QUERY, { filter: { [param]: value } });
      assert.equal(res.status, 200);
      assert.equal(res.body.errors?.[0]?.extensions?.code, 'NOT_FOUND', res.text);
    }
  });

  it('status=draft: editors get the drafts by last change; anonymous is 401, reader and author 403', async () => {
    const drafts = made.filter((a) => a.state === 'draft').sort(byUpdate);
    const res = await t.request('GET', '/api/v1/articles?status=draft&limit=100', { token: editor });
    assert.equal(res.status, 200, res.text);
    const body = res.body as ListBody;
    assert.deepEqual(
      body.data.map((a) => a.id),
      drafts.map((a) => a.id),
    );
    assert.equal(body.data[0].id, made.find((a) => a.state === 'draft')!.id, 'the draft edited last comes first');
    assert.ok(body.data.every((a) => a.status === 'draft'));
    assert.doesNotMatch(String(res.headers['cache-control']), /public/, 'a draft list must not be publicly cacheable');

    // Paged by two through its own cursor.
    const ids: string[] = [];
    let url: string | null = '/api/v1/articles?status=draft&limit=2';
    while (url) {
      const page = await t.request('GET', url, { token: editor });
      assert.equal(page.status, 200, page.text);
      const b = page.body as ListBody;
      ids.push(...b.data.map((a) => a.id));
      url = b.page.hasMore ? `/api/v1/articles?status=draft&limit=2&cursor=${encodeURIComponent(b.page.nextCursor!)}` : null;
    }
    assert.deepEqual(
      ids,
      drafts.map((a) => a.id),
    );

    const gql = await t.gql(LIST_QUERY, { first: 100, filter: { status: 'draft' } }, editor);
    assert.equal(gql.body.errors, undefined, gql.text);
    assert.deepEqual(
      (gql.body.data.articles as Connection).edges.map((e) => e.node.id),
      drafts.map((a) => a.id),
    );

    assertProblem(await t.request('GET', '/api/v1/articles?status=draft'), 401, 'UNAUTHENTICATED');
    // A forged credential is never treated as anonymous, not even on the public list.
    assert.equal((await t.request('GET', '/api/v1/articles', { token: 'not-a-real-token' })).status, 401);
    assertProblem(await t.request('GET', '/api/v1/articles?status=draft', { token: await t.token('reader') }), 403, 'FORBIDDEN');
    assertProblem(await t.request('GET', '/api/v1/articles?status=draft', { token: await t.token('author') }), 403, 'FORBIDDEN');
    const anonymousGql = await t.gql(LIST_QUERY, { filter: { status: 'draft' } });
    assert.equal(anonymousGql.body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', anonymousGql.text);
  });

  it('page sizes outside 1–100 and non-integers are a 400 VALIDATION_FAILED, not clamped', async () => {
    for (const limit of ['0', '101', '-1', 'abc', '2.5']) {
      assertValidationOf(await t.request('GET', `/api/v1/articles?limit=${limit}`), 'limit');
    }
    for (const first of [0, 101]) {
      const res = await t.gql(LIST_QUERY, { first });
      assert.equal(res.body.data, null, `first: ${first} returned data: ${res.text}`);
      assert.equal(res.body.errors?.[0]?.extensions?.code, 'VALIDATION_FAILED', res.text);
    }
  });

  it('a garbage, foreign or truncated cursor is a 400 INVALID_CURSOR (REST) and INVALID_CURSOR (GraphQL)', async () => {
    const draftPage = await t.request('GET', '/api/v1/articles?status=draft&limit=1', { token: editor });
    const draftCursor = (draftPage.body as ListBody).page.nextCursor;
    assert.equal(typeof draftCursor, 'string');
    const publicPage = await t.request('GET', '/api/v1/articles?limit=3');
    const goodCursor = (publicPage.body as ListBody).page.nextCursor!;
    assert.equal((await t.request('GET', `/api/v1/articles?limit=3&cursor=${goodCursor}`)).status, 200);

    const bad = {
      garbage: 'this-is-not-a-cursor',
      'not base64url': 'abc$%^',
      'from the draft list': draftCursor!,
      truncated: goodCursor.slice(0, -6),
    };
    for (const [what, cursor] of Object.entries(bad)) {
      const res = await t.request('GET', `/api/v1/articles?limit=3&cursor=${encodeURIComponent(cursor)}`);
      assert.equal(res.status, 400, `${what}: ${res.text}`);
      assertProblem(res, 400, 'INVALID_CURSOR');
      const gql = await t.gql(LIST_QUERY, { first: 3, after: cursor });
      assert.equal(gql.body.errors?.[0]?.extensions?.code, 'INVALID_CURSOR', `${what}: ${gql.text}`);
    }
  });

  it('unknown parameters, a malformed locale or section slug are a 400 naming the field', async () => {
    assertValidationOf(await t.request('GET', '/api/v1/articles?sort=headline'), 'sort');
    assertValidationOf(await t.request('GET', '/api/v1/articles?locale=EN_us!'), 'locale');
    assertValidationOf(await t.request('GET', '/api/v1/articles?section=Bad%20Slug'), 'section');
    assertValidationOf(await t.request('GET', '/api/v1/articles?tag=Bad%20Slug'), 'tag');
    assertValidationOf(await t.request('GET', '/api/v1/articles?status=published-ish'), 'status');
    const gql = await t.gql(LIST_QUERY, { filter: { locale: 'EN_us!' } });
    assert.equal(gql.body.errors?.[0]?.extensions?.code, 'VALIDATION_FAILED', gql.text);
  });

  it('a page costs a fixed number of queries, whatever its size (REST and GraphQL)', async () => {
    const measureRest = async (limit: number) => {
      await t.idle();
      const before = t.queryCount();
      const res = await t.request('GET', `/api/v1/articles?limit=${limit}`);
      const count = t.queryCount() - before;
      assert.equal(res.status, 200);
      const data = (res.body as ListBody).data;
      assert.equal(data.length, limit);
      // The relations are really there (else the count proves nothing).
      for (const a of data.filter((x) => !demos.some((d) => d.id === x.id))) {
        assert.ok(a.section?.slug && a.tags.length >= 2 && a.authors.length >= 1 && a.mainImage?.id, `article ${a.id} lacks relations`);
        assert.ok(a.authors.every((x) => x.photo?.url));
      }
      return count;
    };
    const rest20 = await measureRest(20);
    const rest5 = await measureRest(5);
    console.log(`REST list page: ${rest20} queries (limit=20), ${rest5} queries (limit=5)`);
    assert.equal(rest20, rest5, 'the REST query count grows with the page size');
    assert.ok(rest20 <= 8, `REST list page costs ${rest20} queries`);

    const measureGql = async (first: number) => {
      const query = `{ articles(first: ${first}) { edges { node {
        id section { slug name } tags { slug kind } authors { slug name photo { id url creditLine } } mainImage { id url creditLine }
      } } } }`;
      await t.idle();
      const before = t.queryCount();
      const res = await t.gql(query);
      const count = t.queryCount() - before;
      assert.equal(res.body.errors, undefined, res.text);
      const nodes = (res.body.data.articles.edges as { node: Summary }[]).map((e) => e.node);
      assert.equal(nodes.length, first);
      for (const a of nodes.filter((x) => !demos.some((d) => d.id === x.id))) {
        assert.ok(a.section?.slug && a.tags.length >= 2 && a.authors.length >= 1 && a.mainImage?.id, `article ${a.id} lacks relations`);
        assert.ok(a.authors.every((x) => x.photo?.url));
      }
      return count;
    };
    const gql20 = await measureGql(20);
    const gql5 = await measureGql(5);
    console.log(`GraphQL list page: ${gql20} queries (first: 20), ${gql5} queries (first: 5)`);
    assert.equal(gql20, gql5, 'the GraphQL query count grows with the page size');
    assert.ok(gql20 <= 8, `GraphQL list page costs ${gql20} queries`);
  });

  it('one article reads its section, image, tags and bylines in its own statement, the same as the batched list', async () => {
    const list = ((await t.request('GET', '/api/v1/articles?limit=5')).body as ListBody).data.filter((x) => !demos.some((d) => d.id === x.id));
    assert.ok(list.length > 0);
    for (const summary of list) {
      await t.idle();
      const before = t.queryCount();
      const res = await t.request('GET', `/api/v1/articles/${summary.slug}`);
      const count = t.queryCount() - before;
      assert.equal(res.status, 200, res.text);
      const article = res.body as Summary & { corrections: unknown[]; translations: unknown[] };
      // Read together or batched per kind, the relations are the same records in the same order.
      for (const field of ['section', 'tags', 'authors', 'mainImage'] as const) assert.deepEqual(article[field], summary[field], field);
      assert.ok(article.tags.length >= 2 && article.authors.length >= 1 && article.mainImage?.id);
      assert.deepEqual([article.corrections, article.translations], [[], []]);
      // The article's statement, then the bylines' photos (not carried along): no query per kind of relation.
      assert.ok(count <= 2, `GET one article cost ${count} queries`);
    }
  });

  // Last: it publishes a draft, which changes the list.
  it('the public list has an ETag and public Cache-Control; If-None-Match gets a 304 until a publish changes it', async () => {
    const url = '/api/v1/articles?limit=5';
    const first = await t.request('GET', url);
    assert.equal(first.status, 200);
    const etag = first.headers.etag;
    assert.equal(typeof etag, 'string', 'no ETag');
    assert.match(String(first.headers['cache-control']), /^public/);

    const again = await t.request('GET', url, { headers: { 'if-none-match': String(etag) } });
    assert.equal(again.status, 304, again.text);
    assert.equal(again.text, '');
    assert.equal(again.headers.etag, etag, 'a 304 repeats the ETag');

    const draft = made.find((a) => a.state === 'draft')!;
    const published = await t.request('POST', `/api/v1/articles/${draft.id}/publish`, { token: editor, body: {} });
    assert.equal(published.status, 200, published.text);

    const after = await t.request('GET', url, { headers: { 'if-none-match': String(etag) } });
    assert.equal(after.status, 200, 'a stale ETag still gets a 304 after a publish');
    assert.notEqual(after.headers.etag, etag);
    assert.equal((after.body as ListBody).data[0].id, draft.id, 'the article published just now is first');
  });
});

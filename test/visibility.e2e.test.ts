import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CLOCK, type Clock } from '../src/common/util/clock.js';
import { assertGqlError, assertProblem, servedBy } from './support/assertions.js';
import { startTestApp, type HttpResponse, type TestApp } from './support/test-app.js';

/**
 * The invariant: unpublished content (draft, in review, scheduled, embargoed, archived)
 * never reaches a reader — not by id, slug, list, filter, relation, count, GraphQL field
 * or error message. One article in each hidden state and a published control share a
 * section, a tag and a byline; every public surface (SURFACES) is asked about each of
 * them, as an anonymous client and as a signed-in reader.
 */

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const UNKNOWN_ID = '0f0e0d0c-0b0a-4909-8807-060504030201';
const DAY = 86_400_000;

type FixtureKey = 'draft' | 'in_review' | 'scheduled' | 'embargoed' | 'archived' | 'control';
const FIXTURES: FixtureKey[] = ['draft', 'in_review', 'scheduled', 'embargoed', 'archived', 'control'];
type Caller = 'anonymous' | 'reader';
const CALLERS: Caller[] = ['anonymous', 'reader'];

interface Fixture {
  key: FixtureKey | 'anchor';
  id: string;
  slug: string;
  headline: string;
  /** Text only this article's lead carries. */
  lead: string;
  /** The status it is in (embargoed: published). */
  status: string;
}

/** The shared taxonomy every fixture uses. */
interface Place {
  section: string;
  tag: string;
  author: string;
  locale: string;
}

/** What one surface answered about one article. */
interface Seen {
  shown: boolean;
  /** Every answer body read. None may mention a hidden article. */
  texts: string[];
  /** What the request itself named (an id or slug echoed back in a 404 is no leak). */
  asked?: string[];
}

interface SurfaceContext {
  a: Fixture;
  place: Place;
  token?: string;
  /** The ETag the article had when it was last public, if it ever was. */
  publicEtag?: string;
}

interface Surface {
  name: string;
  /** false: the surface never lists articles (a section or tag page); it must only never mention a hidden one. */
  listsArticles: boolean;
  /** Asks the surface about `a`; asserts the shape of a refusal itself. */
  see(ctx: SurfaceContext): Promise<Seen>;
}

describe(`nothing unpublished reaches a reader (${DIALECT})`, () => {
  let t: TestApp;
  let clock: Clock;
  const originalNow = () => new Date();
  const tokens = {} as Record<'admin' | 'editor' | 'author' | 'reader', string>;
  const fx = {} as Record<FixtureKey, Fixture>;
  /** Published all along, in the same section: the way in for relation surfaces (article → section → articles). */
  let anchor: Fixture;
  const publicEtags = new Map<string, string>();
  const run = randomBytes(3).toString('hex');
  const place: Place = { section: `vis-desk-${run}`, tag: `vis-tag-${run}`, author: `vis-byline-${run}`, locale: 'en' };
  let embargoUntil: Date;

  const { req, gql } = servedBy(() => t);
  const gqlData = (res: HttpResponse) => {
    assert.equal(res.body.errors, undefined, res.text.slice(0, 600));
    return res.body.data as Record<string, unknown>;
  };

  /** Without the per-request parts, a problem says only what was asked. */
  const normalised = (res: HttpResponse, asked: string) => {
    const { requestId: _r, ...rest } = res.body as Record<string, unknown>;
    return JSON.stringify(rest).split(asked).join('<asked>');
  };
  /** A 404 exactly like the one for something that never existed: no hint that it does. */
  const assertLikeUnknown = async (res: HttpResponse, asked: string, unknown: string, url: (key: string) => string, token?: string) => {
    assertProblem(res, 404, 'NOT_FOUND');
    const never = await req('GET', url(unknown), { token });
    assertProblem(never, 404, 'NOT_FOUND');
    assert.equal(normalised(res, asked), normalised(never, unknown), 'the 404 is the same as for an article that never existed');
  };

  /** Every page of a REST list. A page that hasMore promised must not come back empty (that would count a hidden row). */
  const restPages = async (url: string, token: string | undefined, limit: number): Promise<{ ids: string[]; texts: string[] }> => {
    const ids: string[] = [];
    const texts: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 200; page += 1) {
      const sep = url.includes('?') ? '&' : '?';
      const res = await req('GET', `${url}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
      assert.equal(res.status, 200, res.text);
      texts.push(res.text, String(res.headers.link ?? ''));
      const items = res.body.data as { id: string }[];
      if (page > 0) assert.ok(items.length > 0, `${url}: a page promised by hasMore is empty (a hidden article was counted)`);
      assert.ok(items.length <= limit);
      ids.push(...items.map((i) => i.id));
      assert.equal(Boolean(res.headers.link), res.body.page.hasMore, 'a Link header exactly when another page follows');
      if (!res.body.page.hasMore) return { ids, texts };
      cursor = res.body.page.nextCursor;
    }
    throw new Error(`${url}: more than 200 pages`);
  };

  interface Connection {
    edges: { cursor: string; node: { id: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }
  /** Every page of a GraphQL connection; `query` takes $first and $after, `pick` finds the connection in data. */
  const gqlPages = async (
    query: string,
    variables: Record<string, unknown>,
    pick: (data: Record<string, unknown>) => Connection,
    token: string | undefined,
    first: number,
  ): Promise<{ ids: string[]; texts: string[] }> => {
    const ids: string[] = [];
    const texts: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 200; page += 1) {
      const res = await gql(query, { ...variables, first, after }, token);
      texts.push(res.text);
      const connection = pick(gqlData(res));
      if (page > 0) assert.ok(connection.edges.length > 0, 'a page promised by hasNextPage is empty (a hidden article was counted)');
      ids.push(...connection.edges.map((e) => e.node.id));
      if (!connection.pageInfo.hasNextPage) return { ids, texts };
      after = connection.pageInfo.endCursor;
    }
    throw new Error('more than 200 pages');
  };

  const restList = (name: string, query: (p: Place) => string, limit = 1): Surface => ({
    name: `REST GET /articles${query(place)}`.replace(/\?$/, '') + ` (${name}, every page)`,
    listsArticles: true,
    see: async ({ a, token }) => {
      const { ids, texts } = await restPages(`/api/v1/articles${query(place)}`, token, limit);
      return { shown: ids.includes(a.id), texts };
    },
  });

  const CONNECTION = 'edges { cursor node { id headline slug } } pageInfo { hasNextPage endCursor }';
  const gqlList = (name: string, filter: (p: Place) => Record<string, string>): Surface => ({
    name: `GraphQL articles(filter: ${name}) (every page)`,
    listsArticles: true,
    see: async ({ a, token }) => {
      const { ids, texts } = await gqlPages(
        `query($filter: ArticleFilter, $first: Int, $after: String) { articles(filter: $filter, first: $first, after: $after) { ${CONNECTION} } }`,
        { filter: filter(place) },
        (d) => d.articles as Connection,
        token,
        1,
      );
      return { shown: ids.includes(a.id), texts };
    },
  });

  /** A read that shows no articles: it must not mention one either. */
  const plain = (name: string, read: (token?: string) => Promise<HttpResponse>): Surface => ({
    name,
    listsArticles: false,
    see: async ({ token }) => {
      const res = await read(token);
      assert.equal(res.status, 200, res.text);
      if (res.body?.errors) assert.fail(res.text);
      return { shown: false, texts: [res.text] };
    },
  });

  /** A newsroom-only read: 401 to anonymous clients, 403 to readers, and nothing about the article. */
  const newsroomOnly = (name: string, read: (a: Fixture, token?: string) => Promise<HttpResponse>, graphql = false): Surface => ({
    name,
    listsArticles: false,
    see: async ({ a, token }) => {
      const res = await read(a, token);
      if (graphql) assertGqlError(res, token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
      else assertProblem(res, token ? 403 : 401, token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
      return { shown: false, texts: [res.text], asked: [a.id] };
    },
  });

  /**
   * Every surface a reader can reach an article through. Later issues add theirs here
   * (feeds, search, sitemaps, newsfeed, realtime, ninjs…): each fixture in each phase is
   * checked against all of them.
   */
  const SURFACES: Surface[] = [
    // --- one article, REST
    {
      name: 'REST GET /articles/{id}',
      listsArticles: true,
      see: async ({ a, token }) => {
        const url = (key: string) => `/api/v1/articles/${key}`;
        const res = await req('GET', url(a.id), { token });
        if (res.status === 200) return { shown: res.body.id === a.id, texts: [res.text] };
        await assertLikeUnknown(res, a.id, UNKNOWN_ID, url, token);
        return { shown: false, texts: [res.text], asked: [a.id] };
      },
    },
    {
      name: 'REST GET /articles/{slug}',
      listsArticles: true,
      see: async ({ a, token }) => {
        const url = (key: string) => `/api/v1/articles/${key}`;
        const res = await req('GET', url(a.slug), { token });
        if (res.status === 200) return { shown: res.body.id === a.id, texts: [res.text] };
        await assertLikeUnknown(res, a.slug, `no-such-${a.slug}`, url, token);
        return { shown: false, texts: [res.text], asked: [a.slug] };
      },
    },
    {
      name: 'REST GET /articles/{slug}?locale=',
      listsArticles: true,
      see: async ({ a, token }) => {
        const url = (key: string) => `/api/v1/articles/${key}?locale=${place.locale}`;
        const res = await req('GET', url(a.slug), { token });
        if (res.status === 200) return { shown: res.body.id === a.id, texts: [res.text] };
        await assertLikeUnknown(res, a.slug, `no-such-${a.slug}`, url, token);
        return { shown: false, texts: [res.text], asked: [a.slug] };
      },
    },
    {
      name: 'REST HEAD /articles/{id} and /articles/{slug}',
      listsArticles: true,
      see: async ({ a, token }) => {
        const answers = [await req('HEAD', `/api/v1/articles/${a.id}`, { token }), await req('HEAD', `/api/v1/articles/${a.slug}`, { token })];
        const statuses = answers.map((r) => r.status);
        if (statuses.every((s) => s === 404)) return { shown: false, texts: answers.map((r) => r.text), asked: [a.id, a.slug] };
        assert.deepEqual(statuses, [200, 200], 'HEAD answers like GET');
        return { shown: true, texts: [] };
      },
    },
    {
      name: 'REST GET /articles/{id|slug} with If-None-Match (current editor ETag, last public ETag, *)',
      listsArticles: true,
      see: async ({ a, token, publicEtag }) => {
        const editorEtag = String((await req('GET', `/api/v1/articles/${a.id}`, { token: tokens.editor })).headers.etag);
        const tags = [editorEtag, '*', ...(publicEtag ? [publicEtag] : [])];
        const answers: HttpResponse[] = [];
        for (const key of [a.id, a.slug]) {
          for (const tag of tags) answers.push(await req('GET', `/api/v1/articles/${key}`, { token, headers: { 'if-none-match': tag } }));
        }
        if (answers.every((r) => r.status === 404)) {
          for (const r of answers) assertProblem(r, 404, 'NOT_FOUND');
          return { shown: false, texts: answers.map((r) => r.text), asked: [a.id, a.slug] };
        }
        for (const r of answers) assert.ok(r.status === 200 || r.status === 304, `a visible article answers 200 or 304, got ${r.status}`);
        return { shown: true, texts: [] };
      },
    },
    // --- lists, REST (small pages, so every cursor and hasMore is exercised)
    restList('all', () => '', 2),
    restList('section', (p) => `?section=${p.section}`),
    restList('tag', (p) => `?tag=${p.tag}`),
    restList('author', (p) => `?author=${p.author}`),
    restList('locale', (p) => `?locale=${p.locale}`, 2),
    restList('all filters', (p) => `?section=${p.section}&tag=${p.tag}&author=${p.author}&locale=${p.locale}`),
    // --- one article, GraphQL
    {
      name: 'GraphQL article(id)',
      listsArticles: true,
      see: async ({ a, token }) => {
        const res = await gql('query($id: ID!) { article(id: $id) { id headline slug status } }', { id: a.id }, token);
        if (res.body.data?.article) return { shown: res.body.data.article.id === a.id, texts: [res.text] };
        assertGqlError(res, 'NOT_FOUND');
        assert.equal(res.body.data, null);
        return { shown: false, texts: [res.text], asked: [a.id] };
      },
    },
    {
      name: 'GraphQL article(slug) and article(slug, locale)',
      listsArticles: true,
      see: async ({ a, token }) => {
        const answers = [
          await gql('query($slug: String!) { article(slug: $slug) { id headline } }', { slug: a.slug }, token),
          await gql(
            'query($slug: String!, $locale: String) { article(slug: $slug, locale: $locale) { id headline } }',
            { slug: a.slug, locale: place.locale },
            token,
          ),
        ];
        const found = answers.map((r) => r.body.data?.article?.id === a.id);
        if (found.every(Boolean)) return { shown: true, texts: [] };
        for (const r of answers) assertGqlError(r, 'NOT_FOUND');
        return { shown: found.some(Boolean), texts: answers.map((r) => r.text), asked: [a.slug] };
      },
    },
    // --- lists, GraphQL
    gqlList('{}', () => ({})),
    gqlList('{ section }', (p) => ({ section: p.section })),
    gqlList('{ tag }', (p) => ({ tag: p.tag })),
    gqlList('{ author }', (p) => ({ author: p.author })),
    gqlList('{ locale }', (p) => ({ locale: p.locale })),
    // --- relations
    {
      name: 'GraphQL section(slug) { articles } (every page)',
      listsArticles: true,
      see: async ({ a, token }) => {
        const { ids, texts } = await gqlPages(
          `query($slug: String!, $first: Int, $after: String) { section(slug: $slug) { slug articles(first: $first, after: $after) { ${CONNECTION} } } }`,
          { slug: place.section },
          (d) => (d.section as { articles: Connection }).articles,
          token,
          1,
        );
        return { shown: ids.includes(a.id), texts };
      },
    },
    {
      name: 'GraphQL sections(locale) { articles }',
      listsArticles: true,
      see: async ({ a, token }) => {
        const res = await gql(
          'query($locale: String) { sections(locale: $locale) { slug articles(first: 100) { edges { node { id headline } } } } }',
          { locale: place.locale },
          token,
        );
        const sections = gqlData(res).sections as { slug: string; articles: { edges: { node: { id: string } }[] } }[];
        const ours = sections.find((s) => s.slug === place.section);
        assert.ok(ours, 'the section is in the tree');
        return { shown: ours.articles.edges.some((e) => e.node.id === a.id), texts: [res.text] };
      },
    },
    {
      name: 'GraphQL article(anchor) { section { articles } }',
      listsArticles: true,
      see: async ({ a, token }) => {
        const res = await gql(
          'query($id: ID!) { article(id: $id) { id section { slug articles(first: 100) { edges { node { id headline } } } } } }',
          { id: anchor.id },
          token,
        );
        const section = (gqlData(res).article as { section: { articles: { edges: { node: { id: string } }[] } } }).section;
        return { shown: section.articles.edges.some((e) => e.node.id === a.id), texts: [res.text] };
      },
    },
    // --- pages about the section, tag and byline: they never list articles, and never mention a hidden one
    plain('REST GET /sections/{slug}', (token) => req('GET', `/api/v1/sections/${place.section}`, { token })),
    plain('REST GET /sections', (token) => req('GET', '/api/v1/sections', { token })),
    plain('REST GET /tags/{slug}', (token) => req('GET', `/api/v1/tags/${place.tag}`, { token })),
    plain('REST GET /tags', (token) => req('GET', '/api/v1/tags', { token })),
    plain('REST GET /authors/{slug}', (token) => req('GET', `/api/v1/authors/${place.author}`, { token })),
    plain('REST GET /authors', (token) => req('GET', '/api/v1/authors', { token })),
    plain('GraphQL section, tag, author', (token) =>
      gql(
        'query($s: String!, $t: String!, $a: String!) { section(slug: $s) { id slug name description children { slug } } tag(slug: $t) { id slug name } author(slug: $a) { id slug name bio } }',
        { s: place.section, t: place.tag, a: place.author },
        token,
      ),
    ),
    // --- newsroom-only reads: refused, and the refusal says nothing
    newsroomOnly('REST GET /articles?status={its status}', (a, token) => req('GET', `/api/v1/articles?status=${a.status}`, { token })),
    newsroomOnly(
      'GraphQL articles(filter: { status })',
      (a, token) => gql('query($s: ArticleStatus) { articles(filter: { status: $s }) { edges { node { id } } } }', { s: a.status }, token),
      true,
    ),
    newsroomOnly('REST GET /articles/{id}/revisions', (a, token) => req('GET', `/api/v1/articles/${a.id}/revisions`, { token })),
    newsroomOnly('REST GET /articles/{id}/revisions/1', (a, token) => req('GET', `/api/v1/articles/${a.id}/revisions/1`, { token })),
    newsroomOnly(
      'GraphQL articleRevisions(id)',
      (a, token) => gql('query($id: ID!) { articleRevisions(id: $id) { headline } }', { id: a.id }, token),
      true,
    ),
    newsroomOnly('REST POST /articles/{id}/preview-token', (a, token) => req('POST', `/api/v1/articles/${a.id}/preview-token`, { token })),
  ];

  /** Asks every surface about `a` as `caller`; collects every surface that got it wrong. */
  const checkEverywhere = async (a: Fixture, caller: Caller, visible: boolean): Promise<void> => {
    const token = caller === 'reader' ? tokens.reader : undefined;
    const failures: string[] = [];
    for (const surface of SURFACES) {
      try {
        const seen = await surface.see({ a, place, token, publicEtag: publicEtags.get(a.id) });
        const expected = surface.listsArticles && visible;
        assert.equal(seen.shown, expected, expected ? 'the article should be shown here' : 'the article must not be shown here');
        if (!expected) {
          const asked = seen.asked ?? [];
          for (const marker of [a.headline, a.lead, a.slug, a.id]) {
            if (asked.includes(marker)) continue;
            const leak = seen.texts.find((text) => text.includes(marker));
            assert.equal(leak, undefined, `the answer mentions "${marker}": ${leak?.slice(0, 300)}`);
          }
        }
      } catch (error) {
        failures.push(`${surface.name}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    assert.deepEqual(failures, [], `${a.key} as ${caller}:\n${failures.join('\n')}`);
  };

  /** One phase: which fixtures a reader must see on every surface, and that the rest show nowhere. */
  const phase = (visible: FixtureKey[]) => {
    for (const key of FIXTURES) {
      for (const caller of CALLERS) {
        const shown = visible.includes(key);
        it(`${key}: ${shown ? 'shown' : 'hidden'} on every surface to ${caller === 'reader' ? 'a reader (JWT)' : 'an anonymous client'}`, async () => {
          await checkEverywhere(fx[key], caller, shown);
        });
      }
    }
  };

  const move = async (id: string, op: string, body?: unknown): Promise<Record<string, unknown>> => {
    const res = await req('POST', `/api/v1/articles/${id}/${op}`, { token: tokens.editor, body });
    assert.equal(res.status, 200, `${op}: ${res.text}`);
    return res.body;
  };
  const create = async (key: FixtureKey | 'anchor', extra: Record<string, unknown> = {}): Promise<Fixture> => {
    const slug = `vis-${key.replace('_', '-')}-${run}`;
    const headline = `Visibility ${key} headline ${run}`;
    const lead = `Lead marker ${key} ${run}.`;
    const res = await req('POST', '/api/v1/articles', {
      token: tokens.author,
      body: {
        headline,
        slug,
        lead,
        section: place.section,
        tags: [place.tag],
        authors: [place.author],
        body: [{ type: 'paragraph', text: `Body of ${key}.` }],
        ...extra,
      },
    });
    assert.equal(res.status, 201, res.text);
    return { key, id: res.body.id, slug, headline, lead, status: 'draft' };
  };

  before(async () => {
    t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0' } });
    clock = t.app.get<Clock>(CLOCK);
    clock.now = originalNow;
    for (const role of ['admin', 'editor', 'author', 'reader'] as const) tokens[role] = await t.token(role);
    const post = async (url: string, body: unknown) => {
      const res = await req('POST', url, { token: tokens.editor, body });
      assert.equal(res.status, 201, `${url}: ${res.text}`);
    };
    await post('/api/v1/sections', { name: `Visibility desk ${run}`, slug: place.section });
    await post('/api/v1/tags', { name: `Visibility tag ${run}`, slug: place.tag, kind: 'topic' });
    await post('/api/v1/authors', { name: `Visibility Byline ${run}`, slug: place.author });

    const now = clock.now().getTime();
    embargoUntil = new Date(now + DAY);
    anchor = await create('anchor');
    await move(anchor.id, 'publish');

    fx.draft = await create('draft');
    fx.in_review = await create('in_review');
    await move(fx.in_review.id, 'submit');
    fx.in_review.status = 'in_review';
    fx.scheduled = await create('scheduled');
    // Goes live after the embargo below lifts; the scheduler is off, so it stays scheduled whatever the clock says.
    await move(fx.scheduled.id, 'schedule', { publishAt: new Date(now + 3 * DAY).toISOString() });
    fx.scheduled.status = 'scheduled';
    fx.embargoed = await create('embargoed', { embargoUntil: embargoUntil.toISOString() });
    const embargoed = await move(fx.embargoed.id, 'publish');
    assert.equal(embargoed.status, 'published', 'publishing under embargo is allowed');
    fx.embargoed.status = 'published';
    fx.archived = await create('archived');
    await move(fx.archived.id, 'publish');
    // It was public once: remember the ETag a reader may have cached.
    publicEtags.set(fx.archived.id, String((await req('GET', `/api/v1/articles/${fx.archived.id}`)).headers.etag));
    await move(fx.archived.id, 'archive');
    fx.archived.status = 'archived';
    fx.control = await create('control');
    await move(fx.control.id, 'publish');
    fx.control.status = 'published';
    publicEtags.set(fx.control.id, String((await req('GET', `/api/v1/articles/${fx.control.id}`)).headers.etag));
  });
  after(async () => {
    clock.now = originalNow;
    await t.close();
  });

  it('the fixtures are in the states they should be, and editors see each of them by id (REST and GraphQL)', async () => {
    const want: Record<FixtureKey, string> = {
      draft: 'draft',
      in_review: 'in_review',
      scheduled: 'scheduled',
      embargoed: 'published',
      archived: 'archived',
      control: 'published',
    };
    for (const key of FIXTURES) {
      const a = fx[key];
      const rest = await req('GET', `/api/v1/articles/${a.id}`, { token: tokens.editor });
      assert.equal(rest.status, 200, rest.text);
      assert.equal(rest.body.status, want[key], key);
      assert.equal(rest.body.headline, a.headline);
      const bySlug = await req('GET', `/api/v1/articles/${a.slug}`, { token: tokens.editor });
      assert.equal(bySlug.body.id, a.id);
      const viaGql = await gql('query($id: ID!) { article(id: $id) { id status } }', { id: a.id }, tokens.editor);
      assert.deepEqual(gqlData(viaGql).article, { id: a.id, status: want[key] });
    }
    assert.equal(
      new Date(String((await req('GET', `/api/v1/articles/${fx.embargoed.id}`, { token: tokens.editor })).body.embargoUntil)).getTime(),
      embargoUntil.getTime(),
    );
    // Editors find each non-published one in its status list.
    for (const key of ['draft', 'in_review', 'scheduled', 'archived'] as const) {
      const res = await req('GET', `/api/v1/articles?status=${want[key]}&limit=100`, { token: tokens.editor });
      assert.ok(
        (res.body.data as { id: string }[]).some((x) => x.id === fx[key].id),
        key,
      );
    }
  });

  describe('before the embargo: only the control is public', () => {
    phase(['control']);
  });

  describe('once the clock passes embargoUntil: the embargoed article is public too', () => {
    before(() => {
      const at = embargoUntil.getTime() + 3_600_000;
      clock.now = () => new Date(at);
    });
    phase(['control', 'embargoed']);
  });

  describe('after the control is archived: it is gone from every surface', () => {
    before(async () => {
      await move(fx.control.id, 'archive');
      fx.control.status = 'archived';
    });
    phase(['embargoed']);
  });
});

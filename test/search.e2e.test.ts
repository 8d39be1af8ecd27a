import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertGqlError, assertProblem, servedBy } from './support/assertions.js';
import { DEMO_RU_SLUG, DEMO_SLUG, startTestApp, type HttpResponse, type TestApp } from './support/test-app.js';

/**
 * Full-text search, REST and GraphQL, on the database the suite runs on: stemming in English
 * and Russian, ranking, highlights, filters, keyset pages, the visibility rule (the index
 * follows every write at once) and hostile queries.
 */

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';

interface Hit {
  article: { id: string; slug: string; headline: string; locale: string; section: { slug: string }; tags: { slug: string }[] };
  score: number;
  highlights: { field: 'headline' | 'lead' | 'body'; snippet: string }[];
}

interface ArticleSpec {
  headline: string;
  lead?: string;
  text?: string;
  locale?: string;
  section?: string;
  tags?: string[];
  /** A past publication time; 'now' publishes now; null leaves a draft. */
  publishedAt?: string | null;
  embargoUntil?: string;
}

describe(`search (${DIALECT})`, () => {
  let t: TestApp;
  let editor: string;
  const { req, gql } = servedBy(() => t);

  const search = async (query: string, headers?: Record<string, string>): Promise<HttpResponse> => req('GET', `/api/v1/search?${query}`, { headers });
  const hits = async (query: string, headers?: Record<string, string>): Promise<Hit[]> => {
    const res = await search(query, headers);
    assert.equal(res.status, 200, res.text.slice(0, 500));
    return res.body.data as Hit[];
  };
  const slugsFor = async (query: string, headers?: Record<string, string>) => (await hits(query, headers)).map((h) => h.article.slug);
  const q = (text: string) => `q=${encodeURIComponent(text)}`;
  /** The path and query of a `Link: <…>; rel="next"` header (absolute on PUBLIC_BASE_URL). */
  const nextFromLink = (link: unknown) => {
    const url = new URL(/^<([^>]+)>; rel="next"$/.exec(String(link))![1]);
    assert.equal(url.origin, 'http://cms.test');
    return url.pathname + url.search;
  };

  async function create(slug: string, spec: ArticleSpec): Promise<string> {
    const res = await req('POST', '/api/v1/articles', {
      token: editor,
      body: {
        slug,
        headline: spec.headline,
        locale: spec.locale ?? 'en',
        section: spec.section ?? 'russia',
        ...(spec.lead ? { lead: spec.lead } : {}),
        tags: spec.tags ?? [],
        body: [{ type: 'paragraph', text: spec.text ?? 'Nothing to see here.' }],
        ...(spec.embargoUntil ? { embargoUntil: spec.embargoUntil } : {}),
      },
    });
    assert.equal(res.status, 201, res.text);
    if (spec.publishedAt !== null) {
      const body = spec.publishedAt && spec.publishedAt !== 'now' ? { publishedAt: spec.publishedAt } : {};
      const pub = await req('POST', `/api/v1/articles/${res.body.id}/publish`, { token: editor, body });
      assert.equal(pub.status, 200, pub.text);
    }
    return res.body.id as string;
  }

  before(async () => {
    t = await startTestApp();
    editor = await t.token('editor');
    await req('POST', '/api/v1/sections', { token: editor, body: { slug: 'srch-world', name: 'World', locale: 'en' } });
    for (const [slug, name] of [
      ['srch-energy', 'Energy'],
      ['srch-summit', 'Summit'],
    ]) {
      await req('POST', '/api/v1/tags', { token: editor, body: { slug, name, kind: 'topic' } });
    }
    await create('diplomats-gather', {
      headline: 'Ambassadors gather in the capital',
      text: 'The diplomats met behind closed doors to discuss the treaty.',
      publishedAt: '2025-03-01T10:00:00+00:00',
    });
    await create('diplomaty-sobralis', {
      headline: 'Послы собрались в столице',
      locale: 'ru',
      text: 'Дипломаты встретились за закрытыми дверями, чтобы обсудить договор.',
      publishedAt: '2025-03-02T10:00:00+00:00',
    });
    await create('zorblat-headline', {
      headline: 'Zorblat talks resume',
      text: 'Negotiators returned to the table on Tuesday.',
      section: 'srch-world',
      tags: ['srch-summit'],
      publishedAt: '2025-04-10T10:00:00+00:00',
    });
    await create('zorblat-body', {
      headline: 'Markets close higher',
      text: 'Traders shrugged off the news; one analyst mentioned the zorblat question in passing, among many other things that mattered more.',
      tags: ['srch-energy'],
      publishedAt: '2025-05-20T10:00:00+00:00',
    });
    await create('cafe-story', { headline: 'A Café on the boulevard', text: 'Café culture <b>returns</b> & thrives.', publishedAt: 'now' });
  });
  after(async () => t?.close());

  describe('language', () => {
    it('English stemming: "diplomat" finds "diplomats"', async () => {
      assert.ok((await slugsFor(q('diplomat'))).includes('diplomats-gather'));
      assert.ok((await slugsFor(`${q('diplomat')}&locale=en`)).includes('diplomats-gather'));
      assert.ok((await slugsFor(q('discussing treaties'))).includes('diplomats-gather'), 'each word in any form');
    });

    it('Russian stemming: "дипломатов" finds the article whose text has "дипломаты", and not the English one', async () => {
      const ru = await slugsFor(`${q('дипломатов')}&locale=ru`);
      assert.ok(ru.includes('diplomaty-sobralis'), `got ${ru.join(', ')}`);
      assert.ok(!ru.includes('diplomats-gather'));
      assert.ok((await slugsFor(q('дипломатов'))).includes('diplomaty-sobralis'), 'without a locale too');
      assert.ok((await slugsFor(q('договорам дверей'))).includes('diplomaty-sobralis'));
    });

    it('the demo story is found in both editions, each in its own language', async () => {
      assert.ok((await slugsFor(q('diplomats pragmatic'))).includes(DEMO_SLUG));
      assert.ok((await slugsFor(q('дипломатия прагматичный'))).includes(DEMO_RU_SLUG));
    });

    it('diacritics are folded: "cafe" finds "Café"', async () => {
      assert.deepEqual(await slugsFor(q('cafe')), ['cafe-story']);
      assert.deepEqual(await slugsFor(q('CAFÉ')), ['cafe-story']);
      assert.deepEqual(await slugsFor(q('cafés')), ['cafe-story']);
    });

    it('Accept-Language picks the edition when no locale is given', async () => {
      const ru = await slugsFor(q('договор OR treaty'), { 'accept-language': 'ru-RU,ru;q=0.9' });
      assert.deepEqual(ru, ['diplomaty-sobralis']);
      const fallback = await slugsFor(q('договор OR treaty'), { 'accept-language': 'de-DE' });
      assert.deepEqual(fallback, ['diplomats-gather'], 'an edition the site lacks falls back to FALLBACK_LOCALE (en)');
      assert.deepEqual((await slugsFor(q('договор OR treaty'))).sort(), ['diplomats-gather', 'diplomaty-sobralis'], 'neither: every edition');
    });
  });

  describe('ranking and highlights', () => {
    it('a headline match ranks above a body match', async () => {
      const found = await hits(q('zorblat'));
      assert.deepEqual(
        found.map((h) => h.article.slug),
        ['zorblat-headline', 'zorblat-body'],
      );
      assert.ok(found[0].score > found[1].score, `${found[0].score} > ${found[1].score}`);
    });

    it('snippets mark the matched words, in the original text, HTML-escaped', async () => {
      const [headlineHit, bodyHit] = await hits(q('zorblat'));
      assert.deepEqual(headlineHit.highlights.find((h) => h.field === 'headline')?.snippet, '<mark>Zorblat</mark> talks resume');
      const body = bodyHit.highlights.find((h) => h.field === 'body')?.snippet ?? '';
      assert.match(body, /mentioned the <mark>zorblat<\/mark> question/);
      assert.equal(
        bodyHit.highlights.find((h) => h.field === 'headline'),
        undefined,
        'fields without a match have no snippet',
      );
      const [ru] = await hits(`${q('дипломатов')}&section=russia&locale=ru&tag=diplomacy`);
      assert.match(ru.highlights.find((h) => h.field === 'lead')?.snippet ?? '', /<mark>дипломатов<\/mark>/);
      const [cafe] = await hits(q('returns thrives'));
      const cafeBody = cafe.highlights.find((h) => h.field === 'body')?.snippet ?? '';
      assert.match(cafeBody, /&lt;b&gt;<mark>returns<\/mark>&lt;\/b&gt; &amp; <mark>thrives<\/mark>/);
    });

    it('phrases, prefixes, exclusions and OR', async () => {
      assert.deepEqual(await slugsFor(q('"closed doors"')), ['diplomats-gather']);
      assert.deepEqual(await slugsFor(q('"doors closed"')), [], 'a phrase keeps its word order');
      assert.ok((await slugsFor(q('zorbl*'))).includes('zorblat-body'));
      assert.deepEqual(await slugsFor(q('zorblat -markets')), ['zorblat-headline']);
      assert.deepEqual((await slugsFor(q('treaty OR boulevard'))).sort(), ['cafe-story', 'diplomats-gather']);
      assert.deepEqual(await slugsFor(q('treaty boulevard')), [], 'words without OR must all match');
    });

    it('tag names are searched, and re-indexed when an article’s tags change', async () => {
      assert.deepEqual(await slugsFor(q('energy')), ['zorblat-body']);
      const article = (await req('GET', '/api/v1/articles/zorblat-body')).body;
      const res = await req('PATCH', `/api/v1/articles/${article.id}`, {
        token: editor,
        headers: { 'if-match': `"${article.version}"` },
        body: { tags: ['srch-summit'] },
      });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(await slugsFor(q('energy')), []);
      assert.deepEqual((await slugsFor(q('summit'))).sort(), ['zorblat-body', 'zorblat-headline']);
    });
  });

  describe('filters', () => {
    it('section, tag, locale and date range narrow the results; bad ones are clear errors', async () => {
      assert.deepEqual(await slugsFor(`${q('zorblat')}&section=srch-world`), ['zorblat-headline']);
      assert.deepEqual(await slugsFor(`${q('zorblat')}&tag=srch-summit&section=srch-world`), ['zorblat-headline']);
      assert.deepEqual(await slugsFor(`${q('zorblat')}&locale=ru`), []);
      assert.deepEqual(await slugsFor(`${q('zorblat')}&from=2025-05-01`), ['zorblat-body']);
      assert.deepEqual(await slugsFor(`${q('zorblat')}&to=2025-04-10`), ['zorblat-headline'], 'a day as `to` includes all of it');
      assert.deepEqual(await slugsFor(`${q('zorblat')}&from=2025-04-10T09:00:00Z&to=2025-05-20T09:59:59%2B00:00`), ['zorblat-headline']);
      assertProblem(await search(`${q('zorblat')}&section=no-such-section`), 404, 'NOT_FOUND');
      assertProblem(await search(`${q('zorblat')}&tag=no-such-tag`), 404, 'NOT_FOUND');
      assertProblem(await search(`${q('zorblat')}&from=2025-06-01&to=2025-05-01`), 400, 'INVALID_DATE_RANGE');
      for (const bad of ['from=yesterday', 'to=2025-02-30', 'locale=english!', 'section=Bad_Slug', 'sort=score']) {
        assertProblem(await search(`${q('zorblat')}&${bad}`), 400, 'VALIDATION_FAILED');
      }
    });

    it('GraphQL takes the same filters', async () => {
      const res = await gql('query($f: SearchFilter) { search(query: "zorblat", filter: $f) { edges { node { article { slug } } } } }', {
        f: { section: 'srch-world', from: '2025-01-01', locale: 'en' },
      });
      assert.equal(res.body.errors, undefined, res.text);
      assert.deepEqual(
        res.body.data.search.edges.map((e: { node: { article: { slug: string } } }) => e.node.article.slug),
        ['zorblat-headline'],
      );
    });
  });

  describe('pagination', () => {
    const slugs: string[] = [];
    before(async () => {
      for (let i = 0; i < 7; i += 1) {
        // More mentions, more relevance: a known order, with two equal scores so the id decides between them.
        const mentions = [1, 2, 2, 3, 4, 5, 6][i];
        const slug = `pager-${i}`;
        slugs.push(slug);
        await create(slug, { headline: `Page story ${i}`, text: `${'quillow '.repeat(mentions)}and filler words.`, publishedAt: 'now' });
      }
    });

    it('REST: following Link with limit=2 gives every match once, in score order', async () => {
      const seen: Hit[] = [];
      let url: string | null = `/api/v1/search?${q('quillow')}&limit=2`;
      for (let page = 0; url && page < 10; page += 1) {
        const res = await req('GET', url);
        assert.equal(res.status, 200, res.text);
        assert.ok(res.body.data.length <= 2);
        seen.push(...(res.body.data as Hit[]));
        assert.equal(Boolean(res.headers.link), res.body.page.hasMore);
        url = res.body.page.hasMore ? nextFromLink(res.headers.link) : null;
      }
      assert.deepEqual(seen.map((h) => h.article.slug).sort(), [...slugs].sort());
      const all = await hits(`${q('quillow')}&limit=100`);
      assert.deepEqual(
        seen.map((h) => h.article.id),
        all.map((h) => h.article.id),
        'pages join up to the one-page answer',
      );
      for (let i = 1; i < all.length; i += 1) assert.ok(all[i - 1].score >= all[i].score, 'best first');
      assert.equal(all[0].article.slug, 'pager-6');
    });

    it('GraphQL: first/after walks the same results, with full pageInfo', async () => {
      const ids: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page += 1) {
        const res = await gql(
          'query($after: String) { search(query: "quillow", first: 3, after: $after) { edges { cursor node { score article { id } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }',
          { after },
        );
        assert.equal(res.body.errors, undefined, res.text);
        const { edges, pageInfo } = res.body.data.search;
        ids.push(...edges.map((e: { node: { article: { id: string } } }) => e.node.article.id));
        assert.equal(pageInfo.hasPreviousPage, false);
        assert.equal(pageInfo.startCursor, edges[0]?.cursor ?? null);
        if (!pageInfo.hasNextPage) break;
        after = pageInfo.endCursor;
      }
      assert.deepEqual(
        ids,
        (await hits(`${q('quillow')}&limit=100`)).map((h) => h.article.id),
      );
    });

    it('page size 1–100; a cursor of another search or a forged one is a 400', async () => {
      assertProblem(await search(`${q('quillow')}&limit=101`), 400, 'VALIDATION_FAILED');
      assertProblem(await search(`${q('quillow')}&limit=0`), 400, 'VALIDATION_FAILED');
      const first = await search(`${q('quillow')}&limit=2`);
      const cursor = first.body.page.nextCursor as string;
      assertProblem(await search(`${q('filler')}&limit=2&cursor=${cursor}`), 400, 'INVALID_CURSOR');
      assertProblem(await search(`${q('quillow')}&limit=2&locale=en&cursor=${cursor}`), 400, 'INVALID_CURSOR');
      const forged = Buffer.from(JSON.stringify(['search', 'x', '1; DROP TABLE articles', 'id'])).toString('base64url');
      assertProblem(await search(`${q('quillow')}&cursor=${forged}`), 400, 'INVALID_CURSOR');
      assertGqlError(await gql('{ search(query: "quillow", first: 101) { edges { cursor } } }'), ['VALIDATION_FAILED', 'BAD_USER_INPUT']);
    });

    it('GraphQL resolves a page of results with a fixed number of queries', async () => {
      const query = (n: number) =>
        `{ search(query: "quillow", first: ${n}) { edges { node { score highlights { field snippet } article { id section { slug } tags { slug } authors { slug } mainImage { id } translations { locale } } } } } }`;
      const count = async (n: number) => {
        const before = t.queryCount();
        const res = await gql(query(n));
        assert.equal(res.body.errors, undefined, res.text);
        assert.equal(res.body.data.search.edges.length, n);
        return t.queryCount() - before;
      };
      const two = await count(2);
      const seven = await count(7);
      assert.equal(seven, two, 'the query count does not grow with the page');
      assert.ok(seven <= 10, `${seven} queries for a page of search results`);
    });
  });

  describe('visibility: the index follows every write at once', () => {
    it('a draft, an embargoed or an archived article never appears; publishing shows it, unpublishing and deleting hide it', async () => {
      const id = await create('vis-snargle', { headline: 'Snargle report', text: 'All about the snargle.', publishedAt: null });
      assert.deepEqual(await slugsFor(q('snargle')), [], 'a draft is not found');
      assert.deepEqual(await slugsFor(q('snargle')), []);
      const staff = await req('GET', `/api/v1/search?${q('snargle')}`, { token: editor });
      assert.deepEqual(staff.body.data, [], 'search is a reader surface, whoever asks');

      assert.equal((await req('POST', `/api/v1/articles/${id}/publish`, { token: editor })).status, 200);
      assert.deepEqual(await slugsFor(q('snargle')), ['vis-snargle'], 'searchable as soon as the publish returns');

      const current = (await req('GET', `/api/v1/articles/${id}`)).body;
      await req('PATCH', `/api/v1/articles/${id}`, {
        token: editor,
        headers: { 'if-match': `"${current.version}"` },
        body: { headline: 'Blorptastic report', body: [{ type: 'paragraph', text: 'Rewritten.' }] },
      });
      assert.deepEqual(await slugsFor(q('snargle')), [], 'the old words are gone from the index');
      assert.deepEqual(await slugsFor(q('blorptastic')), ['vis-snargle']);

      assert.equal((await req('POST', `/api/v1/articles/${id}/unpublish`, { token: editor })).status, 200);
      assert.deepEqual(await slugsFor(q('blorptastic')), [], 'unpublished: gone');
      assert.equal((await req('POST', `/api/v1/articles/${id}/publish`, { token: editor })).status, 200);
      assert.equal((await req('POST', `/api/v1/articles/${id}/archive`, { token: editor })).status, 200);
      assert.deepEqual(await slugsFor(q('blorptastic')), [], 'archived: gone');

      const embargoed = await create('vis-embargo', {
        headline: 'Blorptastic embargo',
        embargoUntil: new Date(Date.now() + 86_400_000).toISOString(),
        publishedAt: 'now',
      });
      assert.deepEqual(await slugsFor(q('blorptastic')), [], 'published but embargoed: not found');
      const gqlRes = await gql('{ search(query: "blorptastic") { edges { node { article { id } } } } }');
      assert.deepEqual(gqlRes.body.data.search.edges, []);

      const deleted = await create('vis-deleted', { headline: 'Blorptastic deletion', publishedAt: 'now' });
      assert.deepEqual(await slugsFor(q('blorptastic')), ['vis-deleted']);
      assert.equal((await req('DELETE', `/api/v1/articles/${deleted}`, { token: editor })).status, 204);
      assert.deepEqual(await slugsFor(q('blorptastic')), [], 'deleted: gone');
      assert.ok(embargoed);
    });
  });

  describe('hostile queries get a clear answer, never a 500', () => {
    const probes = [
      '"',
      '""""',
      "'",
      '"unterminated phrase',
      'zorblat"',
      'NEAR(zorblat talks)',
      'headline:zorblat',
      '{headline lead}: zorblat',
      'zorblat AND',
      'zorblat OR',
      'OR zorblat',
      'NOT zorblat',
      'zorblat NOT talks',
      '^zorblat',
      'zorblat*',
      '-zorblat talks',
      "zorblat'; DROP TABLE articles; --",
      'zorblat & | ! <-> :* talks',
      "zorblat') || to_tsquery('x",
      '\\"zorblat\\"',
      '(zorblat',
      'zorblat)',
      '*',
      'a*',
      '🙂 zorblat',
      'ZORBLAT',
    ];

    for (const probe of probes) {
      it(`${JSON.stringify(probe)}`, async () => {
        const res = await search(q(probe));
        if (res.status === 200) assert.ok(Array.isArray(res.body.data));
        else assertProblem(res, 400);
        const g = await gql('query($q: String!) { search(query: $q) { edges { node { score } } } }', { q: probe });
        if (res.status === 200) assert.equal(g.body.errors, undefined, g.text);
        else assertGqlError(g, res.body.code);
      });
    }

    it('operators and quotes are plain text: they find what the words find', async () => {
      assert.deepEqual(await slugsFor(q('headline:zorblat')), await slugsFor(q('headline zorblat')));
      assert.deepEqual(await slugsFor(q("zorblat'; DROP TABLE articles; --")), []);
      assert.deepEqual(await slugsFor(q('NEAR(zorblat talks)')), await slugsFor(q('near zorblat talks')));
      assert.equal((await req('GET', `/api/v1/articles/${DEMO_SLUG}`)).status, 200, 'the articles table is still there');
    });

    it('NUL bytes, control characters, 10 KB queries, too many words and no words at all are 400s', async () => {
      assertProblem(await search(`q=zorblat%00talks`), 400, 'VALIDATION_FAILED');
      assertProblem(await search(`q=zorblat%0Atalks`), 400, 'VALIDATION_FAILED');
      assertProblem(await search(q('zorblat '.repeat(1280))), 400, 'VALIDATION_FAILED');
      assertProblem(await search(q(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))), 400, 'SEARCH_QUERY_TOO_COMPLEX');
      for (const empty of ['!!!', '-zorblat', '" "', '***']) assertProblem(await search(q(empty)), 400, 'SEARCH_QUERY_EMPTY');
      assertProblem(await search('q='), 400, 'VALIDATION_FAILED');
      assertProblem(await search(''), 400, 'VALIDATION_FAILED');
      assert.ok([200, 400].includes((await search('q=%FF')).status), 'invalid UTF-8 is refused or replaced, never a 500');
      assertGqlError(await gql('query($q: String!) { search(query: $q) { edges { cursor } } }', { q: 'x'.repeat(10_240) }), 'VALIDATION_FAILED');
      assertGqlError(await gql('query($q: String!) { search(query: $q) { edges { cursor } } }', { q: 'a\u0000b' }), 'VALIDATION_FAILED');
      assertGqlError(await gql('{ search(query: "-only") { edges { cursor } } }'), 'SEARCH_QUERY_EMPTY');
    });
  });
});

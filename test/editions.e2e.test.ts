import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { assertProblem, servedBy } from './support/assertions.js';
import { DEMO_RU_SLUG, DEMO_SLUG, startTestApp, type TestApp } from './support/test-app.js';

/**
 * Editions: every article and section has a locale; the versions of one story share a
 * translation group and list each other (`translations`, REST and GraphQL), each published on
 * its own schedule; REST honours Accept-Language when no locale is given, with FALLBACK_LOCALE;
 * sitemaps link the versions with hreflang; the demo ships a Russian edition.
 */

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const page = JSON.parse(readFileSync(new URL('../../assets/demo/news-page.json', import.meta.url), 'utf8'));
const ruPage = JSON.parse(readFileSync(new URL('../../assets/demo/news-page.ru.json', import.meta.url), 'utf8'));

interface Translation {
  id: string;
  slug: string;
  locale: string;
  headline: string;
  status: string;
}

describe(`editions (${DIALECT})`, () => {
  let t: TestApp;
  let editor: string;
  const { req, gql } = servedBy(() => t);

  const article = async (idOrSlug: string, options: { token?: string; headers?: Record<string, string> } = {}) => {
    const res = await req('GET', `/api/v1/articles/${idOrSlug}`, options);
    assert.equal(res.status, 200, res.text);
    return res;
  };
  const translationsOf = async (idOrSlug: string, token?: string): Promise<Translation[]> =>
    (await article(idOrSlug, { token })).body.translations as Translation[];

  async function create(body: Record<string, unknown>): Promise<{ id: string; slug: string; version: number }> {
    const res = await req('POST', '/api/v1/articles', { token: editor, body: { body: [{ type: 'paragraph', text: 'Text.' }], ...body } });
    assert.equal(res.status, 201, res.text);
    return res.body;
  }
  const publish = async (id: string) => assert.equal((await req('POST', `/api/v1/articles/${id}/publish`, { token: editor })).status, 200);

  before(async () => {
    t = await startTestApp();
    editor = await t.token('editor');
    for (const [slug, name, locale] of [
      ['ed-news', 'News', 'en'],
      ['ed-news', 'Новости', 'ru'],
      ['ed-news', 'Nachrichten', 'de'],
    ]) {
      assert.equal((await req('POST', '/api/v1/sections', { token: editor, body: { slug, name, locale } })).status, 201);
    }
  });
  after(async () => t?.close());

  describe('the demo content', () => {
    it('has a Russian edition of the sample section and article, published and linked to the English one', async () => {
      const en = (await article(DEMO_SLUG)).body;
      const ru = (await article(DEMO_RU_SLUG)).body;
      assert.equal(ru.locale, 'ru');
      assert.equal(ru.status, 'published');
      assert.equal(ru.translationGroupId, en.translationGroupId);
      assert.equal(ru.headline, ruPage.article.headline);
      assert.match(ru.headline, /Путин/);
      assert.equal(ru.dateline, 'Москва');
      assert.equal(ru.section.locale, 'ru');
      assert.equal(ru.section.name, 'Россия');
      // A faithful translation: the same blocks, in the same order, quotes attributed alike.
      assert.deepEqual(
        ru.body.map((b: { type: string }) => b.type),
        page.article.body.map((b: { type: string }) => b.type),
      );
      assert.ok(
        ru.body.filter((b: { type: string }) => b.type === 'quote').every((b: { attribution: string }) => b.attribution === 'Владимир Путин'),
      );
      assert.equal(ru.mainImage.id, en.mainImage.id, 'the same photo');
      assert.deepEqual(
        ru.tags.map((x: { slug: string }) => x.slug),
        en.tags.map((x: { slug: string }) => x.slug),
      );
      assert.deepEqual(
        en.translations.map((x: Translation) => [x.locale, x.slug, x.headline, x.status]),
        [['ru', DEMO_RU_SLUG, ru.headline, 'published']],
      );
      assert.deepEqual(
        ru.translations.map((x: Translation) => [x.locale, x.slug]),
        [['en', DEMO_SLUG]],
      );
    });

    it('lists translations both ways over GraphQL, and the section tree per locale', async () => {
      const res = await gql(`{
        en: article(slug: "${DEMO_SLUG}") { locale translations { id slug locale headline status } }
        ru: article(slug: "${DEMO_RU_SLUG}", locale: "ru") { id locale translations { slug locale } }
        ruSections: sections(locale: "ru") { slug name locale }
      }`);
      assert.equal(res.body.errors, undefined, res.text);
      const { en, ru, ruSections } = res.body.data;
      assert.deepEqual(
        en.translations.map((x: Translation) => [x.locale, x.slug, x.id]),
        [['ru', DEMO_RU_SLUG, ru.id]],
      );
      assert.deepEqual(ru.translations, [{ slug: DEMO_SLUG, locale: 'en' }]);
      assert.deepEqual(
        ruSections.map((s: { slug: string; name: string }) => [s.slug, s.name]),
        [
          ['ed-news', 'Новости'],
          ['russia', 'Россия'],
        ].sort(),
      );
    });

    it('the sitemap links the two versions with hreflang alternates', async () => {
      const res = await req('GET', '/sitemaps/articles-1.xml');
      assert.equal(res.status, 200);
      assert.match(res.text, /<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9" xmlns:xhtml="http:\/\/www.w3.org\/1999\/xhtml">/);
      const enUrl = `http://cms.test/en/russia/${DEMO_SLUG}`;
      const ruUrl = `http://cms.test/ru/russia/${DEMO_RU_SLUG}`;
      const alternates = `<xhtml:link rel="alternate" hreflang="en" href="${enUrl}"/><xhtml:link rel="alternate" hreflang="ru" href="${ruUrl}"/>`;
      for (const loc of [enUrl, ruUrl]) {
        const entry = new RegExp(`<url><loc>${loc}</loc><lastmod>[^<]+</lastmod>([^]*?)</url>`).exec(res.text);
        assert.ok(entry, `${loc} is in the sitemap`);
        assert.equal(entry[1], alternates, `${loc} names both versions`);
      }
    });
  });

  describe('translations', () => {
    let en: { id: string; slug: string; version: number };
    let de: { id: string; slug: string; version: number };

    before(async () => {
      en = await create({ slug: 'summit-opens', headline: 'Summit opens', locale: 'en', section: 'ed-news' });
      await publish(en.id);
    });

    it('translationOf (a slug) makes a version of the same story; each is published on its own schedule', async () => {
      de = await create({ slug: 'gipfel-beginnt', headline: 'Gipfel beginnt', locale: 'de', section: 'ed-news', translationOf: 'summit-opens' });
      assert.deepEqual(await translationsOf(en.id), [], 'a reader does not see the draft translation');
      assert.deepEqual(
        (await translationsOf(en.id, editor)).map((x) => [x.locale, x.status]),
        [['de', 'draft']],
        'the newsroom does',
      );
      const gqlDraft = await gql(`{ article(id: "${en.id}") { translations { locale } } }`);
      assert.deepEqual(gqlDraft.body.data.article.translations, []);
      await publish(de.id);
      assert.deepEqual(
        (await translationsOf(en.id)).map((x) => [x.locale, x.slug, x.status]),
        [['de', 'gipfel-beginnt', 'published']],
      );
      assert.deepEqual(
        (await translationsOf(de.id)).map((x) => [x.locale, x.slug]),
        [['en', 'summit-opens']],
      );
    });

    it('translationOf by id joins the same group; all versions list each other', async () => {
      const ru = await create({ slug: 'sammit-otkrylsya', headline: 'Саммит открылся', locale: 'ru', section: 'ed-news', translationOf: de.id });
      await publish(ru.id);
      assert.deepEqual(
        (await translationsOf(en.id)).map((x) => x.locale),
        ['de', 'ru'],
      );
      assert.deepEqual(
        (await translationsOf(ru.id)).map((x) => x.locale),
        ['de', 'en'],
      );
      const res = await gql(`{ article(id: "${ru.id}") { translations { locale slug } } }`);
      assert.deepEqual(res.body.data.article.translations, [
        { locale: 'de', slug: 'gipfel-beginnt' },
        { locale: 'en', slug: 'summit-opens' },
      ]);
    });

    it('one version per locale; an unknown story is a 400', async () => {
      const again = await req('POST', '/api/v1/articles', {
        token: editor,
        body: { headline: 'Summit opens, again', locale: 'de', section: 'ed-news', translationOf: en.id, body: [] },
      });
      assertProblem(again, 409, 'TRANSLATION_EXISTS');
      const unknown = await req('POST', '/api/v1/articles', {
        token: editor,
        body: { headline: 'Orphan', locale: 'de', section: 'ed-news', translationOf: 'no-such-story', body: [] },
      });
      const problem = assertProblem(unknown, 400, 'UNKNOWN_REFERENCE');
      assert.equal(problem.errors?.[0]?.field, 'translationOf');
      assertProblem(
        await req('POST', '/api/v1/articles', { token: editor, body: { headline: 'X', section: 'ed-news', translationOf: 'Not A Slug!', body: [] } }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('PATCH translationOf: null unlinks a version, and translationOf links it again', async () => {
      const current = (await article(de.id, { token: editor })).body;
      const unlinked = await req('PATCH', `/api/v1/articles/${de.id}`, {
        token: editor,
        headers: { 'if-match': `"${current.version}"` },
        body: { translationOf: null },
      });
      assert.equal(unlinked.status, 200, unlinked.text);
      assert.deepEqual(unlinked.body.translations, []);
      assert.deepEqual(
        (await translationsOf(en.id)).map((x) => x.locale),
        ['ru'],
      );
      const relinked = await req('PATCH', `/api/v1/articles/${de.id}`, {
        token: editor,
        headers: { 'if-match': `"${unlinked.body.version}"` },
        body: { translationOf: en.slug },
      });
      assert.equal(relinked.status, 200, relinked.text);
      assert.deepEqual(
        relinked.body.translations.map((x: Translation) => x.locale),
        ['en', 'ru'],
      );
      const gqlRelink = await gql(
        `mutation { updateArticle(id: "${de.id}", expectedVersion: ${relinked.body.version}, input: { translationOf: "${en.id}" }) { translations { locale } } }`,
        undefined,
        editor,
      );
      assert.equal(gqlRelink.body.errors, undefined, gqlRelink.text);
      const self = await req('PATCH', `/api/v1/articles/${de.id}`, {
        token: editor,
        headers: { 'if-match': `"${relinked.body.version + 1}"` },
        body: { translationOf: de.id },
      });
      assertProblem(self, 400, 'UNKNOWN_REFERENCE');
    });

    it('an unpublished version drops out of the others’ translations for readers', async () => {
      await req('POST', `/api/v1/articles/${de.id}/unpublish`, { token: editor });
      assert.deepEqual(
        (await translationsOf(en.id)).map((x) => x.locale),
        ['ru'],
      );
      assert.ok(!(await req('GET', `/api/v1/articles/${en.id}`)).text.includes('gipfel-beginnt'));
      await publish(de.id);
    });
  });

  describe('locale negotiation (REST)', () => {
    before(async () => {
      // One slug in two editions: which version a reader gets depends on the languages it asks for.
      await publish((await create({ slug: 'shared-slug', headline: 'Shared in English', locale: 'en', section: 'ed-news' })).id);
      await publish((await create({ slug: 'shared-slug', headline: 'Geteilt auf Deutsch', locale: 'de', section: 'ed-news' })).id);
    });

    it('?locale= wins; else Accept-Language picks the version of a slug; else FALLBACK_LOCALE (en)', async () => {
      const pick = async (url: string, acceptLanguage?: string) => {
        const res = await article(url, { headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} });
        assert.equal(res.headers['content-language'], res.body.locale);
        assert.match(String(res.headers.vary), /Accept-Language/);
        return res.body.locale as string;
      };
      assert.equal(await pick('shared-slug'), 'en');
      assert.equal(await pick('shared-slug', 'de-AT,de;q=0.9,en;q=0.5'), 'de');
      assert.equal(await pick('shared-slug', 'fr, en;q=0.1'), 'en');
      assert.equal(await pick('shared-slug', 'ja'), 'en');
      assert.equal(await pick('shared-slug?locale=en', 'de'), 'en');
      assert.equal(await pick('shared-slug?locale=de'), 'de');
      assertProblem(await req('GET', '/api/v1/articles/shared-slug?locale=ru'), 404, 'NOT_FOUND');
    });

    it('lists, the newsfeed and the section tree follow Accept-Language when no locale is given', async () => {
      const locales = async (url: string, acceptLanguage?: string) => {
        const res = await req('GET', url, { headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} });
        assert.equal(res.status, 200, res.text);
        const items = (Array.isArray(res.body) ? res.body : res.body.data) as { locale: string }[];
        return [...new Set(items.map((i) => i.locale))].sort();
      };
      assert.deepEqual(await locales('/api/v1/articles?limit=100'), ['de', 'en', 'ru'], 'no header: every edition');
      assert.deepEqual(await locales('/api/v1/articles?limit=100', 'ru-RU,ru;q=0.9'), ['ru']);
      assert.deepEqual(await locales('/api/v1/articles?limit=100', 'pt-BR'), ['en'], 'no such edition: FALLBACK_LOCALE');
      assert.deepEqual(await locales('/api/v1/articles?limit=100&locale=de', 'ru'), ['de'], '?locale= wins');
      assert.deepEqual(await locales('/api/v1/newsfeed?limit=100', 'de'), ['de']);
      assert.deepEqual(await locales('/api/v1/sections', 'ru'), ['ru']);
      assert.deepEqual(await locales('/api/v1/sections', 'ja'), ['en']);
      assert.deepEqual(await locales('/api/v1/sections'), ['en']);
      const section = await req('GET', '/api/v1/sections/ed-news', { headers: { 'accept-language': 'de' } });
      assert.equal(section.body.name, 'Nachrichten');
      const next = await req('GET', '/api/v1/articles?limit=1', { headers: { 'accept-language': 'ru' } });
      assert.match(String(next.headers.link), /[?&]locale=ru(&|>)/, 'the next page keeps the negotiated edition');
    });

    it('a configured FALLBACK_LOCALE serves readers whose languages the site lacks', async () => {
      const other = await startTestApp({ env: { FALLBACK_LOCALE: 'ru' } });
      try {
        const sections = await other.request('GET', '/api/v1/sections', { headers: { 'accept-language': 'ja' } });
        assert.deepEqual(
          sections.body.map((s: { locale: string }) => s.locale),
          ['ru'],
        );
        const news = await other.request('GET', '/api/v1/newsfeed', { headers: { 'accept-language': 'fr' } });
        assert.deepEqual(
          news.body.data.map((a: { slug: string }) => a.slug),
          [DEMO_RU_SLUG],
        );
      } finally {
        await other.close();
        delete process.env.FALLBACK_LOCALE;
      }
    });
  });

  it('feeds link each story to its other-language versions (hreflang), as the sitemaps do', async () => {
    const ru = (await t.request('GET', '/api/v1/articles?locale=ru')).body.data as { slug: string; translationGroupId: string }[];
    const en = (await t.request('GET', '/api/v1/articles?locale=en')).body.data as { slug: string; translationGroupId: string }[];
    const story = en.find((a) => ru.some((r) => r.translationGroupId === a.translationGroupId));
    assert.ok(story, 'the demo has a story in English and Russian');
    const ruSlug = ru.find((r) => r.translationGroupId === story.translationGroupId)!.slug;
    const atom = await t.request('GET', '/feeds/atom.xml');
    assert.match(atom.text, new RegExp(`<link rel="alternate" type="text/html" hreflang="ru" href="[^"]*/ru/[^"]*${ruSlug}"/>`));
    const rss = await t.request('GET', '/feeds/rss.xml?locale=ru');
    assert.match(rss.text, new RegExp(`<atom:link rel="alternate" hreflang="en" href="[^"]*/en/[^"]*${story.slug}"`));
    const json = JSON.parse((await t.request('GET', '/feeds/feed.json')).text) as {
      items: { url: string; _translations?: { versions: { language: string }[] } }[];
    };
    const item = json.items.find((i) => i.url.endsWith(story.slug));
    const languages = item?._translations?.versions.map((v) => v.language) ?? [];
    assert.ok(languages.includes('ru') && !languages.includes('en'), `other versions only: ${languages.join(', ')}`);
  });
});

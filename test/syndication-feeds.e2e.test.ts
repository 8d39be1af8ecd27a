import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import Parser from 'rss-parser';
import { DataSource } from 'typeorm';
import { ArticleEntity, ArticleTagEntity } from '../src/articles/article.entity.js';
import { CLOCK } from '../src/common/util/clock.js';
import { SYNDICATION_CONFIG, type SyndicationConfig } from '../src/config/syndication.config.js';
import { assertProblem } from './support/assertions.js';
import { DEMO_SLUG, startTestApp, withoutRussianDemo, type HttpResponse, type TestApp } from './support/test-app.js';

// Feeds (RSS 2.0 + Media RSS, Atom, JSON Feed 1.1), sitemaps (index, article files, sections, Google News)
// and the newsfeed (REST + GraphQL, `since` polling), on a data set made through the API that holds one
// article in every hidden state: none of them may appear anywhere.

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const BASE = 'http://cms.test';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SITEMAP_PAGE_SIZE = 3;

const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

// ---------------------------------------------------------------------------------------------
// Date formats
const RFC822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (\+0000|GMT|[+-]\d{4})$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
// W3C Datetime, "complete date plus hours, minutes and seconds" (with optional fraction) — what sitemaps ask.
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

const toSecond = (d: Date) => Math.floor(d.getTime() / 1000) * 1000;

function assertDate(value: unknown, format: RegExp, expected: Date, what: string): void {
  assert.equal(typeof value, 'string', `${what}: ${String(value)}`);
  assert.match(value as string, format, `${what} is not in the expected format`);
  assert.equal(toSecond(new Date(Date.parse(value as string))), toSecond(expected), `${what}: ${String(value)} is not ${expected.toISOString()}`);
}

// ---------------------------------------------------------------------------------------------
// XML
// Elements that may repeat, by path, so one of them still parses as a list.
const REPEATED = new Set([
  'rss.channel.atom:link',
  'rss.channel.item',
  'rss.channel.item.category',
  'rss.channel.item.dc:creator',
  'feed.link',
  'feed.author',
  'feed.entry',
  'feed.entry.link',
  'feed.entry.author',
  'feed.entry.category',
  'urlset.url',
  'sitemapindex.sitemap',
]);
const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (_name, path) => REPEATED.has(String(path)),
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed XML tree; the assertions give it its shape
type Xml = any;

/** Well-formed (fast-xml-parser's validator), then parsed. */
function parseXml(res: HttpResponse, what: string): Xml {
  const valid = XMLValidator.validate(res.text);
  assert.equal(valid, true, `${what} is not well-formed: ${JSON.stringify(valid)}`);
  return xmlParser.parse(res.text);
}

/** `<http://cms.test/api/v1/newsfeed?…>; rel="next"` → `/api/v1/newsfeed?…` */
function pathOfLink(header: string): string {
  const match = /^<([^>]+)>; rel="next"$/.exec(header);
  assert.ok(match, `not a rel="next" Link: ${header}`);
  const url = new URL(match[1]);
  assert.equal(url.origin, BASE, 'Link uses PUBLIC_BASE_URL');
  return `${url.pathname}${url.search}`;
}

/** Text of an element that may carry attributes. */
const text = (node: Xml): string => (typeof node === 'object' && node !== null ? node['#text'] : node);

// ---------------------------------------------------------------------------------------------
// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), written out as a schema.
const JSON_FEED_AUTHOR = {
  type: 'object',
  minProperties: 1,
  properties: { name: { type: 'string' }, url: { type: 'string', format: 'uri' }, avatar: { type: 'string', format: 'uri' } },
  additionalProperties: false,
};
const JSON_FEED_SCHEMA = {
  type: 'object',
  required: ['version', 'title', 'items'],
  properties: {
    version: { const: 'https://jsonfeed.org/version/1.1' },
    title: { type: 'string', minLength: 1 },
    home_page_url: { type: 'string', format: 'uri' },
    feed_url: { type: 'string', format: 'uri' },
    description: { type: 'string' },
    language: { type: 'string' },
    authors: { type: 'array', items: JSON_FEED_AUTHOR },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id'],
        anyOf: [{ required: ['content_html'] }, { required: ['content_text'] }],
        properties: {
          id: { type: 'string', minLength: 1 },
          url: { type: 'string', format: 'uri' },
          title: { type: 'string' },
          content_html: { type: 'string' },
          content_text: { type: 'string' },
          summary: { type: 'string' },
          image: { type: 'string', format: 'uri' },
          date_published: { type: 'string', format: 'date-time' },
          date_modified: { type: 'string', format: 'date-time' },
          authors: { type: 'array', items: JSON_FEED_AUTHOR },
          tags: { type: 'array', items: { type: 'string' } },
          language: { type: 'string' },
        },
        patternProperties: { '^_': {} },
        additionalProperties: false,
      },
    },
  },
  patternProperties: { '^_': {} },
  additionalProperties: false,
};

// ---------------------------------------------------------------------------------------------
// The data set

type Hidden = 'draft' | 'in_review' | 'scheduled' | 'embargoed' | 'archived' | 'unpublished';

interface Made {
  key: string;
  id: string;
  slug: string;
  headline: string;
  lead: string | null;
  locale: 'en' | 'ru';
  section: string;
  hidden: Hidden | null;
  image: boolean;
  publishedAt: Date | null;
  firstPublishedAt: Date | null;
  updatedAt: Date;
  bodyHtml: string;
  tags: string[];
  authors: string[];
}

interface Plan {
  key: string;
  locale?: 'en' | 'ru';
  section: string;
  /** Hours before the start of the suite, for publication (or go-live for the scheduled one: hours ahead). */
  ageHours?: number;
  hidden?: Hidden;
  image?: boolean;
  pastEmbargo?: boolean;
  republishedAgeHours?: number;
  headline?: string;
  lead?: string;
  body?: string;
}

const SECTIONS = {
  world: { slug: 'syn-world', name: 'World & <Politics>', description: 'News from "everywhere" & beyond.', locale: 'en' },
  economy: { slug: 'syn-economy', name: 'Economy', description: 'Markets and money.', locale: 'en' },
  // The same slug in another edition: a section slug is per locale.
  worldRu: { slug: 'syn-world', name: 'Мир', description: 'Новости мира.', locale: 'ru' },
} as const;

const TRICKY_HEADLINE = 'Oil & gas: "Brent" <b>tops</b> $100 — ‘again’ 🚀';
const TRICKY_BODY = 'Traders said <script>alert("x")</script> & more; 5 < 6 > 4.';

const PLANS: Plan[] = [
  { key: 'v1', section: 'world', ageHours: 1, image: true, headline: TRICKY_HEADLINE, lead: 'Prices & "fears" rise.', body: TRICKY_BODY },
  { key: 'v2', section: 'economy', ageHours: 20 },
  { key: 'v3', section: 'world', ageHours: 40, image: true },
  { key: 'v4', section: 'economy', ageHours: 46 },
  { key: 'v5', section: 'world', ageHours: 72 },
  { key: 'v6', section: 'economy', ageHours: 240 },
  { key: 'v7', section: 'world', ageHours: 720, pastEmbargo: true },
  // Published 100 hours ago, taken down, published again 5 hours ago: listed by the new date, dated by the first.
  { key: 'rep', section: 'world', ageHours: 100, republishedAgeHours: 5, image: true },
  { key: 'ru1', locale: 'ru', section: 'worldRu', ageHours: 2, image: true },
  { key: 'draft', section: 'world', hidden: 'draft' },
  { key: 'review', section: 'economy', hidden: 'in_review' },
  { key: 'scheduled', section: 'world', hidden: 'scheduled', ageHours: -72 },
  { key: 'embargoed', section: 'world', hidden: 'embargoed', ageHours: 3, image: true },
  { key: 'archived', section: 'economy', hidden: 'archived', ageHours: 6 },
  { key: 'unpublished', section: 'world', hidden: 'unpublished', ageHours: 8 },
  { key: 'ruDraft', locale: 'ru', section: 'worldRu', hidden: 'draft' },
];

/** Public order: publishedAt desc, then id desc. */
const byPublication = (a: Made, b: Made) => b.publishedAt!.getTime() - a.publishedAt!.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
/** Sitemap order: publishedAt asc, then id asc. */
const byPublicationAsc = (a: Made, b: Made) => -byPublication(a, b);

describe(`syndication: feeds, sitemaps and the newsfeed (${DIALECT})`, () => {
  let t: TestApp;
  let editor: string;
  let demoMedia: { id: string; url: string; caption: string; width: number; height: number; size: number };
  const made: Made[] = [];
  let start: number;

  /** ARTICLE_URL_TEMPLATE's default, {base}/{locale}/{section}/{slug}. */
  const articleUrl = (a: Made) =>
    `${BASE}/${a.locale}/${a.section === 'demo' ? 'russia' : SECTIONS[a.section as keyof typeof SECTIONS].slug}/${a.slug}`;
  const visible = (filter: (a: Made) => boolean = () => true) => made.filter((a) => a.hidden === null && filter(a)).sort(byPublication);
  const hidden = () => made.filter((a) => a.hidden !== null);
  const byId = (id: string) => made.find((a) => a.id === id)!;

  async function call(method: string, url: string, body?: unknown): Promise<HttpResponse> {
    const res = await t.request(method, url, { token: editor, body });
    assert.ok(res.status >= 200 && res.status < 300, `${method} ${url}: ${res.status} ${res.text}`);
    return res;
  }

  /** No hidden article's id, slug or headline in this answer. */
  function assertNoHidden(res: HttpResponse, where: string): void {
    for (const a of hidden()) {
      for (const needle of [a.id, a.slug, a.headline]) {
        assert.ok(!res.text.includes(needle), `${where} shows the ${a.hidden} article "${a.key}" (${needle})`);
      }
    }
  }

  /** Every http(s) URL in an XML or JSON answer is absolute on PUBLIC_BASE_URL. */
  function assertAbsoluteUrls(values: unknown[], where: string): void {
    for (const value of values) {
      assert.equal(typeof value, 'string', `${where}: a URL is missing`);
      assert.ok((value as string).startsWith(`${BASE}/`), `${where}: ${String(value)} is not absolute on PUBLIC_BASE_URL`);
      assert.doesNotThrow(() => new URL(value as string));
    }
  }

  before(async () => {
    start = Date.now();
    t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0', SITEMAP_PAGE_SIZE: String(SITEMAP_PAGE_SIZE), FEED_SIZE: '50' } });
    editor = await t.token('editor');
    // The counts below know the English demo article only.
    await withoutRussianDemo(t);

    const demo = (await call('GET', `/api/v1/articles/${DEMO_SLUG}`)).body;
    demoMedia = {
      id: demo.mainImage.id,
      url: demo.mainImage.url,
      caption: demo.mainImage.caption,
      width: demo.mainImage.width,
      height: demo.mainImage.height,
      size: demo.mainImage.size,
    };
    made.push({
      key: 'demo',
      id: demo.id,
      slug: demo.slug,
      headline: demo.headline,
      lead: demo.lead,
      locale: 'en',
      section: 'demo',
      hidden: null,
      image: true,
      publishedAt: new Date(demo.publishedAt),
      firstPublishedAt: new Date(demo.firstPublishedAt),
      updatedAt: new Date(demo.updatedAt),
      bodyHtml: demo.bodyHtml,
      tags: demo.tags.map((x: { name: string }) => x.name),
      authors: demo.authors.map((x: { name: string }) => x.name),
    });

    for (const s of Object.values(SECTIONS)) await call('POST', '/api/v1/sections', s);
    await call('POST', '/api/v1/tags', { slug: 'syn-oil-gas', name: 'Oil & Gas', kind: 'topic' });
    await call('POST', '/api/v1/tags', { slug: 'syn-opec', name: 'OPEC', kind: 'organization' });
    await call('POST', '/api/v1/authors', { slug: 'syn-anna', name: 'Anna "Scoop" Petrova', photo: demoMedia.id });
    await call('POST', '/api/v1/authors', { slug: 'syn-boris', name: 'Boris Ivanov' });

    const at = (hours: number) => new Date(start - hours * HOUR).toISOString().replace('Z', '+00:00');
    for (const [i, plan] of PLANS.entries()) {
      const locale = plan.locale ?? 'en';
      const headline = plan.headline ?? `Syndication ${plan.key} story`;
      const created = await call('POST', '/api/v1/articles', {
        headline,
        locale,
        section: SECTIONS[plan.section as keyof typeof SECTIONS].slug,
        lead: plan.lead ?? `Lead of ${plan.key}.`,
        body: [{ type: 'paragraph', text: plan.body ?? `Body of ${plan.key}.` }],
        tags: i % 2 === 0 ? ['syn-oil-gas', 'syn-opec'] : ['syn-opec'],
        authors: i % 3 === 0 ? ['syn-anna', 'syn-boris'] : ['syn-boris'],
        ...(plan.image ? { mainImage: demoMedia.id } : {}),
        ...(plan.pastEmbargo ? { embargoUntil: at(24) } : {}),
        ...(plan.hidden === 'embargoed' ? { embargoUntil: at(-7 * 24) } : {}),
      });
      const id = created.body.id as string;
      const move = (name: string, body?: unknown) => call('POST', `/api/v1/articles/${id}/${name}`, body);
      if (plan.hidden === 'in_review') await move('submit');
      if (plan.hidden === 'scheduled') await move('schedule', { publishAt: at(plan.ageHours!) });
      let firstPublishedAt: Date | null = null;
      if (!plan.hidden || ['embargoed', 'archived', 'unpublished'].includes(plan.hidden)) {
        const published = await move('publish', { publishedAt: at(plan.ageHours!) });
        firstPublishedAt = new Date(published.body.firstPublishedAt);
        assert.equal(firstPublishedAt.getTime(), Date.parse(at(plan.ageHours!)));
      }
      if (plan.hidden === 'archived') await move('archive');
      if (plan.hidden === 'unpublished' || plan.republishedAgeHours !== undefined) await move('unpublish');
      if (plan.republishedAgeHours !== undefined) {
        const again = await move('publish', { publishedAt: at(plan.republishedAgeHours) });
        assert.equal(new Date(again.body.firstPublishedAt).getTime(), firstPublishedAt!.getTime(), 'a republish keeps the first publication date');
      }
      const full = (await call('GET', `/api/v1/articles/${id}`)).body;
      made.push({
        key: plan.key,
        id,
        slug: full.slug,
        headline,
        lead: full.lead,
        locale,
        section: plan.section,
        hidden: plan.hidden ?? null,
        image: !!plan.image,
        publishedAt: full.publishedAt ? new Date(full.publishedAt) : null,
        firstPublishedAt: full.firstPublishedAt ? new Date(full.firstPublishedAt) : null,
        updatedAt: new Date(full.updatedAt),
        bodyHtml: full.bodyHtml,
        tags: full.tags.map((x: { name: string }) => x.name),
        authors: full.authors.map((x: { name: string }) => x.name),
      });
      assert.equal(
        full.status,
        { draft: 'draft', in_review: 'in_review', scheduled: 'scheduled', archived: 'archived', unpublished: 'draft' }[plan.hidden as string] ??
          'published',
      );
    }
  });

  after(async () => t.close());

  // -------------------------------------------------------------------------------------------
  describe('RSS 2.0', () => {
    it('is well-formed RSS 2.0 with the Media RSS, Atom and Dublin Core namespaces and the right content type', async () => {
      const res = await t.request('GET', '/feeds/rss.xml');
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers['content-type'], 'application/rss+xml; charset=utf-8');
      const doc = parseXml(res, 'rss.xml');
      assert.equal(doc.rss['@_version'], '2.0');
      assert.equal(doc.rss['@_xmlns:media'], 'http://search.yahoo.com/mrss/');
      assert.equal(doc.rss['@_xmlns:atom'], 'http://www.w3.org/2005/Atom');
      assert.equal(doc.rss['@_xmlns:dc'], 'http://purl.org/dc/elements/1.1/');
      const channel = doc.rss.channel;
      assert.equal(channel.title, 'Sputnik International');
      assert.equal(channel.link, `${BASE}/en`);
      assert.ok(channel.description.length > 0);
      assert.equal(channel.language, 'en');
      const self = channel['atom:link'].find((l: Xml) => l['@_rel'] === 'self');
      assert.equal(self['@_href'], `${BASE}/feeds/rss.xml`);
      assert.equal(self['@_type'], 'application/rss+xml');
      const newestChange = new Date(Math.max(...visible((a) => a.locale === 'en').map((a) => a.updatedAt.getTime())));
      assertDate(channel.lastBuildDate, RFC822, newestChange, 'lastBuildDate');
    });

    it('lists the public articles of the default edition, newest first, dated by first publication (RFC 822)', async () => {
      const res = await t.request('GET', '/feeds/rss.xml');
      const items: Xml[] = parseXml(res, 'rss.xml').rss.channel.item;
      const expected = visible((a) => a.locale === 'en');
      assert.deepEqual(
        items.map((i) => text(i.guid)),
        expected.map((a) => `urn:uuid:${a.id}`),
      );
      for (const [n, item] of items.entries()) {
        const a = expected[n];
        assert.equal(item.guid['@_isPermaLink'], 'false');
        assert.equal(item.title, a.headline, 'title round-trips, escaped properly');
        assert.equal(item.link, articleUrl(a));
        assertDate(item.pubDate, RFC822, a.firstPublishedAt!, `pubDate of ${a.key}`);
        if (a.lead) assert.equal(item.description, a.lead);
        assert.equal(item['content:encoded'], a.bodyHtml, `content:encoded of ${a.key} is the body HTML`);
        assert.deepEqual(item['dc:creator'] ?? [], a.authors);
        const categories = item.category.map(text);
        for (const tag of a.tags) assert.ok(categories.includes(tag), `category ${tag} of ${a.key}`);
        assertAbsoluteUrls([item.link, ...(item['media:content'] ? [item['media:content']['@_url']] : [])], `item ${a.key}`);
      }
      const rep = items.findIndex((i) => text(i.guid) === `urn:uuid:${made.find((a) => a.key === 'rep')!.id}`);
      assert.ok(rep > 0, 'the republished article is listed by its new publication…');
      assertDate(items[rep].pubDate, RFC822, new Date(start - 100 * HOUR), '…and dated by its first');
      assertNoHidden(res, 'rss.xml');
    });

    it('escapes markup in headlines, leads and bodies (parsed back exactly)', async () => {
      const res = await t.request('GET', '/feeds/rss.xml');
      assert.ok(!res.text.includes('<b>tops</b>'), 'raw markup from a headline');
      assert.ok(!res.text.includes('<script>'), 'raw markup from a body');
      const v1 = made.find((a) => a.key === 'v1')!;
      const item = (parseXml(res, 'rss.xml').rss.channel.item as Xml[]).find((i) => text(i.guid) === `urn:uuid:${v1.id}`);
      assert.equal(item.title, TRICKY_HEADLINE);
      assert.equal(item.description, 'Prices & "fears" rise.');
      assert.match(
        item['content:encoded'],
        /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; more/,
        'the body HTML keeps its own escaping',
      );
      assert.ok(item.category.map(text).includes('Oil & Gas'));
    });

    it('carries the main photo as Media RSS: url, type, size, caption, photographer credit and copyright', async () => {
      const res = await t.request('GET', '/feeds/rss.xml');
      const items: Xml[] = parseXml(res, 'rss.xml').rss.channel.item;
      const withImage = visible((a) => a.locale === 'en' && a.image).map((a) => a.id);
      assert.ok(withImage.length >= 3);
      for (const item of items) {
        const id = text(item.guid).replace('urn:uuid:', '');
        const media = item['media:content'];
        if (!withImage.includes(id)) {
          assert.equal(media, undefined, `${byId(id).key} has no photo`);
          continue;
        }
        assert.equal(media['@_url'], demoMedia.url);
        assert.equal(media['@_type'], 'image/jpeg');
        assert.equal(media['@_medium'], 'image');
        assert.equal(media['@_width'], String(demoMedia.width));
        assert.equal(media['@_height'], String(demoMedia.height));
        assert.equal(text(media['media:credit']), 'Mikhail Klementiev');
        assert.equal(media['media:credit']['@_role'], 'photographer');
        assert.equal(text(media['media:copyright']), '© RIA Novosti');
        assert.equal(text(media['media:description']), demoMedia.caption);
        assert.equal(item.enclosure['@_url'], demoMedia.url);
        assert.equal(item.enclosure['@_length'], String(demoMedia.size));
      }
    });

    it('reads the same with an independent RSS reader (rss-parser)', async () => {
      const res = await t.request('GET', '/feeds/rss.xml');
      const parser = new Parser<{ language: string }, { mediaContent: Xml; creators: string[] }>({
        customFields: {
          feed: ['language'],
          item: [
            ['media:content', 'mediaContent'],
            ['dc:creator', 'creators', { keepArray: true }],
          ],
        },
      });
      const feed = await parser.parseString(res.text);
      assert.equal(feed.title, 'Sputnik International');
      assert.equal(feed.feedUrl, `${BASE}/feeds/rss.xml`);
      assert.equal(feed.language, 'en');
      const expected = visible((a) => a.locale === 'en');
      assert.deepEqual(
        feed.items.map((i) => i.guid),
        expected.map((a) => `urn:uuid:${a.id}`),
      );
      for (const [n, item] of feed.items.entries()) {
        const a = expected[n];
        assert.equal(item.title, a.headline);
        assert.equal(item.link, articleUrl(a));
        assert.equal(Date.parse(item.isoDate!), toSecond(a.firstPublishedAt!), `isoDate of ${a.key}`);
        if (a.image) {
          assert.equal(item.mediaContent.$.url, demoMedia.url);
          assert.equal(item.mediaContent['media:credit'][0]._, 'Mikhail Klementiev');
          assert.equal(item.mediaContent['media:credit'][0].$.role, 'photographer');
          assert.equal(item.mediaContent['media:copyright'][0], '© RIA Novosti');
        }
      }
    });

    it('per section and per locale: only that section of that edition; a slug is per locale', async () => {
      const world = parseXml(await t.request('GET', '/feeds/sections/syn-world/rss.xml'), 'section rss');
      assert.equal(world.rss.channel.title, 'World & <Politics> | Sputnik International');
      assert.equal(world.rss.channel.description, 'News from "everywhere" & beyond.');
      assert.equal(world.rss.channel.link, `${BASE}/en/syn-world`);
      assert.equal(world.rss.channel['atom:link'].find((l: Xml) => l['@_rel'] === 'self')['@_href'], `${BASE}/feeds/sections/syn-world/rss.xml`);
      assert.deepEqual(
        (world.rss.channel.item as Xml[]).map((i) => text(i.guid)),
        visible((a) => a.locale === 'en' && a.section === 'world').map((a) => `urn:uuid:${a.id}`),
      );

      const ruRes = await t.request('GET', '/feeds/sections/syn-world/rss.xml?locale=ru');
      assert.equal(ruRes.status, 200, ruRes.text);
      const ru = parseXml(ruRes, 'ru section rss');
      assert.equal(ru.rss.channel.title, 'Мир | Sputnik International');
      assert.equal(ru.rss.channel.language, 'ru');
      assert.equal(
        ru.rss.channel['atom:link'].find((l: Xml) => l['@_rel'] === 'self')['@_href'],
        `${BASE}/feeds/sections/syn-world/rss.xml?locale=ru`,
      );
      assert.deepEqual(
        (ru.rss.channel.item as Xml[]).map((i) => text(i.guid)),
        visible((a) => a.locale === 'ru').map((a) => `urn:uuid:${a.id}`),
      );
      assertNoHidden(ruRes, 'ru section rss');

      const edition = parseXml(await t.request('GET', '/feeds/rss.xml?locale=ru'), 'ru rss');
      assert.deepEqual(
        (edition.rss.channel.item as Xml[]).map((i) => text(i.guid)),
        visible((a) => a.locale === 'ru').map((a) => `urn:uuid:${a.id}`),
      );
      const empty = parseXml(await t.request('GET', '/feeds/rss.xml?locale=de'), 'de rss');
      assert.equal(empty.rss.channel.item, undefined, 'an edition without articles has an empty feed');
    });

    it('answers an unknown section with a 404 problem, and bad input with a 400', async () => {
      for (const format of ['rss.xml', 'atom.xml', 'feed.json']) {
        assertProblem(await t.request('GET', `/feeds/sections/no-such-section/${format}`), 404, 'NOT_FOUND');
        assertProblem(await t.request('GET', `/feeds/sections/syn-economy/${format}?locale=ru`), 404, 'NOT_FOUND');
        assertProblem(await t.request('GET', `/feeds/${format}?locale=not_a_locale`), 400, 'VALIDATION_FAILED');
        assertProblem(await t.request('GET', `/feeds/sections/Bad%20Slug/${format}`), 400);
      }
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('Atom', () => {
    it('is an RFC 4287 feed: id, title, updated, author, self and alternate links, entries with RFC 3339 dates', async () => {
      const res = await t.request('GET', '/feeds/atom.xml');
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers['content-type'], 'application/atom+xml; charset=utf-8');
      const feed = parseXml(res, 'atom.xml').feed;
      assert.equal(feed['@_xmlns'], 'http://www.w3.org/2005/Atom');
      assert.equal(feed['@_xml:lang'], 'en');
      assertAbsoluteUrls([text(feed.id)], 'feed id');
      assert.equal(text(feed.title), 'Sputnik International');
      const expected = visible((a) => a.locale === 'en');
      assertDate(feed.updated, RFC3339, new Date(Math.max(...expected.map((a) => a.updatedAt.getTime()))), 'feed updated');
      assert.equal(feed.author[0].name, 'Sputnik International');
      const links = feed.link as Xml[];
      assert.equal(links.find((l) => l['@_rel'] === 'self')['@_href'], `${BASE}/feeds/atom.xml`);
      assert.equal(links.find((l) => l['@_rel'] === 'alternate')['@_href'], `${BASE}/en`);

      const entries = feed.entry as Xml[];
      assert.deepEqual(
        entries.map((e) => e.id),
        expected.map((a) => `urn:uuid:${a.id}`),
      );
      for (const [n, entry] of entries.entries()) {
        const a = expected[n];
        assert.equal(text(entry.title), a.headline);
        assertDate(entry.updated, RFC3339, a.updatedAt, `updated of ${a.key}`);
        assertDate(entry.published, RFC3339, a.firstPublishedAt!, `published of ${a.key}`);
        const alternate = (entry.link as Xml[]).find((l) => l['@_rel'] === 'alternate');
        assert.equal(alternate['@_href'], articleUrl(a));
        if (a.lead) assert.equal(text(entry.summary), a.lead);
        assert.equal(entry.content['@_type'], 'html');
        assert.equal(text(entry.content), a.bodyHtml);
        assert.deepEqual(
          (entry.author ?? []).map((x: Xml) => x.name),
          a.authors,
        );
      }
      assertNoHidden(res, 'atom.xml');
    });

    it('per section and locale, with self links that name the section and locale', async () => {
      const res = await t.request('GET', '/feeds/sections/syn-economy/atom.xml?locale=en');
      const feed = parseXml(res, 'section atom').feed;
      assert.equal(text(feed.title), 'Economy | Sputnik International');
      assert.equal((feed.link as Xml[]).find((l) => l['@_rel'] === 'self')['@_href'], `${BASE}/feeds/sections/syn-economy/atom.xml`);
      assert.equal((feed.link as Xml[]).find((l) => l['@_rel'] === 'alternate')['@_href'], `${BASE}/en/syn-economy`);
      assert.deepEqual(
        (feed.entry as Xml[]).map((e) => e.id),
        visible((a) => a.locale === 'en' && a.section === 'economy').map((a) => `urn:uuid:${a.id}`),
      );
      const ru = parseXml(await t.request('GET', '/feeds/atom.xml?locale=ru'), 'ru atom').feed;
      assert.equal(ru['@_xml:lang'], 'ru');
      assert.equal((ru.link as Xml[]).find((l) => l['@_rel'] === 'self')['@_href'], `${BASE}/feeds/atom.xml?locale=ru`);
      assert.deepEqual(
        (ru.entry as Xml[]).map((e) => e.id),
        visible((a) => a.locale === 'ru').map((a) => `urn:uuid:${a.id}`),
      );
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('JSON Feed 1.1', () => {
    it('has the version, title, URLs and items a JSON Feed 1.1 reader needs (schema-checked), as application/feed+json', async () => {
      const res = await t.request('GET', '/feeds/feed.json');
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers['content-type'], 'application/feed+json; charset=utf-8');
      const feed = JSON.parse(res.text);
      const ajv = new Ajv({ allErrors: true, strict: false });
      addFormats(ajv);
      const validate = ajv.compile<Xml>(JSON_FEED_SCHEMA);
      const valid = validate(feed);
      assert.ok(valid, JSON.stringify(validate.errors, null, 1));
      assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
      assert.equal(feed.title, 'Sputnik International');
      assert.equal(feed.home_page_url, `${BASE}/en`);
      assert.equal(feed.feed_url, `${BASE}/feeds/feed.json`);
      const expected = visible((a) => a.locale === 'en');
      assert.deepEqual(
        feed.items.map((i: { id: string }) => i.id),
        expected.map((a) => a.id),
      );
      for (const [n, item] of (feed.items as Record<string, Xml>[]).entries()) {
        const a = expected[n];
        assert.equal(typeof item.id, 'string');
        assert.equal(item.url, articleUrl(a));
        assert.equal(item.title, a.headline);
        assert.equal(item.content_html, a.bodyHtml);
        if (a.lead) assert.equal(item.summary, a.lead);
        assertDate(item.date_published, RFC3339, a.firstPublishedAt!, `date_published of ${a.key}`);
        assertDate(item.date_modified, RFC3339, a.updatedAt, `date_modified of ${a.key}`);
        assert.equal(item.image, a.image ? demoMedia.url : undefined);
        assert.deepEqual(
          (item.authors ?? []).map((x: { name: string }) => x.name),
          a.authors,
        );
        assert.deepEqual(item.tags ?? [], a.tags);
        assertAbsoluteUrls([item.url, ...(item.image ? [item.image] : [])], `item ${a.key}`);
      }
      const anna = (feed.items as Xml[]).flatMap((i) => i.authors ?? []).find((x: Xml) => x.name === 'Anna "Scoop" Petrova');
      assert.equal(anna.avatar, demoMedia.url, 'a byline with a photo carries it as avatar');
      assertNoHidden(res, 'feed.json');
    });

    it('per section and locale', async () => {
      const feed = (await t.request('GET', '/feeds/sections/syn-world/feed.json?locale=ru')).body;
      assert.equal(feed.feed_url, `${BASE}/feeds/sections/syn-world/feed.json?locale=ru`);
      assert.equal(feed.home_page_url, `${BASE}/ru/syn-world`);
      assert.equal(feed.language, 'ru');
      assert.deepEqual(
        feed.items.map((i: { id: string }) => i.id),
        visible((a) => a.locale === 'ru').map((a) => a.id),
      );
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('conditional GETs on feeds', () => {
    for (const path of ['/feeds/rss.xml', '/feeds/atom.xml', '/feeds/feed.json', '/feeds/sections/syn-world/rss.xml']) {
      it(`${path}: ETag and Last-Modified (the newest item change); 304 on If-None-Match or If-Modified-Since`, async () => {
        const first = await t.request('GET', path);
        assert.equal(first.status, 200);
        const etag = String(first.headers.etag);
        assert.match(etag, /^"[^"]+"$/, 'a strong ETag');
        const lastModified = String(first.headers['last-modified']);
        assert.match(lastModified, HTTP_DATE);
        const inFeed = visible((a) => a.locale === 'en' && (path.includes('sections') ? a.section === 'world' : true));
        const newestChange = Math.max(...inFeed.map((a) => a.updatedAt.getTime()));
        assert.equal(Date.parse(lastModified), toSecond(new Date(newestChange)));
        assert.match(String(first.headers['cache-control']), /public/);

        const byEtag = await t.request('GET', path, { headers: { 'if-none-match': etag } });
        assert.equal(byEtag.status, 304);
        assert.equal(byEtag.text, '');
        assert.equal(byEtag.headers.etag, etag);

        const byDate = await t.request('GET', path, { headers: { 'if-modified-since': lastModified } });
        assert.equal(byDate.status, 304);
        assert.equal(byDate.text, '');
        assert.equal(byDate.headers.etag, etag);
        assert.equal(byDate.headers['last-modified'], lastModified);

        const later = new Date(Date.parse(lastModified) + 3600_000).toUTCString();
        assert.equal((await t.request('GET', path, { headers: { 'if-modified-since': later } })).status, 304);
        const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
        const changed = await t.request('GET', path, { headers: { 'if-modified-since': earlier } });
        assert.equal(changed.status, 200);
        assert.equal(changed.text, first.text);
        // If-None-Match wins over If-Modified-Since (RFC 9110 §13.1.3).
        const stale = await t.request('GET', path, { headers: { 'if-none-match': '"stale"', 'if-modified-since': later } });
        assert.equal(stale.status, 200);
        assert.equal((await t.request('GET', path, { headers: { 'if-modified-since': 'not a date' } })).status, 200);
      });
    }
  });

  // -------------------------------------------------------------------------------------------
  describe('sitemaps', () => {
    const files = new Map<string, string>();

    it('/sitemap.xml is a sitemap index of the article files and the sections file', async () => {
      const res = await t.request('GET', '/sitemap.xml');
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers['content-type'], 'application/xml; charset=utf-8');
      files.set('sitemap.xml', res.text);
      const index = parseXml(res, 'sitemap.xml').sitemapindex;
      assert.equal(index['@_xmlns'], 'http://www.sitemaps.org/schemas/sitemap/0.9');
      const all = visible();
      const pages = Math.ceil(all.length / SITEMAP_PAGE_SIZE);
      assert.ok(pages >= 3, 'the data set spans several article files');
      const locs = (index.sitemap as Xml[]).map((s) => s.loc);
      assert.deepEqual(locs, [...Array.from({ length: pages }, (_, n) => `${BASE}/sitemaps/articles-${n + 1}.xml`), `${BASE}/sitemaps/sections.xml`]);
      for (const s of index.sitemap as Xml[]) assert.match(s.lastmod, W3C_DATETIME);
      // Each article file is dated by its newest change.
      const asc = all.sort(byPublicationAsc);
      for (let n = 0; n < pages; n += 1) {
        const chunk = asc.slice(n * SITEMAP_PAGE_SIZE, (n + 1) * SITEMAP_PAGE_SIZE);
        const newestChange = new Date(Math.max(...chunk.map((a) => a.updatedAt.getTime())));
        assertDate(index.sitemap[n].lastmod, W3C_DATETIME, newestChange, `lastmod of articles-${n + 1}.xml`);
      }
    });

    it('the article files hold every public article exactly once, oldest first, with loc and a W3C lastmod', async () => {
      const all = visible().sort(byPublicationAsc);
      const pages = Math.ceil(all.length / SITEMAP_PAGE_SIZE);
      const seen: string[] = [];
      for (let n = 1; n <= pages; n += 1) {
        const res = await t.request('GET', `/sitemaps/articles-${n}.xml`);
        assert.equal(res.status, 200, res.text);
        assert.equal(res.headers['content-type'], 'application/xml; charset=utf-8');
        assertNoHidden(res, `articles-${n}.xml`);
        files.set(`articles-${n}.xml`, res.text);
        const urlset = parseXml(res, `articles-${n}.xml`).urlset;
        assert.equal(urlset['@_xmlns'], 'http://www.sitemaps.org/schemas/sitemap/0.9');
        const urls = urlset.url as Xml[];
        assert.ok(urls.length >= 1 && urls.length <= SITEMAP_PAGE_SIZE, `articles-${n}.xml has ${urls.length} URLs`);
        for (const url of urls) {
          const a = all[seen.length];
          assert.equal(url.loc, articleUrl(a), `URL ${seen.length + 1} (${a.key})`);
          assertDate(url.lastmod, W3C_DATETIME, a.updatedAt, `lastmod of ${a.key}`);
          seen.push(url.loc);
        }
      }
      assert.equal(new Set(seen).size, seen.length, 'an article is listed twice');
      assert.deepEqual(seen, all.map(articleUrl));
      assertAbsoluteUrls(seen, 'article sitemaps');
      assertProblem(await t.request('GET', `/sitemaps/articles-${pages + 1}.xml`), 404, 'NOT_FOUND');
      assertProblem(await t.request('GET', '/sitemaps/articles-0.xml'), 400);
      assertProblem(await t.request('GET', '/sitemaps/articles-x.xml'), 400);
    });

    it('the sections file lists every section page of every locale', async () => {
      const res = await t.request('GET', '/sitemaps/sections.xml');
      assert.equal(res.status, 200);
      files.set('sections.xml', res.text);
      const urls = (parseXml(res, 'sections.xml').urlset.url as Xml[]).map((u) => u.loc).sort();
      assert.deepEqual(urls, [`${BASE}/en/russia`, `${BASE}/en/syn-economy`, `${BASE}/en/syn-world`, `${BASE}/ru/syn-world`]);
      for (const url of parseXml(res, 'sections.xml').urlset.url as Xml[]) assert.match(url.lastmod, W3C_DATETIME);
    });

    it('validates against the sitemaps.org XSDs with xmllint (when installed)', async (ctx) => {
      const probe = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
      if (probe.error) {
        ctx.skip('xmllint is not installed: the sitemaps were checked by the parser and the assertions above only');
        return;
      }
      assert.ok(files.size >= 3, 'the tests above fetched the files');
      const dir = mkdtempSync(join(tmpdir(), 'sitemaps-'));
      try {
        const schemas = new URL('../../assets/standards/sitemaps/', import.meta.url).pathname;
        for (const [name, body] of files) {
          const path = join(dir, name);
          writeFileSync(path, body);
          const schema = name === 'sitemap.xml' ? 'siteindex.xsd' : 'sitemap.xsd';
          const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', join(schemas, schema), path], { encoding: 'utf8' });
          assert.equal(run.status, 0, `${name} against ${schema}: ${run.stderr}`);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('/sitemaps/news.xml: Google News format, only articles first published in the last 48 hours, newest first', async () => {
      const clock = t.app.get<{ now: () => Date }>(CLOCK);
      const check = async (now: number) => {
        clock.now = () => new Date(now);
        const res = await t.request('GET', '/sitemaps/news.xml');
        assert.equal(res.status, 200, res.text);
        assert.equal(res.headers['content-type'], 'application/xml; charset=utf-8');
        assertNoHidden(res, 'news.xml');
        const urlset = parseXml(res, 'news.xml').urlset;
        assert.equal(urlset['@_xmlns'], 'http://www.sitemaps.org/schemas/sitemap/0.9');
        assert.equal(urlset['@_xmlns:news'], 'http://www.google.com/schemas/sitemap-news/0.9');
        const expected = visible((a) => a.firstPublishedAt!.getTime() >= now - 48 * HOUR).sort(
          (a, b) => b.firstPublishedAt!.getTime() - a.firstPublishedAt!.getTime(),
        );
        const urls = (urlset.url ?? []) as Xml[];
        assert.deepEqual(
          urls.map((u) => u.loc),
          expected.map(articleUrl),
        );
        for (const [n, url] of urls.entries()) {
          const a = expected[n];
          const news = url['news:news'];
          assert.equal(news['news:publication']['news:name'], 'Sputnik International');
          assert.equal(news['news:publication']['news:language'], a.locale);
          assertDate(news['news:publication_date'], W3C_DATETIME, a.firstPublishedAt!, `publication_date of ${a.key}`);
          assert.equal(news['news:title'], a.headline);
        }
        return expected.map((a) => a.key);
      };
      try {
        const now = start + 60_000;
        const keys = await check(now);
        assert.deepEqual(keys, ['demo', 'v1', 'ru1', 'v2', 'v3', 'v4'], 'the last two days at the start');
        assert.deepEqual(await check(now + 10 * HOUR), ['demo', 'v1', 'ru1', 'v2'], 'ten hours later, v3 and v4 are too old');
        assert.deepEqual(await check(now + 4 * DAY), [], 'nothing after four quiet days');
      } finally {
        clock.now = () => new Date();
      }
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('newsfeed', () => {
    const SUMMARY_QUERY = `query($first: Int, $after: String, $locale: String, $since: String) {
      newsfeed(first: $first, after: $after, locale: $locale, since: $since) {
        edges { cursor node { id headline publishedAt section { slug } mainImage { creditLine } } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }`;

    it('REST: the latest published across all sections and editions, items shaped as GET /articles items', async () => {
      const res = await t.request('GET', '/api/v1/newsfeed?limit=100');
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(
        res.body.data.map((a: { id: string }) => a.id),
        visible().map((a) => a.id),
      );
      const articles = await t.request('GET', '/api/v1/articles?limit=100');
      assert.deepEqual(res.body.data, articles.body.data, 'the same items as the article list');
      assert.equal(res.body.page.hasMore, false);
      assert.equal(typeof res.body.page.sinceCursor, 'string', 'a first page says where the next poll starts');
      assertNoHidden(res, 'newsfeed');
      const en = await t.request('GET', '/api/v1/newsfeed?locale=en&limit=100');
      assert.deepEqual(
        en.body.data.map((a: { id: string }) => a.id),
        visible((a) => a.locale === 'en').map((a) => a.id),
      );
    });

    it('REST: keyset pages follow the Link header, and `since` travels with it', async () => {
      const since = new Date(start - 100 * HOUR).toISOString().replace('Z', '+00:00');
      const expected = visible((a) => a.publishedAt!.getTime() > start - 100 * HOUR).map((a) => a.id);
      const ids: string[] = [];
      let url: string | null = `/api/v1/newsfeed?limit=2&since=${encodeURIComponent(since)}`;
      for (let pages = 0; url; pages += 1) {
        assert.ok(pages < 20);
        const res = await t.request('GET', url);
        assert.equal(res.status, 200, res.text);
        ids.push(...res.body.data.map((a: { id: string }) => a.id));
        const link = res.headers.link as string | undefined;
        assert.equal(link !== undefined, res.body.page.hasMore);
        if (pages > 0) assert.equal(res.body.page.sinceCursor, null, 'sinceCursor only on first pages');
        url = link ? pathOfLink(link) : null;
        if (url) assert.ok(url.startsWith('/api/v1/newsfeed?') && url.includes('since='), `Link keeps since: ${url}`);
      }
      assert.deepEqual(ids, expected);
      assert.ok(expected.length < visible().length, 'since left something out');
    });

    it('REST: since (a time with offset) returns only newer articles; an equal time is not newer', async () => {
      const v3 = made.find((a) => a.key === 'v3')!;
      // The same instant written at +03:00.
      const local = new Date(v3.publishedAt!.getTime() + 3 * HOUR).toISOString().replace('Z', '+03:00');
      const res = await t.request('GET', `/api/v1/newsfeed?limit=100&since=${encodeURIComponent(local)}`);
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(
        res.body.data.map((a: { id: string }) => a.id),
        visible((a) => a.publishedAt!.getTime() > v3.publishedAt!.getTime()).map((a) => a.id),
      );
      assertProblem(await t.request('GET', '/api/v1/newsfeed?since=2026-01-01T10:00:00'), 400, 'VALIDATION_FAILED');
      assertProblem(await t.request('GET', '/api/v1/newsfeed?since=yesterday'), 400, 'VALIDATION_FAILED');
      assertProblem(await t.request('GET', '/api/v1/newsfeed?limit=101'), 400, 'VALIDATION_FAILED');
      assertProblem(await t.request('GET', '/api/v1/newsfeed?cursor=forged'), 400, 'INVALID_CURSOR');
    });

    it('polling: nothing new is an empty page and a 304; a new article shows up alone; GraphQL agrees', async () => {
      const head = await t.request('GET', '/api/v1/newsfeed?limit=5');
      const sinceCursor = head.body.page.sinceCursor as string;
      assert.equal(typeof sinceCursor, 'string');
      const gqlHead = await t.gql(SUMMARY_QUERY, { first: 5 });
      assert.equal(gqlHead.body.errors, undefined, gqlHead.text);
      assert.equal(gqlHead.body.data.newsfeed.pageInfo.startCursor, sinceCursor, 'REST sinceCursor is the GraphQL startCursor');
      assert.deepEqual(
        gqlHead.body.data.newsfeed.edges.map((e: { node: { id: string } }) => e.node.id),
        head.body.data.map((a: { id: string }) => a.id),
      );

      const pollUrl = `/api/v1/newsfeed?since=${encodeURIComponent(sinceCursor)}`;
      const empty = await t.request('GET', pollUrl);
      assert.equal(empty.status, 200);
      assert.deepEqual(empty.body, { data: [], page: { nextCursor: null, hasMore: false, sinceCursor } });
      const etag = String(empty.headers.etag);
      const notModified = await t.request('GET', pollUrl, { headers: { 'if-none-match': etag } });
      assert.equal(notModified.status, 304);
      assert.equal(notModified.text, '');
      const gqlEmpty = await t.gql(SUMMARY_QUERY, { since: sinceCursor });
      assert.deepEqual(gqlEmpty.body.data.newsfeed.edges, []);
      assert.equal(gqlEmpty.body.data.newsfeed.pageInfo.hasNextPage, false);

      // A new article (and a hidden one) arrive.
      const fresh = await call('POST', '/api/v1/articles', {
        headline: 'Syndication fresh story',
        section: 'syn-economy',
        body: [{ type: 'paragraph', text: 'New.' }],
      });
      const published = await call('POST', `/api/v1/articles/${fresh.body.id}/publish`);
      const secret = await call('POST', '/api/v1/articles', {
        headline: 'Syndication fresh but embargoed',
        section: 'syn-economy',
        embargoUntil: new Date(Date.now() + DAY).toISOString(),
        body: [{ type: 'paragraph', text: 'Not yet.' }],
      });
      await call('POST', `/api/v1/articles/${secret.body.id}/publish`);
      const full = (await call('GET', `/api/v1/articles/${fresh.body.id}`)).body;
      made.push({
        key: 'fresh',
        id: full.id,
        slug: full.slug,
        headline: full.headline,
        lead: null,
        locale: 'en',
        section: 'economy',
        hidden: null,
        image: false,
        publishedAt: new Date(published.body.publishedAt),
        firstPublishedAt: new Date(published.body.firstPublishedAt),
        updatedAt: new Date(full.updatedAt),
        bodyHtml: full.bodyHtml,
        tags: [],
        authors: [],
      });
      made.push({
        ...made.at(-1)!,
        key: 'secret',
        id: secret.body.id,
        slug: secret.body.slug,
        headline: 'Syndication fresh but embargoed',
        hidden: 'embargoed',
      });

      const changed = await t.request('GET', pollUrl, { headers: { 'if-none-match': etag } });
      assert.equal(changed.status, 200, 'the old ETag no longer matches');
      assert.deepEqual(
        changed.body.data.map((a: { id: string }) => a.id),
        [fresh.body.id],
      );
      assert.notEqual(changed.body.page.sinceCursor, sinceCursor);
      assertNoHidden(changed, 'newsfeed since');
      const gqlChanged = await t.gql(SUMMARY_QUERY, { since: sinceCursor });
      assert.deepEqual(
        gqlChanged.body.data.newsfeed.edges.map((e: { node: { id: string } }) => e.node.id),
        [fresh.body.id],
      );
      // The next poll, from the new position: nothing again.
      const next = await t.request('GET', `/api/v1/newsfeed?since=${encodeURIComponent(changed.body.page.sinceCursor)}`);
      assert.deepEqual(next.body.data, []);

      // A feed's validators move with it.
      const feed = await t.request('GET', '/feeds/sections/syn-economy/rss.xml');
      assert.ok(feed.text.includes(fresh.body.id));
      assertNoHidden(feed, 'economy rss after the change');
    });

    it('GraphQL: pages by first/after and filters by locale and since (time)', async () => {
      const ids: string[] = [];
      let after: string | undefined;
      for (let pages = 0; ; pages += 1) {
        assert.ok(pages < 20);
        const res = await t.gql(SUMMARY_QUERY, { first: 3, after, locale: 'en' });
        assert.equal(res.body.errors, undefined, res.text);
        const conn = res.body.data.newsfeed;
        ids.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
        if (!conn.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
      assert.deepEqual(
        ids,
        visible((a) => a.locale === 'en').map((a) => a.id),
      );
      const since = new Date(start - 30 * HOUR).toISOString();
      const res = await t.gql(SUMMARY_QUERY, { first: 100, since });
      assert.deepEqual(
        res.body.data.newsfeed.edges.map((e: { node: { id: string } }) => e.node.id),
        visible((a) => a.publishedAt!.getTime() > start - 30 * HOUR).map((a) => a.id),
      );
      const bad = await t.gql(SUMMARY_QUERY, { since: 'last tuesday' });
      assert.equal(bad.body.errors?.[0]?.extensions?.code, 'VALIDATION_FAILED', bad.text);
    });
  });

  // -------------------------------------------------------------------------------------------
  it('no hidden article appears in any feed, sitemap or newsfeed, in any edition', async () => {
    const urls = ['/sitemap.xml', '/sitemaps/sections.xml', '/sitemaps/news.xml', '/api/v1/newsfeed?limit=100'];
    for (const locale of ['en', 'ru']) {
      for (const file of ['rss.xml', 'atom.xml', 'feed.json']) {
        urls.push(`/feeds/${file}?locale=${locale}`);
        for (const s of Object.values(SECTIONS).filter((x) => x.locale === locale)) urls.push(`/feeds/sections/${s.slug}/${file}?locale=${locale}`);
      }
    }
    for (let n = 1; n <= Math.ceil(visible().length / SITEMAP_PAGE_SIZE); n += 1) urls.push(`/sitemaps/articles-${n}.xml`);
    for (const url of urls) {
      const res = await t.request('GET', url);
      assert.equal(res.status, 200, `${url}: ${res.text}`);
      assertNoHidden(res, url);
    }
    const gql = await t.gql('{ newsfeed(first: 100) { edges { node { id } } } }');
    assertNoHidden(gql, 'GraphQL newsfeed');
  });

  it('documents every syndication route in OpenAPI, tagged, with its media type and no bearer requirement', async () => {
    const doc = (await t.request('GET', '/api/docs-json')).body;
    const expected: [string, string][] = [
      ['/api/v1/newsfeed', 'application/json'],
      ['/feeds/rss.xml', 'application/rss+xml'],
      ['/feeds/atom.xml', 'application/atom+xml'],
      ['/feeds/feed.json', 'application/feed+json'],
      ['/feeds/sections/{slug}/rss.xml', 'application/rss+xml'],
      ['/feeds/sections/{slug}/atom.xml', 'application/atom+xml'],
      ['/feeds/sections/{slug}/feed.json', 'application/feed+json'],
      ['/sitemap.xml', 'application/xml'],
      ['/sitemaps/sections.xml', 'application/xml'],
      ['/sitemaps/news.xml', 'application/xml'],
      ['/sitemaps/articles-{page}.xml', 'application/xml'],
    ];
    for (const [path, type] of expected) {
      const op = doc.paths[path]?.get;
      assert.ok(op, `GET ${path} is documented`);
      assert.ok(op.tags.includes('syndication'), `${path} is tagged syndication`);
      assert.ok(op.summary, `${path} has a summary`);
      assert.ok(op.responses['200'].description, `${path} describes its answer`);
      assert.ok(op.responses['200'].content[type], `${path} produces ${type}`);
      assert.ok(
        op.security.some((s: object) => Object.keys(s).length === 0),
        `${path} needs no credential`,
      );
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Volume: the caps (50 per feed, 1,000 in Google News) and measurements, on rows written straight
// into the database (thousands of articles through the API would take minutes).

describe(`syndication at volume (${DIALECT})`, () => {
  const COUNT = Number(process.env.SYNDICATION_MEASURE_ARTICLES ?? 1_200);
  let t: TestApp;
  let sectionSlug: string;
  let newest: string[] = [];

  before(async () => {
    t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0', SITEMAP_PAGE_SIZE: '50000', FEED_SIZE: '50' } });
    const editor = await t.token('editor');
    await withoutRussianDemo(t);
    const demo = (await t.request('GET', `/api/v1/articles/${DEMO_SLUG}`)).body;
    sectionSlug = demo.section.slug;
    const tag = (await t.request('POST', '/api/v1/tags', { token: editor, body: { slug: 'vol-tag', name: 'Volume', kind: 'topic' } })).body;
    const dataSource = t.app.get(DataSource);
    const now = Date.now();
    const rows: ArticleEntity[] = [];
    for (let i = 0; i < COUNT; i += 1) {
      // Two minutes apart going back: all of them fall within 48 hours, more than the 1,000 Google News takes.
      const at = new Date(now - (i + 1) * 2 * 60_000);
      rows.push({
        ...({} as ArticleEntity),
        id: randomUUID(),
        slug: `volume-article-number-${i}-about-the-markets`,
        locale: 'en',
        translationGroupId: randomUUID(),
        headline: `Volume article number ${i} about the markets & more`,
        lead: demo.lead,
        dateline: 'Moscow',
        body: demo.body,
        sectionId: demo.section.id,
        mainImageId: demo.mainImage.id,
        status: 'published',
        publishAt: null,
        unpublishAt: null,
        publishedAt: at,
        firstPublishedAt: at,
        embargoUntil: null,
        isBreaking: false,
        urgency: 5,
        commentsEnabled: true,
        version: 2,
        seoTitle: null,
        seoDescription: null,
        canonicalUrl: null,
        createdById: null,
        createdAt: at,
        updatedAt: at,
      });
    }
    for (let i = 0; i < rows.length; i += 50) {
      await dataSource.getRepository(ArticleEntity).insert(rows.slice(i, i + 50));
      await dataSource.getRepository(ArticleTagEntity).insert(rows.slice(i, i + 50).map((r) => ({ articleId: r.id, tagId: tag.id, position: 0 })));
    }
    newest = [demo.id, ...rows.map((r) => r.id)];
  });

  after(async () => t.close());

  it('a feed holds the 50 latest', async () => {
    const feed = JSON.parse((await t.request('GET', '/feeds/feed.json')).text);
    assert.deepEqual(
      feed.items.map((i: { id: string }) => i.id),
      newest.slice(0, 50),
    );
    const rss = parseXml(await t.request('GET', `/feeds/sections/${sectionSlug}/rss.xml`), 'rss');
    assert.equal(rss.rss.channel.item.length, 50);
  });

  it('the Google News sitemap stops at 1,000 URLs, newest first', async () => {
    const res = await t.request('GET', '/sitemaps/news.xml');
    const urls = parseXml(res, 'news.xml').urlset.url as Xml[];
    assert.ok(COUNT + 1 > 1000, 'more candidates than the cap');
    assert.equal(urls.length, 1000);
    assert.equal(urls[0].loc, `${BASE}/en/${sectionSlug}/${DEMO_SLUG}`);
    assert.equal(urls[1].loc, `${BASE}/en/${sectionSlug}/volume-article-number-0-about-the-markets`);
  });

  it('measures: feed generation time at 100 items, and sitemap size (printed, not asserted)', async (ctx) => {
    const config = t.app.get<SyndicationConfig>(SYNDICATION_CONFIG);
    config.feedSize = 100;
    try {
      for (const path of ['/feeds/rss.xml', '/feeds/atom.xml', '/feeds/feed.json']) {
        const times: number[] = [];
        let bytes = 0;
        for (let run = 0; run < 7; run += 1) {
          const began = performance.now();
          const res = await t.request('GET', path);
          times.push(performance.now() - began);
          bytes = res.text.length;
        }
        times.sort((a, b) => a - b);
        ctx.diagnostic(
          `${path} with 100 items: median ${times[3].toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[6].toFixed(1)}), ${bytes} characters`,
        );
      }
    } finally {
      config.feedSize = 50;
    }
    // Every article file of the index, as a crawler would fetch them.
    const index = parseXml(await t.request('GET', '/sitemap.xml'), 'sitemap.xml').sitemapindex.sitemap as Xml[];
    let totalUrls = 0;
    let totalBytes = 0;
    for (const loc of index.map((s) => String(s.loc)).filter((l) => l.includes('/articles-'))) {
      const path = new URL(loc).pathname;
      const began = performance.now();
      const sitemap = await t.request('GET', path);
      const elapsed = performance.now() - began;
      const urls = (parseXml(sitemap, path).urlset.url as Xml[]).length;
      const bytes = Buffer.byteLength(sitemap.text);
      totalUrls += urls;
      totalBytes += bytes;
      ctx.diagnostic(`${path}: ${urls} URLs, ${bytes} bytes (${(bytes / urls).toFixed(1)} bytes a URL), made in ${elapsed.toFixed(0)} ms`);
    }
    const perUrl = totalBytes / totalUrls;
    ctx.diagnostic(
      `article sitemaps: ${totalUrls} URLs, ${totalBytes} bytes; at ${perUrl.toFixed(1)} bytes a URL, 100,000 articles ≈ 2 files of 50,000 URLs ≈ ` +
        `${((perUrl * 50_000) / 1e6).toFixed(2)} MB each, ${((perUrl * 100_000) / 1e6).toFixed(2)} MB in all ` +
        `(slugs here are ${'volume-article-number-0-about-the-markets'.length} characters; URLs grow by a byte a character)`,
    );
  });
});

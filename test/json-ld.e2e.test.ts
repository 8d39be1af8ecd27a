import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getNamedType, isNonNullType } from 'graphql';
import { assertNoLeak } from './support/assertions.js';
import { DEMO_SLUG, startTestApp, type HttpResponse, type RequestOptions, type TestApp } from './support/test-app.js';

/**
 * schema.org NewsArticle on every full article: an object in REST, its JSON text in
 * GraphQL (no JSON scalar), the same content in both, with the photo's credit as
 * ImageObject properties.
 */

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const BASE = 'http://cms.test';
// ISO 8601 with an explicit offset (Z or ±hh:mm), as schema.org consumers want dates.
const DATE_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON-LD of any shape; tests assert on it

describe(`JSON-LD NewsArticle (${DIALECT})`, () => {
  let t: TestApp;
  let editor: string;

  const req = async (method: string, url: string, options: RequestOptions = {}): Promise<HttpResponse> => {
    const res = await t.request(method, url, options);
    assertNoLeak(res);
    assert.ok(res.status < 500, `${method} ${url} answered ${res.status}: ${res.text.slice(0, 600)}`);
    return res;
  };
  const gqlJsonLd = async (slug: string, token?: string): Promise<string> => {
    const res = await t.gql(`query ($slug: String!) { article(slug: $slug) { jsonLd } }`, { slug }, token);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.errors, undefined, res.text.slice(0, 600));
    return res.body.data.article.jsonLd as string;
  };

  before(async () => {
    t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0' } });
    editor = await t.token('editor');
  });
  after(async () => t.close());

  describe('REST: GET /api/v1/articles/{idOrSlug}', () => {
    it('the demo article carries every NewsArticle field', async () => {
      const res = await req('GET', `/api/v1/articles/${DEMO_SLUG}`);
      assert.equal(res.status, 200, res.text);
      const article = res.body as Json;
      const ld = article.jsonLd as Json;
      assert.equal(ld['@context'], 'https://schema.org');
      assert.equal(ld['@type'], 'NewsArticle');
      assert.equal(ld.headline, 'Proactive Diplomacy Defends State Interests – Putin');
      assert.equal(ld.description, article.lead);
      assert.match(ld.datePublished, DATE_WITH_OFFSET);
      assert.match(ld.dateModified, DATE_WITH_OFFSET);
      assert.equal(ld.datePublished, article.firstPublishedAt);
      assert.equal(ld.dateModified, article.updatedAt);
      assert.deepEqual(ld.publisher, { '@type': 'Organization', name: 'Sputnik International', url: BASE });
      assert.equal(ld.articleSection, 'Russia');
      assert.equal(ld.inLanguage, 'en');
      assert.deepEqual(ld.keywords, ['Vladimir Putin', 'Diplomacy', 'UN Security Council', 'Moscow']);
      // The same page the feeds and sitemaps link to (ARTICLE_URL_TEMPLATE, default {base}/{locale}/{section}/{slug}).
      assert.equal(ld.url, `${BASE}/en/russia/${DEMO_SLUG}`);
      assert.deepEqual(ld.mainEntityOfPage, { '@type': 'WebPage', '@id': ld.url });
      assert.equal(ld.author, undefined, 'the demo article has no byline; the publisher is not made its author');
      assert.ok(!Object.values(ld).includes(null), 'unknown properties are left out, never null');
    });

    it('its image is an ImageObject with the photo’s credit, creator, copyright and licence page', async () => {
      const article = (await req('GET', `/api/v1/articles/${DEMO_SLUG}`)).body as Json;
      const image = article.mainImage as Json;
      assert.deepEqual(article.jsonLd.image, {
        '@type': 'ImageObject',
        contentUrl: image.url,
        url: image.url,
        encodingFormat: 'image/jpeg',
        width: image.width,
        height: image.height,
        caption: "Russian President Vladimir Putin at a gathering of Russia's top diplomats and foreign representatives",
        creditText: '© RIA Novosti . Mikhail Klementiev',
        creator: { '@type': 'Person', name: 'Mikhail Klementiev' },
        copyrightNotice: '© RIA Novosti',
        acquireLicensePage: image.mediabankUrl,
      });
      assert.equal(typeof image.width, 'number');
      assert.match(image.mediabankUrl, /^https?:\/\//);
    });

    it('every answer with a full article carries it: create, update, transitions; authors are Persons with a URL', async () => {
      const author = await req('POST', '/api/v1/authors', { token: editor, body: { name: 'Jane Byline', slug: 'jane-byline' } });
      assert.equal(author.status, 201, author.text);
      const created = await req('POST', '/api/v1/articles', {
        token: editor,
        body: { headline: 'Bylined story', section: 'russia', authors: ['jane-byline'], body: [{ type: 'paragraph', text: 'Text.' }] },
      });
      assert.equal(created.status, 201, created.text);
      const ld = created.body.jsonLd as Json;
      assert.equal(ld.headline, 'Bylined story');
      assert.deepEqual(ld.author, [{ '@type': 'Person', name: 'Jane Byline', url: `${BASE}/authors/jane-byline` }]);
      assert.equal(ld.datePublished, undefined, 'a draft has no publication date yet');
      assert.equal(ld.image, undefined);
      assert.equal(ld.description, undefined);

      const { id, version } = created.body as Json;
      const updated = await req('PATCH', `/api/v1/articles/${id}`, {
        token: editor,
        headers: { 'if-match': `"${version}"` },
        body: { lead: 'Now with a lead.' },
      });
      assert.equal(updated.status, 200, updated.text);
      assert.equal(updated.body.jsonLd.description, 'Now with a lead.');

      const published = await req('POST', `/api/v1/articles/${id}/publish`, { token: editor });
      assert.equal(published.status, 200, published.text);
      assert.equal(published.body.jsonLd.datePublished, published.body.firstPublishedAt);
      assert.match(published.body.jsonLd.datePublished, DATE_WITH_OFFSET);
    });
  });

  describe('GraphQL: Article.jsonLd', () => {
    it('is a described String! (no JSON scalar)', () => {
      const field = t.app.get(GraphQLSchemaHost).schema.getType('Article')!.toConfig() as {
        fields: Record<string, { type: unknown; description?: string }>;
      };
      const jsonLd = field.fields.jsonLd;
      assert.ok(jsonLd, 'Article.jsonLd exists');
      assert.ok(isNonNullType(jsonLd.type));
      assert.equal(getNamedType(jsonLd.type as Parameters<typeof getNamedType>[0])?.name, 'String');
      assert.ok((jsonLd.description ?? '').length > 20);
    });

    it('holds the JSON text of the same NewsArticle REST gives', async () => {
      const text = await gqlJsonLd(DEMO_SLUG);
      const rest = (await req('GET', `/api/v1/articles/${DEMO_SLUG}`)).body.jsonLd as Json;
      const ld = JSON.parse(text) as Json;
      assert.deepEqual(ld, rest);
      assert.equal(ld['@type'], 'NewsArticle');
      assert.equal(ld.image.creditText, '© RIA Novosti . Mikhail Klementiev');
      assert.deepEqual(ld.image.creator, { '@type': 'Person', name: 'Mikhail Klementiev' });
      assert.equal(ld.image.copyrightNotice, '© RIA Novosti');
      assert.match(ld.datePublished, DATE_WITH_OFFSET);
    });

    it('is safe inside <script>: a "</script>" in a headline cannot close the element', async () => {
      const created = await req('POST', '/api/v1/articles', {
        token: editor,
        body: { headline: 'Tags </script><script>alert(1)</script> in a headline', section: 'russia', body: [{ type: 'paragraph', text: 'x' }] },
      });
      assert.equal(created.status, 201, created.text);
      const text = await gqlJsonLd(created.body.slug, editor);
      assert.doesNotMatch(text, /</);
      assert.equal((JSON.parse(text) as Json).headline, created.body.headline);
    });

    it('loads relations for a page of articles in a fixed number of queries', async () => {
      const query = `{ articles(first: 20) { edges { node { jsonLd } } } }`;
      await t.idle();
      const before = t.queryCount();
      const res = await t.gql(query);
      assert.equal(res.body.errors, undefined, res.text.slice(0, 500));
      const used = t.queryCount() - before;
      assert.ok(used <= 12, `${used} queries for a page of JSON-LD`);
    });
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { DEMO_SLUG, startTestApp, type TestApp } from './support/test-app.js';

// The sample page, as the repo ships it (assets/demo is what the seed loads).
const page = JSON.parse(readFileSync(new URL('../../assets/demo/news-page.json', import.meta.url), 'utf8'));

describe(`the demo article (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  it('is served complete over REST', async () => {
    const res = await t.request('GET', `/api/v1/articles/${DEMO_SLUG}`);
    assert.equal(res.status, 200);
    const a = res.body;
    assert.equal(a.headline, page.article.headline);
    assert.equal(a.lead, page.article.lead);
    assert.equal(a.dateline, 'Moscow');
    assert.equal(a.status, 'published');
    assert.equal(a.section.name, 'Russia');
    assert.equal(a.section.description, page.section.description);
    assert.deepEqual(
      a.body,
      page.article.body.map((b: Record<string, unknown>) => (b.type === 'quote' ? { attribution: null, context: null, ...b } : b)),
    );
    assert.deepEqual(
      a.tags.map((t: { name: string; kind: string }) => [t.name, t.kind]),
      page.article.tags.map((t: { name: string; kind: string }) => [t.name, t.kind]),
    );
    const img = a.mainImage;
    assert.equal(img.caption, page.image.caption);
    assert.equal(img.altText, page.image.altText);
    assert.equal(img.creator, 'Mikhail Klementiev');
    assert.equal(img.source, 'RIA Novosti');
    assert.equal(img.copyrightNotice, '© RIA Novosti');
    assert.equal(img.creditLine, '© RIA Novosti . Mikhail Klementiev');
    assert.match(img.mediabankUrl, /^https:\/\//);
    assert.equal(img.width, 1600);
    assert.equal(img.height, 900);
    assert.match(a.bodyHtml, /<blockquote><p>We cannot just passively observe events and “keep a close watch”/);
    assert.match(a.bodyText, /^Russian President Vladimir Putin called on/);
  });

  it('serves the photo file itself', async () => {
    const article = (await t.request('GET', `/api/v1/articles/${DEMO_SLUG}`)).body;
    const url = new URL(article.mainImage.url);
    assert.equal(url.origin, 'http://cms.test');
    const file = await t.app.inject({ method: 'GET', url: url.pathname });
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'image/jpeg');
    assert.equal(Number(file.headers['content-length']), file.rawPayload.length);
    // The served copy is the photo (private EXIF stripped, so not byte-identical): it decodes at full size.
    const decoded = await sharp(file.rawPayload).metadata();
    assert.deepEqual([decoded.format, decoded.width, decoded.height], ['jpeg', 1600, 900]);
  });

  it('is served the same over GraphQL', async () => {
    const res = await t.gql(
      `query($slug: String!) { article(slug: $slug) {
      headline lead dateline status section { name description }
      tags { name kind }
      mainImage { caption altText creator source copyrightNotice creditLine mediabankUrl url }
      body { __typename ... on ParagraphBlock { text } ... on QuoteBlock { text attribution context } }
    } }`,
      { slug: DEMO_SLUG },
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.errors, undefined);
    const a = res.body.data.article;
    const rest = (await t.request('GET', `/api/v1/articles/${DEMO_SLUG}`)).body;
    assert.equal(a.headline, rest.headline);
    assert.equal(a.lead, rest.lead);
    assert.equal(a.dateline, rest.dateline);
    assert.deepEqual(a.section, { name: rest.section.name, description: rest.section.description });
    assert.deepEqual(
      a.tags,
      rest.tags.map((x: { name: string; kind: string }) => ({ name: x.name, kind: x.kind })),
    );
    assert.equal(a.mainImage.creditLine, '© RIA Novosti . Mikhail Klementiev');
    assert.equal(a.mainImage.mediabankUrl, rest.mainImage.mediabankUrl);
    assert.equal(a.body.length, page.article.body.length);
    page.article.body.forEach((block: { type: string; text: string; attribution?: string; context?: string }, i: number) => {
      assert.equal(a.body[i].__typename, block.type === 'quote' ? 'QuoteBlock' : 'ParagraphBlock');
      assert.equal(a.body[i].text, block.text);
      if (block.type === 'quote') {
        assert.equal(a.body[i].attribution, block.attribution);
        assert.equal(a.body[i].context, block.context);
      }
    });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildNewsArticleJsonLd,
  serializeJsonLd,
  toImageObject,
  type JsonLdArticleSource,
  type JsonLdSite,
  type JsonLdImageSource,
} from './json-ld.js';

const SITE: JsonLdSite = { name: 'Sputnik International', baseUrl: 'https://cms.example', articleUrlTemplate: '{base}/{locale}/{section}/{slug}' };
const IMAGE: JsonLdImageSource = {
  url: 'https://cms.example/api/v1/media/m1/file',
  mimeType: 'image/jpeg',
  width: 1600,
  height: 900,
  caption: 'Diplomats meet.',
  creator: 'Mikhail Klementiev',
  copyrightNotice: '© RIA Novosti',
  creditLine: '© RIA Novosti . Mikhail Klementiev',
  mediabankUrl: 'https://pictures.example/1',
};
const article = (extra: Partial<JsonLdArticleSource> = {}): JsonLdArticleSource => ({
  id: '5d0c2f8e-2f7a-4c53-9b1e-7a3c1c7e9a01',
  slug: 'proactive-diplomacy',
  locale: 'en',
  headline: 'Proactive Diplomacy',
  lead: 'The lead.',
  firstPublishedAt: new Date('2026-01-02T03:04:05Z'),
  publishedAt: new Date('2026-01-05T00:00:00Z'),
  updatedAt: new Date('2026-01-06T00:00:00Z'),
  section: { name: 'Russia', slug: 'russia' },
  tags: [{ name: 'Diplomacy' }, { name: 'Moscow' }],
  authors: [],
  mainImage: IMAGE,
  ...extra,
});

describe('JSON-LD NewsArticle', () => {
  it('has the NewsArticle fields, dated by first publication', () => {
    const ld = buildNewsArticleJsonLd(article(), SITE);
    assert.equal(ld['@context'], 'https://schema.org');
    assert.equal(ld['@type'], 'NewsArticle');
    assert.equal(ld.headline, 'Proactive Diplomacy');
    assert.equal(ld.description, 'The lead.');
    assert.equal(ld.datePublished, '2026-01-02T03:04:05.000Z');
    assert.equal(ld.dateModified, '2026-01-06T00:00:00.000Z');
    assert.deepEqual(ld.publisher, { '@type': 'Organization', name: 'Sputnik International', url: 'https://cms.example' });
    assert.equal(ld.articleSection, 'Russia');
    assert.equal(ld.inLanguage, 'en');
    assert.deepEqual(ld.keywords, ['Diplomacy', 'Moscow']);
    assert.equal(ld.url, 'https://cms.example/en/russia/proactive-diplomacy');
    assert.deepEqual(ld.mainEntityOfPage, { '@type': 'WebPage', '@id': ld.url });
  });

  it('leaves out what is unknown: no lead, no image, no byline, no tags, not yet published', () => {
    const ld = buildNewsArticleJsonLd(
      article({ lead: null, mainImage: null, tags: [], section: null, firstPublishedAt: null, publishedAt: null }),
      SITE,
    );
    for (const key of ['description', 'image', 'author', 'keywords', 'articleSection', 'datePublished']) assert.ok(!(key in ld), key);
    assert.ok(!Object.values(ld).includes(null));
  });

  it('names authors as Persons with their page', () => {
    const ld = buildNewsArticleJsonLd(article({ authors: [{ name: 'Jane Doe', slug: 'jane-doe' }] }), SITE);
    assert.deepEqual(ld.author, [{ '@type': 'Person', name: 'Jane Doe', url: 'https://cms.example/authors/jane-doe' }]);
  });

  it('gives the photo as an ImageObject with its credit fields', () => {
    assert.deepEqual(toImageObject(IMAGE), {
      '@type': 'ImageObject',
      contentUrl: IMAGE.url,
      url: IMAGE.url,
      encodingFormat: 'image/jpeg',
      width: 1600,
      height: 900,
      caption: 'Diplomats meet.',
      creditText: '© RIA Novosti . Mikhail Klementiev',
      creator: { '@type': 'Person', name: 'Mikhail Klementiev' },
      copyrightNotice: '© RIA Novosti',
      acquireLicensePage: 'https://pictures.example/1',
    });
    const bare = toImageObject({
      ...IMAGE,
      width: null,
      height: null,
      caption: null,
      creator: null,
      copyrightNotice: null,
      creditLine: null,
      mediabankUrl: null,
    });
    assert.deepEqual(bare, { '@type': 'ImageObject', contentUrl: IMAGE.url, url: IMAGE.url, encodingFormat: 'image/jpeg' });
  });

  it('serializes safely for a <script> element, and parses back to the same object', () => {
    const ld = buildNewsArticleJsonLd(article({ headline: '</script><script>alert(1)</script>\u2028' }), SITE);
    const text = serializeJsonLd(ld);
    assert.doesNotMatch(text, /<|\u2028/);
    assert.deepEqual(JSON.parse(text), ld);
  });
});

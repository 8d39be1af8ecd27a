import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildNewsSitemap, buildSitemapIndex, buildUrlset, newsLanguage } from './sitemap-xml.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (name) => name === 'url' || name === 'sitemap',
});

function parse(xml: string) {
  assert.equal(XMLValidator.validate(xml), true, xml.slice(0, 300));
  return parser.parse(xml);
}

describe('sitemap writers', () => {
  it('writes a urlset from chunks as one document, escaping URLs exactly', async () => {
    async function* chunks() {
      yield [{ loc: 'https://news.example/en/a?x=1&y=2', lastmod: new Date('2026-03-02T09:15:00.500Z') }];
      yield [];
      yield [
        { loc: 'https://news.example/en/b', lastmod: new Date('2026-03-02T10:00:00Z') },
        { loc: 'https://news.example/en/c&amp;d', lastmod: new Date('2026-03-02T11:00:00Z') },
      ];
    }
    const { xml, urls } = await buildUrlset(chunks());
    assert.equal(urls, 3);
    assert.match(
      xml,
      /^<\?xml version="1.0" encoding="UTF-8"\?><urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9" xmlns:xhtml="http:\/\/www.w3.org\/1999\/xhtml"><url>/,
    );
    const set = parse(xml).urlset;
    assert.deepEqual(
      set.url.map((u: { loc: string }) => u.loc),
      ['https://news.example/en/a?x=1&y=2', 'https://news.example/en/b', 'https://news.example/en/c&amp;d'],
    );
    assert.equal(set.url[0].lastmod, '2026-03-02T09:15:00Z');
  });

  it('writes hreflang alternates as xhtml:link, escaped', async () => {
    const alternates = [
      { hreflang: 'en', href: 'https://news.example/en/a?x=1&y=2' },
      { hreflang: 'ru', href: 'https://news.example/ru/b' },
    ];
    const { xml } = await buildUrlset([
      [
        { loc: 'https://news.example/en/a?x=1&y=2', lastmod: new Date(0), alternates },
        { loc: 'https://news.example/c', lastmod: new Date(0) },
      ],
    ]);
    assert.match(
      xml,
      /<lastmod>1970-01-01T00:00:00Z<\/lastmod><xhtml:link rel="alternate" hreflang="en" href="https:\/\/news.example\/en\/a\?x=1&amp;y=2"\/><xhtml:link rel="alternate" hreflang="ru" href="https:\/\/news.example\/ru\/b"\/><\/url>/,
    );
    const set = parse(xml).urlset;
    assert.equal(set.url[1]['xhtml:link'], undefined, 'a page in one language has no alternates');
  });

  it('writes an index, and a Google News sitemap with its namespace', () => {
    const index = parse(buildSitemapIndex([{ loc: 'https://cms.example/sitemaps/articles-1.xml', lastmod: null }])).sitemapindex;
    assert.equal(index['@_xmlns'], 'http://www.sitemaps.org/schemas/sitemap/0.9');
    assert.equal(index.sitemap[0].lastmod, undefined);
    const news = parse(
      buildNewsSitemap('Sputnik & Co', [
        { loc: 'https://n.example/a', lastmod: new Date(0), title: 'A & <b>', language: 'en', publishedAt: new Date('2026-03-02T09:15:00Z') },
      ]),
    ).urlset;
    assert.equal(news['@_xmlns:news'], 'http://www.google.com/schemas/sitemap-news/0.9');
    assert.equal(news.url[0]['news:news']['news:publication']['news:name'], 'Sputnik & Co');
    assert.equal(news.url[0]['news:news']['news:title'], 'A & <b>');
    assert.equal(news.url[0]['news:news']['news:publication_date'], '2026-03-02T09:15:00Z');
  });

  it('names languages as Google News wants them', () => {
    assert.equal(newsLanguage('en'), 'en');
    assert.equal(newsLanguage('pt-BR'), 'pt');
    assert.equal(newsLanguage('zh-Hant-TW'), 'zh-tw');
    assert.equal(newsLanguage('zh-CN'), 'zh-cn');
    assert.equal(newsLanguage('zh'), 'zh-cn');
  });
});

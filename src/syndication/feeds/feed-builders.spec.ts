import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildAtom } from './atom.js';
import type { FeedDocument, FeedItem } from './feed-document.js';
import { buildJsonFeed } from './json-feed.js';
import { buildRss } from './rss.js';

// Text that trips naive escaping: markup, quotes, things that look like entities (some writers pass
// "&name;" through as if it were one), an undeclared entity, and characters XML 1.0 cannot carry.
const TRICKY = 'AT&T; <b>bold</b> "q" \'a\' &amp; &lt;i&gt; &#60; &nbsp; ]]> 🚀';
// TRICKY as it must appear in the XML: every "&" escaped exactly once.
const TRICKY_XML = 'AT&amp;T; &lt;b&gt;bold&lt;/b&gt; "q" \'a\' &amp;amp; &amp;lt;i&amp;gt; &amp;#60; &amp;nbsp; ]]&gt; 🚀';
const INVALID_CHARS = 'bell\u0007 and form feed\u000c and a lone surrogate \ud800.';

const item = (overrides: Partial<FeedItem> = {}): FeedItem => ({
  id: '0b7f1c52-8d8e-4f0c-9d61-2f7f7d3c1a10',
  url: 'https://news.example/en/world/a?x=1&y=2',
  title: TRICKY,
  summary: TRICKY,
  contentHtml: '<p>5 &lt; 6 &amp; &quot;quoted&quot; &lt;script&gt;</p>',
  published: new Date('2026-03-02T09:15:00.123Z'),
  updated: new Date('2026-03-03T10:00:00Z'),
  locale: 'en',
  section: { name: 'World & <Politics>', url: 'https://news.example/en/world' },
  authors: [{ name: 'Anna "Scoop" & Co', avatar: null }],
  tags: ['Oil & Gas'],
  image: {
    url: 'https://cms.example/api/v1/media/1/file',
    mimeType: 'image/jpeg',
    size: 1234,
    width: 1600,
    height: 900,
    caption: 'Caption & <more>',
    altText: null,
    creator: 'Mikhail Klementiev',
    copyrightNotice: '© RIA Novosti',
  },
  translations: [],
  ...overrides,
});

const feed = (items: FeedItem[]): FeedDocument => ({
  title: `News & ${INVALID_CHARS}`,
  description: TRICKY,
  locale: 'en',
  homeUrl: 'https://news.example/en',
  links: {
    rss: 'https://cms.example/feeds/rss.xml?a=1&b=2',
    atom: 'https://cms.example/feeds/atom.xml',
    json: 'https://cms.example/feeds/feed.json',
  },
  publisher: 'Sputnik International',
  items,
  updated: items[0]?.updated ?? null,
});

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, trimValues: false });

function parse(xml: string) {
  assert.equal(XMLValidator.validate(xml), true, xml.slice(0, 300));
  return parser.parse(xml);
}

describe('feed writers', () => {
  it('RSS: every text and attribute reads back exactly as given, and invalid XML characters are dropped', () => {
    const xml = buildRss(feed([item()]));
    const channel = parse(xml).rss.channel;
    assert.equal(channel.title, 'News & bell and form feed and a lone surrogate .');
    assert.equal(channel.description, TRICKY);
    assert.equal(channel['atom:link']['@_href'], 'https://cms.example/feeds/rss.xml?a=1&b=2');
    assert.equal(channel.item.title, TRICKY);
    assert.equal(channel.item.link, 'https://news.example/en/world/a?x=1&y=2');
    assert.equal(channel.item['content:encoded'], '<p>5 &lt; 6 &amp; &quot;quoted&quot; &lt;script&gt;</p>');
    assert.equal(channel.item['dc:creator'], 'Anna "Scoop" & Co');
    assert.equal(channel.item['media:content']['media:description']['#text'], 'Caption & <more>');
    assert.equal(channel.item.pubDate, 'Mon, 02 Mar 2026 09:15:00 +0000');
    assert.equal(channel.lastBuildDate, 'Tue, 03 Mar 2026 10:00:00 +0000');
  });

  it('escapes a headline exactly once: "&amp;" in it arrives as "&amp;amp;", in RSS and in Atom', () => {
    assert.ok(buildRss(feed([item()])).includes(`<item><title>${TRICKY_XML}</title>`));
    assert.ok(buildAtom(feed([item()])).includes(`<title type="text">${TRICKY_XML}</title>`));
    const rss = buildRss(feed([item({ title: 'Fish &amp; chips' })]));
    assert.ok(rss.includes('<item><title>Fish &amp;amp; chips</title>'));
    assert.equal(parse(rss).rss.channel.item.title, 'Fish &amp; chips');
  });

  it('RSS: no media elements without a photo, and no credit without a photographer', () => {
    const without = parse(buildRss(feed([item({ image: null })]))).rss.channel.item;
    assert.equal(without['media:content'], undefined);
    assert.equal(without.enclosure, undefined);
    const anonymous = parse(buildRss(feed([item({ image: { ...item().image!, creator: null, copyrightNotice: null } })]))).rss.channel.item;
    assert.equal(anonymous['media:content']['media:credit'], undefined);
    assert.equal(anonymous['media:content']['media:copyright'], undefined);
  });

  it('Atom: text round-trips; dates are RFC 3339; an empty feed still has an updated date', () => {
    const entry = parse(buildAtom(feed([item()]))).feed.entry;
    assert.equal(entry.title['#text'], TRICKY);
    assert.equal(entry.content['#text'], '<p>5 &lt; 6 &amp; &quot;quoted&quot; &lt;script&gt;</p>');
    assert.equal(entry.published, '2026-03-02T09:15:00Z');
    assert.equal(entry.id, 'urn:uuid:0b7f1c52-8d8e-4f0c-9d61-2f7f7d3c1a10');
    const empty = parse(buildAtom(feed([]))).feed;
    assert.equal(empty.updated, '1970-01-01T00:00:00Z');
    assert.equal(empty.entry, undefined);
  });

  it('JSON Feed: optional members are left out, not null', () => {
    const json = JSON.parse(buildJsonFeed(feed([item({ summary: null, image: null, authors: [], tags: [] })])));
    assert.equal(json.version, 'https://jsonfeed.org/version/1.1');
    const [only] = json.items;
    assert.deepEqual(Object.keys(only).sort(), ['content_html', 'date_modified', 'date_published', 'id', 'language', 'title', 'url']);
    assert.equal(only.title, TRICKY);
  });

  it('links the story in other languages: Atom and RSS with hreflang alternates, JSON Feed with an extension', () => {
    const withRu = item({ translations: [{ hreflang: 'ru', href: 'https://news.example/ru/mir/b?x=1&y=2' }] });
    const atom = buildAtom(feed([withRu]));
    assert.match(atom, /<link rel="alternate" type="text\/html" hreflang="ru" href="https:\/\/news.example\/ru\/mir\/b\?x=1&amp;y=2"\/>/);
    assert.match(atom, /<link rel="alternate" type="text\/html" href="[^"]+" hreflang="en"\/>/);
    const rss = buildRss(feed([withRu]));
    assert.match(rss, /<atom:link rel="alternate" hreflang="ru" href="https:\/\/news.example\/ru\/mir\/b\?x=1&amp;y=2" type="text\/html"\/>/);
    assert.equal(XMLValidator.validate(rss), true);
    const json = JSON.parse(buildJsonFeed(feed([withRu]))) as { items: { _translations?: { versions: unknown[] } }[] };
    assert.deepEqual(json.items[0]._translations?.versions, [{ language: 'ru', url: 'https://news.example/ru/mir/b?x=1&y=2' }]);
    assert.equal((JSON.parse(buildJsonFeed(feed([item()]))) as { items: Record<string, unknown>[] }).items[0]._translations, undefined);
  });
});

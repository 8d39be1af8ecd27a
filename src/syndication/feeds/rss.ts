import { rfc822 } from '../dates.js';
import { el, elIf, NS, xmlDocument, type XmlNode } from '../xml.js';
import { entryId, type FeedDocument, type FeedItem } from './feed-document.js';

export const RSS_CONTENT_TYPE = 'application/rss+xml; charset=utf-8';

/**
 * RSS 2.0 with Media RSS for the main photo (its credit, caption and copyright), the
 * full body in content:encoded, bylines in dc:creator and atom:link rel="self".
 */
export function buildRss(feed: FeedDocument): string {
  const rss = el(xmlDocument(), 'rss', null, {
    version: '2.0',
    'xmlns:atom': NS.atom,
    'xmlns:media': NS.media,
    'xmlns:dc': NS.dc,
    'xmlns:content': NS.content,
  });
  const channel = el(rss, 'channel');
  el(channel, 'title', feed.title);
  el(channel, 'link', feed.homeUrl);
  el(channel, 'description', feed.description);
  el(channel, 'language', feed.locale);
  el(channel, 'atom:link', null, { href: feed.links.rss, rel: 'self', type: 'application/rss+xml' });
  if (feed.updated) el(channel, 'lastBuildDate', rfc822(feed.updated));
  if (feed.items[0]) el(channel, 'pubDate', rfc822(feed.items[0].published));
  el(channel, 'generator', 'Newsroom CMS');
  for (const item of feed.items) writeItem(el(channel, 'item'), item);
  return rss.end();
}

function writeItem(node: XmlNode, item: FeedItem): void {
  el(node, 'title', item.title);
  el(node, 'link', item.url);
  // The same story in the edition's other languages (Atom's hreflang alternates, in the atom namespace RSS already declares).
  for (const t of item.translations) el(node, 'atom:link', null, { rel: 'alternate', hreflang: t.hreflang, href: t.href, type: 'text/html' });
  // The id, not the URL: a changed slug must not make the item new to every reader.
  el(node, 'guid', entryId(item), { isPermaLink: 'false' });
  el(node, 'pubDate', rfc822(item.published));
  elIf(node, 'description', item.summary);
  el(node, 'content:encoded', item.contentHtml);
  for (const author of item.authors) el(node, 'dc:creator', author.name);
  el(node, 'category', item.section.name, { domain: item.section.url });
  for (const tag of item.tags) el(node, 'category', tag);
  const image = item.image;
  if (image) {
    el(node, 'enclosure', null, { url: image.url, length: image.size, type: image.mimeType });
    const content = el(node, 'media:content', null, {
      url: image.url,
      type: image.mimeType,
      medium: 'image',
      width: image.width,
      height: image.height,
    });
    elIf(content, 'media:description', image.caption ?? image.altText, { type: 'plain' });
    elIf(content, 'media:credit', image.creator, { role: 'photographer', scheme: 'urn:ebu' });
    elIf(content, 'media:copyright', image.copyrightNotice);
  }
}

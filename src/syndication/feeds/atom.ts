import { rfc3339 } from '../dates.js';
import { el, elIf, NS, xmlDocument, type XmlNode } from '../xml.js';
import { entryId, type FeedDocument, type FeedItem } from './feed-document.js';

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

// An empty feed still needs an `updated`; a fixed date keeps its ETag stable.
const NEVER = new Date(0);

/** Atom 1.0 (RFC 4287): the publication is the feed's author, so entries without a byline are valid. */
export function buildAtom(feed: FeedDocument): string {
  const root = el(xmlDocument(), 'feed', null, { xmlns: NS.atom, 'xml:lang': feed.locale });
  el(root, 'id', feed.links.atom);
  el(root, 'title', feed.title, { type: 'text' });
  el(root, 'subtitle', feed.description, { type: 'text' });
  el(root, 'updated', rfc3339(feed.updated ?? NEVER));
  el(el(root, 'author'), 'name', feed.publisher);
  el(root, 'link', null, { rel: 'self', type: 'application/atom+xml', href: feed.links.atom });
  el(root, 'link', null, { rel: 'alternate', type: 'text/html', href: feed.homeUrl });
  el(root, 'generator', 'Newsroom CMS');
  for (const item of feed.items) writeEntry(el(root, 'entry'), item);
  return root.end();
}

function writeEntry(entry: XmlNode, item: FeedItem): void {
  el(entry, 'id', entryId(item));
  el(entry, 'title', item.title, { type: 'text' });
  el(entry, 'updated', rfc3339(item.updated));
  el(entry, 'published', rfc3339(item.published));
  el(entry, 'link', null, { rel: 'alternate', type: 'text/html', href: item.url, hreflang: item.locale });
  for (const t of item.translations) el(entry, 'link', null, { rel: 'alternate', type: 'text/html', hreflang: t.hreflang, href: t.href });
  for (const author of item.authors) el(el(entry, 'author'), 'name', author.name);
  el(entry, 'category', null, { term: item.section.name, scheme: item.section.url });
  for (const tag of item.tags) el(entry, 'category', null, { term: tag });
  elIf(entry, 'summary', item.summary, { type: 'text' });
  el(entry, 'content', item.contentHtml, { type: 'html' });
  if (item.image) el(entry, 'link', null, { rel: 'enclosure', type: item.image.mimeType, href: item.image.url, length: item.image.size });
}

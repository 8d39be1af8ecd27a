import { rfc3339 } from '../dates.js';
import type { FeedDocument, FeedItem } from './feed-document.js';

export const JSON_FEED_CONTENT_TYPE = 'application/feed+json; charset=utf-8';
export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

/** JSON Feed 1.1: optional members are left out rather than null. */
export function buildJsonFeed(feed: FeedDocument): string {
  return JSON.stringify({
    version: JSON_FEED_VERSION,
    title: feed.title,
    home_page_url: feed.homeUrl,
    feed_url: feed.links.json,
    description: feed.description,
    language: feed.locale,
    authors: [{ name: feed.publisher }],
    items: feed.items.map(toJsonItem),
  });
}

function toJsonItem(item: FeedItem): Record<string, unknown> {
  return {
    id: item.id,
    url: item.url,
    title: item.title,
    content_html: item.contentHtml,
    ...(item.summary ? { summary: item.summary } : {}),
    ...(item.image ? { image: item.image.url } : {}),
    date_published: rfc3339(item.published),
    date_modified: rfc3339(item.updated),
    ...(item.authors.length ? { authors: item.authors.map((a) => (a.avatar ? { name: a.name, avatar: a.avatar } : { name: a.name })) } : {}),
    ...(item.tags.length ? { tags: item.tags } : {}),
    language: item.locale,
    // JSON Feed has no field for other-language versions: an extension object, as the spec provides for.
    ...(item.translations.length
      ? {
          _translations: {
            about: 'https://github.com/newsroom-cms#editions-languages',
            versions: item.translations.map((t) => ({ language: t.hreflang, url: t.href })),
          },
        }
      : {}),
  };
}

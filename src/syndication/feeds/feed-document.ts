/** A feed as the three formats share it: built once from the articles, written three ways. */

export type FeedFormat = 'rss' | 'atom' | 'json';

export interface FeedImage {
  url: string;
  mimeType: string;
  /** Bytes (RSS enclosure length). */
  size: number;
  width: number | null;
  height: number | null;
  caption: string | null;
  altText: string | null;
  /** The photographer (Media RSS credit, role photographer). */
  creator: string | null;
  copyrightNotice: string | null;
}

export interface FeedItem {
  /** The article id (a UUID): the item's permanent identity whatever its URL becomes. */
  id: string;
  /** The article's public web page. */
  url: string;
  title: string;
  /** The lead, as plain text. */
  summary: string | null;
  /** The body as HTML, every text in it already escaped. */
  contentHtml: string;
  /** First publication: the date feeds show. */
  published: Date;
  /** Last change (publication, edit, correction). */
  updated: Date;
  locale: string;
  section: { name: string; url: string };
  authors: { name: string; avatar: string | null }[];
  tags: string[];
  image: FeedImage | null;
  /** The story's other public language versions (hreflang alternates); empty when it has none. */
  translations: { hreflang: string; href: string }[];
}

export interface FeedDocument {
  title: string;
  description: string;
  locale: string;
  /** The page this feed follows on the web (front page or section page). */
  homeUrl: string;
  /** Where each format of this feed is served. */
  links: Record<FeedFormat, string>;
  /** The publication (SITE_NAME): the feed's author. */
  publisher: string;
  /** Newest item first. */
  items: FeedItem[];
  /** When the feed's content last changed: the newest item change; null when it has no items. */
  updated: Date | null;
}

/** The Atom feed's and entries' permanent ids. */
export const entryId = (item: FeedItem) => `urn:uuid:${item.id}`;

import { setImmediate as nextTurn } from 'node:timers/promises';
import { rfc3339 } from '../dates.js';
import { el, NS, xmlDocument, xmlEnvelope, xmlFragment } from '../xml.js';

export const SITEMAP_CONTENT_TYPE = 'application/xml; charset=utf-8';

export interface SitemapUrl {
  loc: string;
  lastmod: Date;
  /** The page in every language it exists in, itself included (Google's xhtml:link hreflang annotations). */
  alternates?: { hreflang: string; href: string }[];
}

export interface NewsUrl extends SitemapUrl {
  title: string;
  language: string;
  publishedAt: Date;
}

/** A sitemap index (sitemaps.org 0.9): one <sitemap> per file. */
export function buildSitemapIndex(files: { loc: string; lastmod: Date | null }[]): string {
  const root = el(xmlDocument(), 'sitemapindex', null, { xmlns: NS.sitemap });
  for (const file of files) {
    const sitemap = el(root, 'sitemap');
    el(sitemap, 'loc', file.loc);
    if (file.lastmod) el(sitemap, 'lastmod', rfc3339(file.lastmod));
  }
  return root.end();
}

/**
 * A <urlset> written as its URLs arrive, a chunk at a time: each chunk is a
 * fragment of its own between the root's start and end tags, so the chunks
 * can come from a query cursor and other requests run between them.
 */
export async function buildUrlset(chunks: AsyncIterable<SitemapUrl[]> | Iterable<SitemapUrl[]>): Promise<{ xml: string; urls: number }> {
  const { head, tail } = xmlEnvelope('urlset', { xmlns: NS.sitemap, 'xmlns:xhtml': NS.xhtml });
  const parts = [head];
  let urls = 0;
  for await (const chunk of chunks) {
    const fragment = xmlFragment();
    for (const url of chunk) {
      const node = el(fragment, 'url');
      el(node, 'loc', url.loc);
      el(node, 'lastmod', rfc3339(url.lastmod));
      for (const alternate of url.alternates ?? [])
        el(node, 'xhtml:link', null, { rel: 'alternate', hreflang: alternate.hreflang, href: alternate.href });
    }
    parts.push(fragment.end());
    urls += chunk.length;
    // A 50,000-URL file is still most of a second of CPU in all; other requests get their turn between chunks
    // (on SQLite the queries themselves are synchronous and would not make one).
    await nextTurn();
  }
  parts.push(tail);
  return { xml: parts.join(''), urls };
}

/** A Google News sitemap: <news:news> with the publication, date and title of each article. */
export function buildNewsSitemap(publicationName: string, urls: NewsUrl[]): string {
  const root = el(xmlDocument(), 'urlset', null, { xmlns: NS.sitemap, 'xmlns:news': NS.news });
  for (const url of urls) {
    const node = el(root, 'url');
    el(node, 'loc', url.loc);
    el(node, 'lastmod', rfc3339(url.lastmod));
    const news = el(node, 'news:news');
    const publication = el(news, 'news:publication');
    el(publication, 'news:name', publicationName);
    el(publication, 'news:language', url.language);
    el(news, 'news:publication_date', rfc3339(url.publishedAt));
    el(news, 'news:title', url.title);
  }
  return root.end();
}

/**
 * The language Google News expects: the ISO 639 code of the locale, lowercase,
 * except Chinese, which it wants as zh-cn (simplified) or zh-tw (traditional).
 */
export function newsLanguage(locale: string): string {
  const [language, ...rest] = locale.toLowerCase().split('-');
  if (language !== 'zh') return language;
  return rest.some((part) => ['tw', 'hk', 'mo', 'hant'].includes(part)) ? 'zh-tw' : 'zh-cn';
}

import { fillTemplate } from '../config/syndication.config.js';
import type { MediaModel } from '../media/dto/media.dto.js';

/**
 * schema.org `NewsArticle` for an article, as search engines read it from a page's
 * `<script type="application/ld+json">`. A pure function of the article and the site,
 * so REST and GraphQL give the same object and a unit test needs no app.
 */

/** Where the site lives and what it is called (SITE_NAME, PUBLIC_BASE_URL, ARTICLE_URL_TEMPLATE). */
export interface JsonLdSite {
  name: string;
  baseUrl: string;
  articleUrlTemplate: string;
}

export type JsonLdImageSource = Pick<
  MediaModel,
  'url' | 'mimeType' | 'width' | 'height' | 'caption' | 'creator' | 'copyrightNotice' | 'creditLine' | 'mediabankUrl'
>;

/** What the builder reads of an article: its own fields and its loaded relations. */
export interface JsonLdArticleSource {
  id: string;
  slug: string;
  locale: string;
  headline: string;
  lead: string | null;
  firstPublishedAt: Date | null;
  publishedAt: Date | null;
  updatedAt: Date;
  wordCount?: number;
  section: { name: string; slug: string } | null;
  tags: { name: string }[];
  authors: { name: string; slug: string }[];
  mainImage: JsonLdImageSource | null;
}

export interface JsonLdPerson {
  '@type': 'Person';
  name: string;
  url?: string;
}

export interface JsonLdImageObject {
  '@type': 'ImageObject';
  contentUrl: string;
  url: string;
  encodingFormat?: string;
  width?: number;
  height?: number;
  caption?: string;
  creditText?: string;
  creator?: JsonLdPerson;
  copyrightNotice?: string;
  acquireLicensePage?: string;
}

export interface NewsArticleJsonLd {
  '@context': 'https://schema.org';
  '@type': 'NewsArticle';
  headline: string;
  description?: string;
  image?: JsonLdImageObject;
  datePublished?: string;
  dateModified: string;
  /** Left out when the article has no byline (a wire story): the publisher is not its author. */
  author?: JsonLdPerson[];
  publisher: { '@type': 'Organization'; name: string; url: string };
  articleSection?: string;
  inLanguage: string;
  keywords?: string[];
  wordCount?: number;
  url: string;
  mainEntityOfPage: { '@type': 'WebPage'; '@id': string };
}

/** The public page of an article: ARTICLE_URL_TEMPLATE, the same URL the feeds and sitemaps give. */
export const articlePageUrl = (site: JsonLdSite, article: Pick<JsonLdArticleSource, 'id' | 'slug' | 'locale' | 'section'>): string =>
  fillTemplate(site.articleUrlTemplate, {
    base: site.baseUrl,
    id: article.id,
    slug: article.slug,
    locale: article.locale,
    section: article.section?.slug ?? '',
  });
export const authorPageUrl = (site: JsonLdSite, slug: string): string => `${site.baseUrl}/authors/${encodeURIComponent(slug)}`;

const isKnown = (value: unknown): boolean => value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);

/** Leaves out what is unknown (also an empty list): schema.org consumers prefer a missing property to a null one. */
function compact<T extends object>(object: T): T {
  const result: Record<string, unknown> = {};
  for (const key in object) if (isKnown(object[key])) result[key] = object[key];
  return result as T;
}

export function toImageObject(image: JsonLdImageSource): JsonLdImageObject {
  return compact<JsonLdImageObject>({
    '@type': 'ImageObject',
    contentUrl: image.url,
    url: image.url,
    encodingFormat: image.mimeType,
    width: image.width ?? undefined,
    height: image.height ?? undefined,
    caption: image.caption ?? undefined,
    creditText: image.creditLine ?? undefined,
    creator: image.creator ? { '@type': 'Person', name: image.creator } : undefined,
    copyrightNotice: image.copyrightNotice ?? undefined,
    acquireLicensePage: image.mediabankUrl ?? undefined,
  });
}

export function buildNewsArticleJsonLd(article: JsonLdArticleSource, site: JsonLdSite): NewsArticleJsonLd {
  const url = articlePageUrl(site, article);
  // A draft has no publication date yet; a republished story keeps its first one.
  const published = article.firstPublishedAt ?? article.publishedAt;
  return compact<NewsArticleJsonLd>({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.headline,
    description: article.lead ?? undefined,
    image: article.mainImage ? toImageObject(article.mainImage) : undefined,
    datePublished: published?.toISOString(),
    dateModified: article.updatedAt.toISOString(),
    author: article.authors.map((a) => ({ '@type': 'Person', name: a.name, url: authorPageUrl(site, a.slug) })),
    publisher: { '@type': 'Organization', name: site.name, url: site.baseUrl },
    articleSection: article.section?.name,
    inLanguage: article.locale,
    keywords: article.tags.map((t) => t.name),
    wordCount: article.wordCount,
    url,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
  });
}

/**
 * JSON text safe to put inside a `<script>` element: `<` is written as `\u003c`
 * (so no `</script>` in a headline can close the element) and U+2028/U+2029 escaped;
 * it parses back to the same object.
 */
export function serializeJsonLd(jsonLd: NewsArticleJsonLd): string {
  return JSON.stringify(jsonLd)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

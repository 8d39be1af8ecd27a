import { SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * Surrogate keys: what an answer shows, so a cache (ours, or a CDN reading the
 * Surrogate-Key / Cache-Tag headers) can drop exactly the answers a change touches.
 * Entity keys name a thing shown (purged when that thing changes); collection keys
 * name a list (purged when something may enter or leave it).
 */
export const CacheTag = {
  article: (id: string) => `article:${id}`,
  /** An article looked up by slug: another article taking the slug changes the answer. */
  slug: (slug: string) => `slug:${slug}`,
  /** The versions of one story (translation group): an answer listing `translations` changes with any of them. */
  story: (translationGroupId: string) => `story:${translationGroupId}`,
  section: (id: string) => `section:${id}`,
  tag: (id: string) => `tag:${id}`,
  author: (id: string) => `author:${id}`,
  media: (id: string) => `media:${id}`,
  /** Article lists filtered by nothing but locale. */
  articles: 'articles',
  sectionArticles: (id: string) => `articles:section:${id}`,
  tagArticles: (id: string) => `articles:tag:${id}`,
  authorArticles: (id: string) => `articles:author:${id}`,
  newsfeed: 'newsfeed',
  feeds: 'feeds',
  sitemaps: 'sitemaps',
  search: 'search',
  /** The section tree, the tag list, the author list. */
  sections: 'sections',
  tags: 'tags',
  authors: 'authors',
  /** Named by answers that show more than their headers can name (see headerKeys). */
  truncated: 'truncated',
  /** GraphQL introspection: changes only with a deploy. */
  schema: 'graphql-schema',
} as const;

/**
 * How long shared caches may keep an answer (Cache-Control), by the kind of route.
 * Browsers always revalidate (max-age=0; a 304 is cheap); CDNs keep it for s-maxage
 * and are purged by surrogate key when it changes.
 */
export type CacheClass = 'list' | 'article' | 'feed' | 'immutable';

export const CACHE_CONTROL: Record<CacheClass, string> = {
  list: 'public, max-age=0, s-maxage=30, stale-while-revalidate=60',
  article: 'public, max-age=0, s-maxage=300, stale-while-revalidate=600',
  feed: 'public, max-age=0, s-maxage=60, stale-while-revalidate=300',
  immutable: 'public, max-age=31536000, immutable',
};
export const PRIVATE_CACHE_CONTROL = 'private, no-store';

declare module 'fastify' {
  interface FastifyRequest {
    /** Surrogate keys of what this answer shows, collected while it is made. */
    cacheTags?: Set<string>;
    cacheClass?: CacheClass;
    /** What the strong ETag starts with ("<version>" for an article), before the hash of the bytes sent. */
    etagPrefix?: string;
  }
}

/** Records that the answer to this request shows these things (or is this list). */
export function addCacheTags(request: FastifyRequest | undefined, ...tags: (string | null | undefined)[]): void {
  if (!request) return;
  const set = (request.cacheTags ??= new Set());
  for (const tag of tags) if (tag) set.add(tag);
}

export function setCacheClass(request: FastifyRequest, cacheClass: CacheClass): void {
  request.cacheClass = cacheClass;
}

/** The collection keys of an article list, by the filter it was resolved to. */
export function articleListTags(scope: { sectionId?: string; tagId?: string; authorId?: string }): string[] {
  const tags = [
    scope.sectionId && CacheTag.sectionArticles(scope.sectionId),
    scope.tagId && CacheTag.tagArticles(scope.tagId),
    scope.authorId && CacheTag.authorArticles(scope.authorId),
  ].filter((t): t is string => !!t);
  return tags.length > 0 ? tags : [CacheTag.articles];
}

export const CACHE_TAGS_KEY = 'cacheTags';
/** How a handler's result names what it shows; applied by the cache-tags interceptor (src/cache). */
export type CacheTagsOf = (result: unknown) => (string | null | undefined)[];

/** Declares the surrogate keys of a read's answer, from what the handler returns (REST handler or GraphQL root field). */
export const CacheTags = <T>(of: (result: T) => (string | null | undefined)[]) => SetMetadata(CACHE_TAGS_KEY, of as CacheTagsOf);

interface Identified {
  id: string;
}

/** A section tree (or one section with its children): the collection and every section in it. */
export function sectionTreeTags(result: (Identified & { children?: Identified[] }) | (Identified & { children?: Identified[] })[]): string[] {
  const tags: string[] = [CacheTag.sections];
  const walk = (node: Identified & { children?: Identified[] }) => {
    tags.push(CacheTag.section(node.id));
    for (const child of node.children ?? []) walk(child);
  };
  for (const node of Array.isArray(result) ? result : [result]) walk(node);
  return tags;
}

export const tagListTags = (result: Identified | Identified[]): string[] => [CacheTag.tags, ...[result].flat().map((t) => CacheTag.tag(t.id))];

export const authorListTags = (result: (Identified & { photoId?: string | null }) | (Identified & { photoId?: string | null })[]): string[] => [
  CacheTag.authors,
  ...[result].flat().flatMap((a) => [CacheTag.author(a.id), a.photoId ? CacheTag.media(a.photoId) : null].filter((t): t is string => !!t)),
];

/** What a change to a section, tag, author or media record alters: every answer showing it, its lists, and the syndication surfaces. */
export function recordChangeTags(kind: 'section' | 'tag' | 'author' | 'media', id: string): string[] {
  const surfaces = [CacheTag.feeds, CacheTag.sitemaps, CacheTag.search, CacheTag.truncated];
  switch (kind) {
    case 'section':
      return [CacheTag.section(id), CacheTag.sections, CacheTag.sectionArticles(id), ...surfaces];
    case 'tag':
      return [CacheTag.tag(id), CacheTag.tags, CacheTag.tagArticles(id), ...surfaces];
    case 'author':
      return [CacheTag.author(id), CacheTag.authors, CacheTag.authorArticles(id), ...surfaces];
    case 'media':
      return [CacheTag.media(id), ...surfaces];
  }
}

/** Longest Surrogate-Key / Cache-Tag header sent: CDNs cap them (16 KB) and proxies' header buffers are often 4-8 KB. */
export const SURROGATE_KEY_BUDGET = 3000;

/**
 * The keys an answer names in its headers: all of them when they fit; otherwise its
 * collection keys (every article change purges the lists it is in), then as many
 * entity keys as fit, and `truncated`, which every section, tag, author and media
 * change purges. The response cache itself keeps every key.
 */
export function headerKeys(tags: Set<string>, budget = SURROGATE_KEY_BUDGET): string[] {
  const all = [...tags];
  if (all.reduce((n, t) => n + t.length + 1, 0) <= budget) return all;
  const entity = /^(article|slug|section|tag|author|media):/;
  const ordered = [...all.filter((t) => !entity.test(t)), CacheTag.truncated, ...all.filter((t) => entity.test(t))];
  const kept: string[] = [];
  let length = 0;
  for (const tag of ordered) {
    if (length + tag.length + 1 > budget) continue;
    kept.push(tag);
    length += tag.length + 1;
  }
  return kept;
}

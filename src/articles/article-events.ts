import type { ArticleEntity, ArticleStatus } from './article.entity.js';

/**
 * What the articles feature announces through the outbox. Consumers (realtime,
 * subscriptions, webhooks) react to these; articles/ never imports them.
 * - article.created: a new draft.
 * - article.published: it went live (a publish, or a schedule falling due).
 * - article.updated: any other change, with the status it now has.
 * - article.unpublished: it was live and no longer is (unpublish, archive, schedule take-down).
 * - article.deleted.
 * An event about a live but embargoed article becomes available when the embargo ends.
 */
export const ARTICLE_EVENTS = ['article.created', 'article.published', 'article.updated', 'article.unpublished', 'article.deleted'] as const;
export type ArticleEventType = (typeof ARTICLE_EVENTS)[number];

export interface ArticleEventData {
  articleId: string;
  version: number;
  status: ArticleStatus;
  previousStatus: ArticleStatus | null;
  locale: string;
  slug: string;
  /** The story (translation group) it is a version of. */
  translationGroupId: string;
  headline: string;
  sectionId: string;
  tagIds: string[];
  authorIds: string[];
  /**
   * Where the article was before this change (null on create), so a consumer can tell
   * which lists it left: a cache purges the section, tag and author lists and the slug it had.
   */
  previous: ArticlePlacement | null;
  isBreaking: boolean;
  publishedAt: string | null;
  embargoUntil: string | null;
  occurredAt: string;
  /** The revision's action: create, update, publish, schedule, restore… */
  action: string;
}

/** The lists and addresses an article appears under. */
export interface ArticlePlacement {
  slug: string;
  /** The story (translation group) it is a version of. */
  translationGroupId: string;
  sectionId: string;
  tagIds: string[];
  authorIds: string[];
}

export function articleEventType(before: ArticleStatus | null, after: ArticleStatus | null): ArticleEventType {
  if (after === null) return 'article.deleted';
  if (before === null) return 'article.created';
  if (after === 'published' && before !== 'published') return 'article.published';
  if (before === 'published' && after !== 'published') return 'article.unpublished';
  return 'article.updated';
}

export function articleEventData(
  article: ArticleEntity,
  placement: { tagIds: string[]; authorIds: string[]; previous: ArticlePlacement | null },
  previousStatus: ArticleStatus | null,
  action: string,
  at: Date,
): ArticleEventData {
  return {
    articleId: article.id,
    version: article.version,
    status: article.status,
    previousStatus,
    locale: article.locale,
    slug: article.slug,
    translationGroupId: article.translationGroupId,
    headline: article.headline,
    sectionId: article.sectionId,
    tagIds: placement.tagIds,
    authorIds: placement.authorIds,
    previous: placement.previous,
    isBreaking: article.isBreaking,
    publishedAt: article.publishedAt?.toISOString() ?? null,
    embargoUntil: article.embargoUntil?.toISOString() ?? null,
    occurredAt: at.toISOString(),
    action,
  };
}

/**
 * Whether a publish event is news: an article published with a `publishedAt` more than a
 * day before the event is a back-filled archive (an import), which subscribers and live
 * readers should not be told of. A schedule that fell due late (after downtime) is news.
 */
export function isNewsworthy(data: Pick<ArticleEventData, 'publishedAt' | 'occurredAt'>): boolean {
  if (!data.publishedAt) return true;
  return Date.parse(data.occurredAt) - Date.parse(data.publishedAt) <= 24 * 3600 * 1000;
}

import { ARTICLE_EVENTS, type ArticleEventData } from '../articles/article-events.js';
import { isPubliclyVisible } from '../articles/visibility.js';
import { fillTemplate } from '../config/syndication.config.js';
import { MEDIA_EVENTS, type MediaEventData } from '../media/media-events.js';

/** Every event a webhook may subscribe to. */
export const WEBHOOK_EVENTS: readonly string[] = [...ARTICLE_EVENTS, ...MEDIA_EVENTS];

/** What is sent for an article event: enough for a frontend to revalidate, never more than a reader may see. */
export interface ArticleWebhookData {
  id: string;
  status: string;
  previousStatus: string | null;
  version: number;
  /** Whether readers can see the article now (published and past any embargo). */
  visible: boolean;
  slug?: string;
  locale?: string;
  section?: { id: string; slug: string | null };
  headline?: string;
  url?: string | null;
  publishedAt?: string | null;
  isBreaking?: boolean;
  tagIds?: string[];
}

export interface MediaWebhookData {
  id: string;
  kind: string;
  mimeType: string;
  size: number;
  width: number | null;
  height: number | null;
  url: string;
  fields?: string[];
}

export interface PayloadContext {
  now: Date;
  publicBaseUrl: string;
  articleUrlTemplate: string;
  /** The slug of a section, or null when it is gone. */
  sectionSlug: string | null;
}

/**
 * The article's part of a webhook body, by what readers may see:
 * - live (published, past its embargo; article.published/updated): id, slug, locale, section,
 *   status, version, headline, URL, publishedAt, isBreaking, tag ids;
 * - taken down (article.unpublished, or article.deleted of a live one): what was public, so the
 *   page can be purged: id, slug, locale, section, URL, status, version; no headline;
 * - anything else (drafts, reviews, schedules, embargoed): ids, status and version only.
 */
export function articleWebhookData(type: string, event: ArticleEventData, context: PayloadContext): ArticleWebhookData {
  const base = { id: event.articleId, status: event.status, previousStatus: event.previousStatus, version: event.version };
  const embargoUntil = event.embargoUntil ? new Date(event.embargoUntil) : null;
  const removed = type === 'article.unpublished' || type === 'article.deleted';
  const live = !removed && isPubliclyVisible({ status: event.status, embargoUntil }, context.now);
  const wasLive =
    removed && event.previousStatus === 'published' && (embargoUntil === null || embargoUntil.getTime() <= new Date(event.occurredAt).getTime());
  if (!live && !wasLive) return { ...base, visible: false };
  const url = context.sectionSlug
    ? fillTemplate(context.articleUrlTemplate, {
        base: context.publicBaseUrl,
        locale: event.locale,
        section: context.sectionSlug,
        slug: event.slug,
        id: event.articleId,
      })
    : null;
  const where = { slug: event.slug, locale: event.locale, section: { id: event.sectionId, slug: context.sectionSlug }, url };
  if (!live) return { ...base, visible: false, ...where };
  return {
    ...base,
    visible: true,
    ...where,
    headline: event.headline,
    publishedAt: event.publishedAt,
    isBreaking: event.isBreaking,
    tagIds: event.tagIds,
  };
}

export function mediaWebhookData(event: MediaEventData, publicBaseUrl: string): MediaWebhookData {
  return {
    id: event.mediaId,
    kind: event.kind,
    mimeType: event.mimeType,
    size: event.size,
    width: event.width,
    height: event.height,
    url: `${publicBaseUrl}/api/v1/media/${event.mediaId}`,
    ...(event.fields ? { fields: event.fields } : {}),
  };
}

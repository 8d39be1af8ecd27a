import type { ArticleEntity } from '../article.entity.js';
import type { BodyBlock } from '../body/blocks.js';

/** Everything an editor can change about an article, as one revision keeps it. */
export interface ArticleSnapshot {
  slug: string;
  locale: string;
  headline: string;
  lead: string | null;
  dateline: string | null;
  body: BodyBlock[];
  sectionId: string;
  tagIds: string[];
  authorIds: string[];
  mainImageId: string | null;
  status: ArticleEntity['status'];
  publishAt: string | null;
  unpublishAt: string | null;
  publishedAt: string | null;
  embargoUntil: string | null;
  isBreaking: boolean;
  urgency: number;
  commentsEnabled: boolean;
  seoTitle: string | null;
  seoDescription: string | null;
  canonicalUrl: string | null;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toSnapshot(article: ArticleEntity, tagIds: string[], authorIds: string[]): ArticleSnapshot {
  return {
    slug: article.slug,
    locale: article.locale,
    headline: article.headline,
    lead: article.lead,
    dateline: article.dateline,
    body: article.body,
    sectionId: article.sectionId,
    tagIds,
    authorIds,
    mainImageId: article.mainImageId,
    status: article.status,
    publishAt: iso(article.publishAt),
    unpublishAt: iso(article.unpublishAt),
    publishedAt: iso(article.publishedAt),
    embargoUntil: iso(article.embargoUntil),
    isBreaking: article.isBreaking,
    urgency: article.urgency,
    commentsEnabled: article.commentsEnabled,
    seoTitle: article.seoTitle,
    seoDescription: article.seoDescription,
    canonicalUrl: article.canonicalUrl,
  };
}

export interface FieldChange {
  field: keyof ArticleSnapshot;
  from: unknown;
  to: unknown;
}

/** Field-level difference between two snapshots (deep equality per field, in snapshot order). */
export function diffSnapshots(from: ArticleSnapshot, to: ArticleSnapshot): FieldChange[] {
  const fields = Object.keys(to) as (keyof ArticleSnapshot)[];
  return fields
    .filter((field) => JSON.stringify(from[field]) !== JSON.stringify(to[field]))
    .map((field) => ({ field, from: from[field] ?? null, to: to[field] ?? null }));
}

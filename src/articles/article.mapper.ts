import type { ArticleEntity } from './article.entity.js';
import type { ArticleRelations } from './article-relations.js';
import { countWords, readingTimeMinutes, renderBodyHtml, renderBodyText } from './body/render.js';
import type { ArticleModel, ArticleSummaryModel, TranslationModel } from './dto/article.model.js';
import { buildNewsArticleJsonLd, type JsonLdSite } from './json-ld.js';

/** An article without its relations, plus the ids GraphQL field resolvers load them by. */
export type ArticleBase = Omit<
  ArticleModel,
  'section' | 'tags' | 'authors' | 'mainImage' | 'corrections' | 'bodyHtml' | 'jsonLd' | 'translations'
> & {
  sectionId: string;
  mainImageId: string | null;
};

/** How many articles' word counts are kept (~100 bytes each): the pages readers are asking for right now. */
const WORD_COUNTS_KEPT = 1000;
const wordCounts = new Map<string, number>();

/**
 * The word count of an article's body text, counted once per version: counting the words of a 3 KB body
 * with a Unicode-aware pattern costs more than reading the row, while joining the body's text (done for
 * every answer) costs under a microsecond. A version (with its update time) names one body, so a kept count
 * is never stale. Only the count is kept: keeping the text too held ~3 MB of the heap for 1,000 articles
 * (README, "Benchmark").
 */
function wordsOf(entity: ArticleEntity, bodyText: string): number {
  const key = `${entity.id}:${entity.version}:${entity.updatedAt.getTime()}`;
  let words = wordCounts.get(key);
  if (words === undefined) {
    words = countWords(bodyText);
    if (wordCounts.size >= WORD_COUNTS_KEPT) wordCounts.delete(wordCounts.keys().next().value!);
    wordCounts.set(key, words);
  }
  return words;
}

export function toArticleBase(entity: ArticleEntity): ArticleBase {
  const bodyText = renderBodyText(entity.body);
  const words = wordsOf(entity, bodyText);
  return {
    id: entity.id,
    slug: entity.slug,
    locale: entity.locale,
    translationGroupId: entity.translationGroupId,
    headline: entity.headline,
    lead: entity.lead,
    dateline: entity.dateline,
    body: entity.body,
    bodyText,
    wordCount: words,
    readingTimeMinutes: readingTimeMinutes(words),
    sectionId: entity.sectionId,
    mainImageId: entity.mainImageId,
    status: entity.status,
    publishedAt: entity.publishedAt,
    firstPublishedAt: entity.firstPublishedAt,
    publishAt: entity.publishAt,
    unpublishAt: entity.unpublishAt,
    embargoUntil: entity.embargoUntil,
    updatedAt: entity.updatedAt,
    createdAt: entity.createdAt,
    isBreaking: entity.isBreaking,
    urgency: entity.urgency,
    commentsEnabled: entity.commentsEnabled,
    commentCount: entity.commentCount ?? 0,
    version: entity.version,
    seoTitle: entity.seoTitle,
    seoDescription: entity.seoDescription,
    canonicalUrl: entity.canonicalUrl,
  };
}

/**
 * The fields of an answer after the headline's and the body's, in the order answers give them. Answers are
 * built field by field: an object rest (`const { sectionId, ...fields } = base`) took ~13 µs per article,
 * a list page's worth of them a quarter of a millisecond. The first fields are written out in both answers
 * rather than spread from a helper: an object literal that starts with a spread and goes on with ~25 fields
 * took V8 (Node 20) ~50 µs to build.
 */
function stateOf(base: ArticleBase) {
  return {
    status: base.status,
    publishedAt: base.publishedAt,
    firstPublishedAt: base.firstPublishedAt,
    publishAt: base.publishAt,
    unpublishAt: base.unpublishAt,
    embargoUntil: base.embargoUntil,
    updatedAt: base.updatedAt,
    createdAt: base.createdAt,
    isBreaking: base.isBreaking,
    urgency: base.urgency,
    commentsEnabled: base.commentsEnabled,
    commentCount: base.commentCount,
    version: base.version,
    seoTitle: base.seoTitle,
    seoDescription: base.seoDescription,
    canonicalUrl: base.canonicalUrl,
  };
}

/**
 * The full article; the HTML is rendered here, only for answers that carry the body, and
 * the JSON-LD made when the site is given (every REST answer of a full article gives it).
 */
export function toArticleModel(
  base: ArticleBase,
  relations: ArticleRelations,
  mediaUrl: (id: string) => string,
  site?: JsonLdSite,
  translations: TranslationModel[] = [],
): ArticleModel {
  const model: ArticleModel = {
    id: base.id,
    slug: base.slug,
    locale: base.locale,
    translationGroupId: base.translationGroupId,
    headline: base.headline,
    lead: base.lead,
    dateline: base.dateline,
    body: base.body,
    bodyText: base.bodyText,
    wordCount: base.wordCount,
    readingTimeMinutes: base.readingTimeMinutes,
    ...stateOf(base),
    bodyHtml: renderBodyHtml(base.body, mediaUrl),
    ...relations,
    translations,
  };
  if (site) model.jsonLd = buildNewsArticleJsonLd(model, site);
  return model;
}

/** REST list items leave the body out; a page of 20 stays small. */
export function toArticleSummary(base: ArticleBase, relations: ArticleRelations): ArticleSummaryModel {
  return {
    id: base.id,
    slug: base.slug,
    locale: base.locale,
    translationGroupId: base.translationGroupId,
    headline: base.headline,
    lead: base.lead,
    dateline: base.dateline,
    wordCount: base.wordCount,
    readingTimeMinutes: base.readingTimeMinutes,
    ...stateOf(base),
    ...relations,
  };
}

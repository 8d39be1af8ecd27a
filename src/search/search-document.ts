import { renderBodyText } from '../articles/body/render.js';
import type { BodyBlock } from '../articles/body/blocks.js';
import { analyze, foldText } from './text/analyzer.js';

/** What the index holds of an article: the searchable text of each field. */
export interface SearchDocument {
  headline: string;
  lead: string;
  body: string;
  tags: string;
}

export function searchDocument(article: { headline: string; lead: string | null; body: BodyBlock[] }, tagNames: string[]): SearchDocument {
  return { headline: article.headline, lead: article.lead ?? '', body: renderBodyText(article.body), tags: tagNames.join(' ') };
}

/** The document as SQLite's FTS5 table keeps it: every word folded and stemmed in the article's language. */
export function analyzedDocument(document: SearchDocument, locale: string): SearchDocument {
  return {
    headline: analyze(document.headline, locale),
    lead: analyze(document.lead, locale),
    body: analyze(document.body, locale),
    tags: analyze(document.tags, locale),
  };
}

/** What PostgreSQL's to_tsvector reads, diacritics folded as the query's words are: headline, lead, tags, body. */
export function tsvectorParams(document: SearchDocument): [string, string, string, string] {
  return [foldText(document.headline), foldText(document.lead), foldText(document.tags), foldText(document.body)];
}

/** PostgreSQL's built-in text search configurations, by ISO 639-1 language; anything else is searched with `simple`. */
const PG_CONFIGS: Record<string, string> = {
  ar: 'arabic', hy: 'armenian', eu: 'basque', ca: 'catalan', da: 'danish', nl: 'dutch', en: 'english', fi: 'finnish',
  fr: 'french', de: 'german', el: 'greek', hi: 'hindi', hu: 'hungarian', id: 'indonesian', ga: 'irish', it: 'italian',
  lt: 'lithuanian', ne: 'nepali', no: 'norwegian', nb: 'norwegian', nn: 'norwegian', pt: 'portuguese', ro: 'romanian',
  ru: 'russian', sr: 'serbian', es: 'spanish', sv: 'swedish', ta: 'tamil', tr: 'turkish', yi: 'yiddish',
}; // prettier-ignore

export function pgConfigFor(locale: string): string {
  return PG_CONFIGS[locale.toLowerCase().split('-')[0]] ?? 'simple';
}

import { porterStem } from './porter.js';
import { russianStem } from './russian.js';

/** A word of a text: letters, digits and the marks that belong to them. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const LATIN_MARKS = /(\p{Script=Latin})\p{M}+/gu;
const ASCII = /^[\x00-\x7F]*$/;

/**
 * Case and diacritics folded the way the index keeps words: lowercase, ё as е, and
 * accents stripped from Latin letters ("Café" → "cafe"); Cyrillic й keeps its breve,
 * it is a letter of its own.
 */
export function foldWord(word: string): string {
  // An ASCII word (most of English text) has no marks to strip and nothing to compose: lowercase is its whole fold.
  if (ASCII.test(word)) return word.toLowerCase();
  return word.normalize('NFD').toLowerCase().replace(LATIN_MARKS, '$1').normalize('NFC').replace(/ё/g, 'е');
}

/** A whole text with the same folds (case kept), for PostgreSQL's to_tsvector, which has no unaccent by default. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(LATIN_MARKS, '$1').normalize('NFC').replace(/ё/g, 'е').replace(/Ё/g, 'Е');
}

export type Stemmer = (word: string) => string;

const identity: Stemmer = (word) => word;

const STEMMERS: Record<string, Stemmer> = { en: porterStem, ru: russianStem };

/** The stemmer of a locale's language; other languages are matched on whole (folded) words. */
export function stemmerFor(locale: string): Stemmer {
  return STEMMERS[locale.toLowerCase().split('-')[0]] ?? identity;
}

/** Every distinct stemmer, for a query that names no locale: a word is looked up under each language's stem. */
export const ALL_STEMMERS: Stemmer[] = [porterStem, russianStem, identity];

export interface WordSpan {
  /** The word as written. */
  text: string;
  /** Where it starts in the text (UTF-16 index). */
  start: number;
  /** Folded, unstemmed. */
  folded: string;
}

export function words(text: string): WordSpan[] {
  return [...text.matchAll(WORD)].map((m) => ({ text: m[0], start: m.index, folded: foldWord(m[0]) }));
}

/** The text as the SQLite index keeps it: each word folded and stemmed by the article's language, space-separated. */
export function analyze(text: string, locale: string): string {
  const stem = stemmerFor(locale);
  return words(text)
    .map((w) => stem(w.folded))
    .join(' ');
}

import { escapeHtml } from '../../articles/body/render.js';
import { stemmerFor, words, type WordSpan } from './analyzer.js';
import type { ParsedQuery } from './query.js';

export type HighlightField = 'headline' | 'lead' | 'body';

export interface Highlight {
  field: HighlightField;
  /** HTML-escaped text with each match in <mark>…</mark>; "…" where a fragment was cut. */
  snippet: string;
}

// (the body's own escaping, so a snippet is as safe as bodyHtml)

export const MARK_START = '\uE000';
export const MARK_END = '\uE001';
/** Stand-ins for < and > while PostgreSQL writes a headline: its parser would take `<b>` for markup and drop it. */
export const LT = '\uE002';
export const GT = '\uE003';

/**
 * Text with match markers (MARK_START/MARK_END, as PostgreSQL's ts_headline is asked to write
 * them) as safe HTML: the text escaped, the markers as <mark>. undefined when nothing matched.
 */
export function markersToHtml(marked: string | null): string | undefined {
  if (!marked || !marked.includes(MARK_START)) return undefined;
  return escapeHtml(marked).replaceAll(MARK_START, '<mark>').replaceAll(MARK_END, '</mark>').replaceAll(LT, '&lt;').replaceAll(GT, '&gt;');
}

/** Stems of words seen in highlights, by locale: a page of results stems the same few thousand words over and over. */
const stemsSeen = new Map<string, Map<string, string>>();
const STEMS_KEPT = 20_000;

function cachedStemmer(locale: string): (word: string) => string {
  const stem = stemmerFor(locale);
  let seen = stemsSeen.get(locale);
  if (!seen) stemsSeen.set(locale, (seen = new Map()));
  const known = seen;
  return (word) => {
    let stemmed = known.get(word);
    if (stemmed === undefined) {
      if (known.size >= STEMS_KEPT) known.clear();
      stemmed = stem(word);
      known.set(word, stemmed);
    }
    return stemmed;
  };
}

/** Words of the article that the query's (non-excluded) terms match, judged as the index does: by the article language's stems. */
function matcher(query: ParsedQuery, locale: string): (word: WordSpan) => boolean {
  const stem = cachedStemmer(locale);
  const stems = new Set<string>();
  const prefixes: string[] = [];
  for (const clause of query.clauses) {
    if (clause.negated) continue;
    for (const term of clause.anyOf) {
      if (term.prefix) prefixes.push(term.words[0]);
      else for (const w of term.words) stems.add(stem(w));
    }
  }
  return (word) => stems.has(stem(word.folded)) || prefixes.some((p) => word.folded.startsWith(p));
}

/** Marks the matching words of `text[from, to)`. */
function markRange(text: string, spans: WordSpan[], hit: boolean[], from: number, to: number): string {
  let out = '';
  let at = from;
  spans.forEach((span, index) => {
    if (!hit[index] || span.start < from || span.start + span.text.length > to) return;
    out += escapeHtml(text.slice(at, span.start)) + '<mark>' + escapeHtml(span.text) + '</mark>';
    at = span.start + span.text.length;
  });
  return out + escapeHtml(text.slice(at, to));
}

const SHORT_FIELD = 400;
const WINDOW_WORDS = 30;
const MAX_FRAGMENTS = 2;

/** One field's highlight: a short field whole, a long one as up to two windows of words around matches. */
function highlightField(text: string | null, matches: (w: WordSpan) => boolean): string | undefined {
  if (!text) return undefined;
  const spans = words(text);
  const hit = spans.map(matches);
  if (!hit.includes(true)) return undefined;
  if (text.length <= SHORT_FIELD) return markRange(text, spans, hit, 0, text.length);
  const fragments: string[] = [];
  let next = 0;
  let cutBefore = false;
  for (let index = 0; index < spans.length && fragments.length < MAX_FRAGMENTS; index += 1) {
    if (!hit[index] || index < next) continue;
    const first = Math.max(next, index - Math.floor(WINDOW_WORDS / 3));
    const last = Math.min(spans.length - 1, first + WINDOW_WORDS - 1);
    if (fragments.length === 0) cutBefore = first > 0;
    fragments.push(markRange(text, spans, hit, spans[first].start, spans[last].start + spans[last].text.length));
    next = last + 1;
  }
  return (cutBefore ? '… ' : '') + fragments.join(' … ') + (next < spans.length ? ' …' : '');
}

/** Highlights of headline, lead and body text for one article (those fields that matched). */
export function highlight(query: ParsedQuery, locale: string, fields: Record<HighlightField, string | null>): Highlight[] {
  const matches = matcher(query, locale);
  return (Object.keys(fields) as HighlightField[]).flatMap((field) => {
    const snippet = highlightField(fields[field], matches);
    return snippet ? [{ field, snippet }] : [];
  });
}

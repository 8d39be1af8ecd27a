import { badRequest } from '../../common/errors/domain-error.js';
import { foldWord, words } from './analyzer.js';

/**
 * A reader's search query, parsed into terms by our own rules: nothing the reader types
 * reaches FTS5 or tsquery syntax. Supported: words (all must match), "exact phrases",
 * prefixes (`diplom*`), exclusion (`-sanctions`) and `OR` between two terms.
 */
export interface SearchTerm {
  /** Folded words; one for a word or prefix, several for a phrase. */
  words: string[];
  prefix: boolean;
}

export interface SearchClause {
  /** Any of these matches (OR); usually one. */
  anyOf: SearchTerm[];
  negated: boolean;
}

export interface ParsedQuery {
  clauses: SearchClause[];
}

export const MAX_QUERY_LENGTH = 500;
export const MAX_QUERY_TERMS = 32;
/** Shorter prefixes would match half the index. */
const MIN_PREFIX = 2;

export function parseQuery(raw: string): ParsedQuery {
  const clauses: SearchClause[] = [];
  let pendingOr = false;
  let count = 0;
  let i = 0;
  const add = (term: SearchTerm, negated: boolean) => {
    if (term.words.length === 0) return;
    count += term.words.length;
    const last = clauses.at(-1);
    if (pendingOr && last && !last.negated && !negated) last.anyOf.push(term);
    else clauses.push({ anyOf: [term], negated });
    pendingOr = false;
  };
  while (i < raw.length) {
    const ch = raw[i];
    if (/\s/u.test(ch)) {
      i += 1;
      continue;
    }
    // A minus starts an exclusion only at the start of a term ("drug-trafficking" is two words).
    const negated = ch === '-' && (i === 0 || /\s/u.test(raw[i - 1])) && i + 1 < raw.length && !/\s/u.test(raw[i + 1]);
    const start = negated ? i + 1 : i;
    if (raw[start] === '"') {
      const close = raw.indexOf('"', start + 1);
      const end = close === -1 ? raw.length : close;
      add({ words: words(raw.slice(start + 1, end)).map((w) => w.folded), prefix: false }, negated);
      i = end + 1;
      continue;
    }
    // A run of non-space characters: its words, a trailing * making the last one a prefix.
    let end = start;
    while (end < raw.length && !/\s/u.test(raw[end]) && raw[end] !== '"') end += 1;
    const chunk = raw.slice(start, end);
    i = end;
    if (chunk === 'OR' && !negated) {
      pendingOr = clauses.length > 0;
      continue;
    }
    const found = words(chunk);
    found.forEach((w, index) => {
      const last = index === found.length - 1;
      const prefix = last && chunk[w.start + w.text.length] === '*' && [...w.folded].length >= MIN_PREFIX;
      add({ words: [foldWord(w.text)], prefix }, negated);
    });
  }
  if (count > MAX_QUERY_TERMS) {
    throw badRequest('SEARCH_QUERY_TOO_COMPLEX', `The query has ${count} words; at most ${MAX_QUERY_TERMS} are searched for. Shorten it.`, [
      { field: 'q', message: `at most ${MAX_QUERY_TERMS} words` },
    ]);
  }
  if (!clauses.some((c) => !c.negated)) {
    throw badRequest('SEARCH_QUERY_EMPTY', 'The query has no word to search for (letters or digits), only exclusions or punctuation.', [
      { field: 'q', message: 'needs at least one word that is not excluded' },
    ]);
  }
  return { clauses };
}

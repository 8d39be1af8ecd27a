import type { EntityManager } from 'typeorm';
import type { ArticleEntity } from '../articles/article.entity.js';
import type { Highlight } from './text/highlight.js';
import type { ParsedQuery } from './text/query.js';

/** The engine the DataSource's dialect calls for: SQLite FTS5 or PostgreSQL tsvector. */
export const SEARCH_ENGINE = Symbol('SEARCH_ENGINE');

/**
 * What the articles feature sees of search: the index follows every article write inside
 * the write's own transaction, so a change is searchable (or gone) when it commits.
 */
export interface SearchIndexer {
  /** (Re)writes the article's entry: headline, lead, body text and tag names. */
  index(manager: EntityManager, article: ArticleEntity): Promise<void>;
  remove(manager: EntityManager, articleId: string): Promise<void>;
}

export interface SearchCriteria {
  query: ParsedQuery;
  /** Only articles of this locale, and the query read in its language. */
  locale?: string;
  /** Articles whose primary section is one of these. */
  sectionIds?: string[];
  tagId?: string;
  /** Published at or after / before. */
  from?: Date;
  to?: Date;
  /** Continue after this hit (score descending, then id descending). */
  after?: { score: number; id: string };
  /** Rows wanted; engines return one more when more follow. */
  limit: number;
  now: Date;
}

export interface SearchHitRow {
  id: string;
  /** Higher is better; comparable within one query only. */
  score: number;
}

export interface SearchEngine extends SearchIndexer {
  /** Publicly visible matches (the one visibility rule), best first: at most limit + 1 rows. */
  search(criteria: SearchCriteria): Promise<SearchHitRow[]>;
  /** Highlighted snippets of a page of hits. */
  highlights(query: ParsedQuery, criteria: Pick<SearchCriteria, 'locale'>, articles: ArticleEntity[]): Promise<Map<string, Highlight[]>>;
}

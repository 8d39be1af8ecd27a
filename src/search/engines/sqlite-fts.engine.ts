import type { DataSource, EntityManager } from 'typeorm';
import { ArticleEntity } from '../../articles/article.entity.js';
import { renderBodyText } from '../../articles/body/render.js';
import { analyzedDocument, searchDocument } from '../search-document.js';
import type { SearchCriteria, SearchEngine, SearchHitRow } from '../search-engine.js';
import { ALL_STEMMERS, stemmerFor, type Stemmer } from '../text/analyzer.js';
import { highlight, type Highlight } from '../text/highlight.js';
import type { ParsedQuery, SearchTerm } from '../text/query.js';
import { applyFilters, pageOf } from './filters.js';
import { tagNamesOf } from './tag-names.js';

/** FTS5 column weights for bm25: a headline hit counts ten body hits, the lead four, a tag five. */
const BM25 = 'bm25(article_search_fts, 10.0, 4.0, 1.0, 5.0)';

/** A token as an FTS5 string: it holds only letters and digits, and is quoted all the same. */
const quote = (token: string) => `"${token.replace(/"/g, '""')}"`;

const anyOf = (alternatives: string[]) => {
  const unique = [...new Set(alternatives)];
  return unique.length === 1 ? unique[0] : `(${unique.join(' OR ')})`;
};

/**
 * The MATCH expression for a parsed query, built only from quoted tokens and FTS5's own
 * AND/OR/NOT: each word stemmed as the index stems its article's language (every language's
 * stem when no locale is asked for), a phrase as a quoted sequence, a prefix as "token"*.
 */
export function ftsMatch(query: ParsedQuery, stemmers: Stemmer[]): string {
  const term = (t: SearchTerm) => {
    if (t.prefix) return `${quote(t.words[0])}*`;
    return anyOf(stemmers.map((stem) => quote(t.words.map(stem).join(' '))));
  };
  const clause = (terms: SearchTerm[]) => anyOf(terms.map(term));
  const positive = query.clauses.filter((c) => !c.negated).map((c) => clause(c.anyOf));
  const negative = query.clauses.filter((c) => c.negated).map((c) => clause(c.anyOf));
  return [`(${positive.join(' AND ')})`, ...negative].join(' NOT ');
}

/**
 * SQLite: an FTS5 table (unicode61, diacritics folded) of the articles' words stemmed by our
 * own English and Russian stemmers, contentless (the articles table has the text), keyed by
 * `article_search_docs` (an article's id ↔ the FTS rowid).
 */
export class SqliteFtsEngine implements SearchEngine {
  constructor(private readonly dataSource: DataSource) {}

  async index(manager: EntityManager, article: ArticleEntity): Promise<void> {
    const doc = analyzedDocument(searchDocument(article, await tagNamesOf(manager, article.id)), article.locale);
    const [existing] = (await manager.query('SELECT id FROM article_search_docs WHERE article_id = ?', [article.id])) as { id: number }[];
    let rowid = existing?.id;
    if (rowid === undefined) {
      [{ id: rowid }] = (await manager.query('INSERT INTO article_search_docs (article_id) VALUES (?) RETURNING id', [article.id])) as {
        id: number;
      }[];
    } else {
      await manager.query('DELETE FROM article_search_fts WHERE rowid = ?', [rowid]);
    }
    await manager.query('INSERT INTO article_search_fts (rowid, headline, lead, body, tags) VALUES (?, ?, ?, ?, ?)', [
      rowid,
      doc.headline,
      doc.lead,
      doc.body,
      doc.tags,
    ]);
  }

  async remove(manager: EntityManager, articleId: string): Promise<void> {
    const rows = (await manager.query('SELECT id FROM article_search_docs WHERE article_id = ?', [articleId])) as { id: number }[];
    for (const { id } of rows) {
      await manager.query('DELETE FROM article_search_fts WHERE rowid = ?', [id]);
      await manager.query('DELETE FROM article_search_docs WHERE id = ?', [id]);
    }
  }

  async search(criteria: SearchCriteria): Promise<SearchHitRow[]> {
    const match = ftsMatch(criteria.query, criteria.locale ? [stemmerFor(criteria.locale)] : ALL_STEMMERS);
    const inner = applyFilters(
      this.dataSource
        .createQueryBuilder()
        .select('a.id', 'id')
        .addSelect(`-${BM25}`, 'score')
        .from('article_search_fts', 'article_search_fts')
        .innerJoin('article_search_docs', 'd', 'd.id = article_search_fts.rowid')
        .innerJoin(ArticleEntity, 'a', 'a.id = d.article_id')
        .where('article_search_fts MATCH :match', { match }),
      criteria,
    );
    const outer = this.dataSource
      .createQueryBuilder()
      .select('r.id', 'id')
      .addSelect('r.score', 'score')
      .from(`(${inner.getQuery()})`, 'r')
      .setParameters(inner.getParameters());
    const rows = await pageOf(outer, criteria, (p) => p).getRawMany<{ id: string; score: number }>();
    return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
  }

  highlights(query: ParsedQuery, _criteria: Pick<SearchCriteria, 'locale'>, articles: ArticleEntity[]): Promise<Map<string, Highlight[]>> {
    return Promise.resolve(
      new Map(articles.map((a) => [a.id, highlight(query, a.locale, { headline: a.headline, lead: a.lead, body: renderBodyText(a.body) })])),
    );
  }
}

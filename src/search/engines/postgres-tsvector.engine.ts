import type { DataSource, EntityManager, ObjectLiteral } from 'typeorm';
import { ArticleEntity } from '../../articles/article.entity.js';
import { SectionEntity } from '../../sections/section.entity.js';
import { pgConfigFor, searchDocument, tsvectorParams } from '../search-document.js';
import type { SearchCriteria, SearchEngine, SearchHitRow } from '../search-engine.js';
import { GT, LT, MARK_END, MARK_START, markersToHtml, type Highlight, type HighlightField } from '../text/highlight.js';
import type { ParsedQuery, SearchTerm } from '../text/query.js';
import { applyFilters, pageOf } from './filters.js';
import { tagNamesOf } from './tag-names.js';

/**
 * A parsed query as a tsquery expression for one text search configuration: every word,
 * phrase and prefix a bound parameter handed to plainto_tsquery / phraseto_tsquery /
 * to_tsquery (a prefix as a quoted lexeme with :*), combined with the tsquery operators.
 */
class TsqueryBuilder {
  readonly parameters: ObjectLiteral = {};
  private next = 0;

  constructor(private readonly query: ParsedQuery) {}

  private param(value: string): string {
    const name = `sq${this.next++}`;
    this.parameters[name] = value;
    return `:${name}`;
  }

  expression(config: string): string {
    const cfg = `CAST(${this.param(config)} AS regconfig)`;
    const term = (t: SearchTerm) => {
      if (t.prefix) return `to_tsquery(${cfg}, quote_literal(${this.param(t.words[0])}) || ':*')`;
      if (t.words.length > 1) return `phraseto_tsquery(${cfg}, ${this.param(t.words.join(' '))})`;
      return `plainto_tsquery(${cfg}, ${this.param(t.words[0])})`;
    };
    const clause = (terms: SearchTerm[]) => `(${terms.map(term).join(' || ')})`;
    const parts = this.query.clauses.map((c) => (c.negated ? `(!! ${clause(c.anyOf)})` : clause(c.anyOf)));
    return `(${parts.join(' && ')})`;
  }
}

const headlineOptions = (extra: string) => `${extra}, StartSel=${MARK_START}, StopSel=${MARK_END}`;
const SHORT_OPTIONS = headlineOptions('HighlightAll=true');
const BODY_OPTIONS = headlineOptions('MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "');

/**
 * PostgreSQL: `article_search` holds a weighted tsvector per article (headline A, lead and tags
 * B, body C) built with the text search configuration of the article's language (english,
 * russian, … or simple), under a GIN index. A query is read in each configuration the
 * editions use and matched against the rows of that configuration only.
 */
export class PostgresTsvectorEngine implements SearchEngine {
  constructor(private readonly dataSource: DataSource) {}

  async index(manager: EntityManager, article: ArticleEntity): Promise<void> {
    const doc = searchDocument(article, await tagNamesOf(manager, article.id));
    await manager.query(
      `INSERT INTO article_search (article_id, config, body_text, tags, document)
       VALUES ($1, $2::text, $3, $4,
         setweight(to_tsvector($2::text::regconfig, $5), 'A') || setweight(to_tsvector($2::text::regconfig, $6), 'B') ||
         setweight(to_tsvector($2::text::regconfig, $7), 'B') || setweight(to_tsvector($2::text::regconfig, $8), 'C'))
       ON CONFLICT (article_id) DO UPDATE
         SET config = EXCLUDED.config, body_text = EXCLUDED.body_text, tags = EXCLUDED.tags, document = EXCLUDED.document`,
      [article.id, pgConfigFor(article.locale), doc.body, doc.tags, ...tsvectorParams(doc)],
    );
  }

  async remove(manager: EntityManager, articleId: string): Promise<void> {
    await manager.query('DELETE FROM article_search WHERE article_id = $1', [articleId]);
  }

  /** The configurations to read the query in: the asked locale's, or those of every edition (its sections' locales). */
  private async configs(locale: string | undefined): Promise<string[]> {
    if (locale) return [pgConfigFor(locale)];
    const rows = await this.dataSource
      .getRepository(SectionEntity)
      .createQueryBuilder('s')
      .select('DISTINCT s.locale', 'locale')
      .getRawMany<{ locale: string }>();
    return [...new Set(rows.map((r) => pgConfigFor(r.locale)))];
  }

  async search(criteria: SearchCriteria): Promise<SearchHitRow[]> {
    const configs = await this.configs(criteria.locale);
    if (configs.length === 0) return [];
    const builder = new TsqueryBuilder(criteria.query);
    const perConfig = configs.map((config) => ({ config, query: builder.expression(config), name: `cfg_${configs.indexOf(config)}` }));
    const configParams = Object.fromEntries(perConfig.map((c) => [c.name, c.config]));
    const matches = perConfig.map((c) => `(s.config = :${c.name} AND s.document @@ ${c.query})`).join(' OR ');
    const score =
      perConfig.length === 1
        ? `ts_rank(s.document, ${perConfig[0].query})`
        : `CASE s.config ${perConfig.map((c) => `WHEN :${c.name} THEN ts_rank(s.document, ${c.query})`).join(' ')} END`;
    const inner = applyFilters(
      this.dataSource
        .createQueryBuilder()
        .select('a.id', 'id')
        .addSelect(score, 'score')
        .from('article_search', 's')
        .innerJoin(ArticleEntity, 'a', 'a.id = s.article_id')
        .where(`(${matches})`, { ...builder.parameters, ...configParams }),
      criteria,
    );
    const outer = this.dataSource
      .createQueryBuilder()
      .select('r.id', 'id')
      .addSelect('r.score', 'score')
      .from(`(${inner.getQuery()})`, 'r')
      .setParameters(inner.getParameters());
    // ts_rank is a real: the cursor's score goes back as one, so the keyset compares like with like.
    const rows = await pageOf(outer, criteria, (p) => `CAST(${p} AS real)`).getRawMany<{ id: string; score: number | string }>();
    return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
  }

  async highlights(query: ParsedQuery, criteria: Pick<SearchCriteria, 'locale'>, articles: ArticleEntity[]): Promise<Map<string, Highlight[]>> {
    const result = new Map<string, Highlight[]>();
    const byConfig = new Map<string, string[]>();
    for (const a of articles) {
      const config = pgConfigFor(criteria.locale ?? a.locale);
      byConfig.set(config, [...(byConfig.get(config) ?? []), a.id]);
    }
    for (const [config, ids] of byConfig) {
      const builder = new TsqueryBuilder(query);
      const tsquery = builder.expression(config);
      const cfg = 'CAST(:hlConfig AS regconfig)';
      // The markers are private-use characters: any already in the text are dropped so only ours remain, and < >
      // stand in as two more, so text that looks like markup stays text.
      const clean = (column: string) => `translate(coalesce(${column}, ''), :hlFrom, :hlTo)`;
      const rows = await this.dataSource
        .createQueryBuilder()
        .select('s.article_id', 'id')
        .addSelect(`ts_headline(${cfg}, ${clean('a.headline')}, ${tsquery}, :hlShort)`, 'headline')
        .addSelect(`ts_headline(${cfg}, ${clean('a.lead')}, ${tsquery}, :hlShort)`, 'lead')
        .addSelect(`ts_headline(${cfg}, ${clean('s.body_text')}, ${tsquery}, :hlBody)`, 'body')
        .from('article_search', 's')
        .innerJoin(ArticleEntity, 'a', 'a.id = s.article_id')
        .where('s.article_id IN (:...hlIds)', {
          ...builder.parameters,
          hlConfig: config,
          hlFrom: `<>${MARK_START}${MARK_END}${LT}${GT}`,
          hlTo: LT + GT,
          hlShort: SHORT_OPTIONS,
          hlBody: BODY_OPTIONS,
          hlIds: ids,
        })
        .getRawMany<{ id: string } & Record<HighlightField, string | null>>();
      for (const row of rows) {
        result.set(
          row.id,
          (['headline', 'lead', 'body'] as HighlightField[]).flatMap((field) => {
            const snippet = markersToHtml(row[field]);
            return snippet ? [{ field, snippet }] : [];
          }),
        );
      }
    }
    return result;
  }
}

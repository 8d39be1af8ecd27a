import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { MediaEntity } from '../media/media.entity.js';
import { SectionEntity } from '../sections/section.entity.js';
import { AuthorEntity } from '../taxonomy/author.entity.js';
import { TagEntity } from '../taxonomy/tag.entity.js';
import { dbDate } from '../database/column-types.js';
import { Transactions } from '../database/transactions.js';
import { placeholders, SqlReader } from '../database/sql-reader.js';
import { publiclyVisibleWhere } from './visibility.js';
import { ArticleCorrectionEntity } from './revisions/article-correction.entity.js';
import { ArticleAuthorEntity, ArticleEntity, ArticleMediaEntity, ArticleTagEntity, type ArticleStatus } from './article.entity.js';

export interface ListCriteria {
  sectionId?: string;
  tagId?: string;
  authorId?: string;
  locale?: string;
  /** undefined: the public list (published and past embargo). */
  status?: ArticleStatus;
  after?: { at: Date; id: string };
  limit: number;
  now: Date;
}

/** Published newest first, then unpublished (no date) ones; ties by id, descending (both dialects alike). */
function newestFirst(a: ArticleEntity, b: ArticleEntity): number {
  const at = a.publishedAt?.getTime() ?? -Infinity;
  const bt = b.publishedAt?.getTime() ?? -Infinity;
  if (at !== bt) return bt - at;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** The queries of the articles feature; rules live in the service. */
@Injectable()
export class ArticlesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly reader: SqlReader,
  ) {}

  private articles(manager: EntityManager = this.dataSource.manager) {
    return manager.getRepository(ArticleEntity);
  }

  /**
   * One keyset page: published lists by (published_at, id) descending, editors'
   * status lists by (updated_at, id) descending. Fetches limit + 1 rows so the
   * caller knows whether another page follows.
   */
  list(criteria: ListCriteria): Promise<ArticleEntity[]> {
    const sortColumn = criteria.status === undefined || criteria.status === 'published' ? 'published_at' : 'updated_at';
    const where: string[] = [];
    const params: unknown[] = [];
    const and = (condition: string, ...values: unknown[]) => {
      where.push(condition);
      params.push(...values);
    };
    if (criteria.status === undefined) and(publiclyVisibleWhere('a'), dbDate(criteria.now));
    else and('a.status = ?', criteria.status);
    if (criteria.sectionId) and('a.section_id = ?', criteria.sectionId);
    if (criteria.locale) and('a.locale = ?', criteria.locale);
    if (criteria.tagId) and('EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.tag_id = ?)', criteria.tagId);
    if (criteria.authorId) and('EXISTS (SELECT 1 FROM article_authors w WHERE w.article_id = a.id AND w.author_id = ?)', criteria.authorId);
    // A row-value comparison: both dialects serve it straight from the (…, sort column, id) index (see keysetAfter).
    if (criteria.after) and(`(a.${sortColumn}, a.id) < (?, ?)`, dbDate(criteria.after.at), criteria.after.id);
    params.push(criteria.limit + 1);
    return this.reader.entities(
      ArticleEntity,
      `SELECT a.* FROM articles a WHERE ${where.join(' AND ')} ORDER BY a.${sortColumn} DESC, a.id DESC LIMIT ?`,
      params,
    );
  }

  /** Scheduled articles whose go-live time has come, oldest first. */
  dueForPublish(now: Date, limit: number): Promise<ArticleEntity[]> {
    return this.reader.entities(
      ArticleEntity,
      `SELECT * FROM articles WHERE status = 'scheduled' AND publish_at <= ? ORDER BY publish_at ASC, id ASC LIMIT ?`,
      [dbDate(now), limit],
    );
  }

  /** Published articles whose take-down time has come. */
  dueForUnpublish(now: Date, limit: number): Promise<ArticleEntity[]> {
    return this.reader.entities(
      ArticleEntity,
      `SELECT * FROM articles WHERE status = 'published' AND unpublish_at <= ? ORDER BY unpublish_at ASC, id ASC LIMIT ?`,
      [dbDate(now), limit],
    );
  }

  /** Published articles whose embargo ended in (after, until]: they became visible with no write (the cache purges for them). */
  embargoEndedBetween(after: Date, until: Date): Promise<ArticleEntity[]> {
    return this.reader.entities(
      ArticleEntity,
      `SELECT * FROM articles WHERE status = 'published' AND embargo_until > ? AND embargo_until <= ? LIMIT 1000`,
      [dbDate(after), dbDate(until)],
    );
  }

  /** Public corrections of many articles, oldest first each (one query). */
  async correctionsOf(articleIds: readonly string[]): Promise<Map<string, ArticleCorrectionEntity[]>> {
    const result = new Map<string, ArticleCorrectionEntity[]>(articleIds.map((id) => [id, []]));
    if (articleIds.length === 0) return result;
    const ids = [...new Set(articleIds)];
    const rows = await this.reader.entities(
      ArticleCorrectionEntity,
      `SELECT * FROM article_corrections WHERE article_id IN (${placeholders(ids.length)}) ORDER BY created_at ASC, id ASC`,
      ids,
    );
    for (const row of rows) result.get(row.articleId)?.push(row);
    return result;
  }

  /** Every version of these stories (translation groups), whatever their state, with the fields a language switcher shows: the caller applies the visibility rule. */
  async versionsOf(groupIds: readonly string[]): Promise<Map<string, ArticleEntity[]>> {
    const result = new Map<string, ArticleEntity[]>(groupIds.map((id) => [id, []]));
    if (groupIds.length === 0) return result;
    const ids = [...new Set(groupIds)];
    const rows = await this.reader.entities(
      ArticleEntity,
      // The columns a language switcher and the visibility rule need; the rest (the body above all) stays unread.
      `SELECT id, slug, locale, headline, status, embargo_until, translation_group_id FROM articles ` +
        `WHERE translation_group_id IN (${placeholders(ids.length)}) ORDER BY locale ASC, id ASC`,
      ids,
    );
    for (const row of rows) result.get(row.translationGroupId)?.push(row);
    return result;
  }

  /** The version of a story in a locale, if it has one (other than `exceptId`). */
  versionInLocale(groupId: string, locale: string, exceptId?: string): Promise<ArticleEntity | null> {
    const qb = this.articles().createQueryBuilder('a').where('a.translation_group_id = :groupId AND a.locale = :locale', { groupId, locale });
    if (exceptId) qb.andWhere('a.id <> :exceptId', { exceptId });
    return qb.getOne();
  }

  async findById(id: string): Promise<ArticleEntity | null> {
    const [row] = await this.findOne('a.id = ?', [id]);
    return row ?? null;
  }

  /** The article's own row, without the relations an answer shows (for writes, which read it to check and change it). */
  async findRowById(id: string): Promise<ArticleEntity | null> {
    const [row] = await this.reader.entities(ArticleEntity, 'SELECT a.* FROM articles a WHERE a.id = ?', [id]);
    return row ?? null;
  }

  async findBySlug(slug: string, locale: string): Promise<ArticleEntity | null> {
    const [row] = await this.findOne('a.slug = ? AND a.locale = ?', [slug, locale]);
    return row ?? null;
  }

  /** Any locale's article with this slug, newest first (for a slug asked without a locale). */
  async findAllBySlug(slug: string): Promise<ArticleEntity[]> {
    // One row per locale at most (slugs are unique per locale): ordered here, where SQLite would open a sorter for it.
    return (await this.findOne('a.slug = ?', [slug])).sort(newestFirst);
  }

  /**
   * Articles for one-article answers, read with what presenting one needs, in one statement (one snapshot):
   * the section, the main image, the tags and the bylines as JSON (see ArticleEntity.readWith), and two index
   * probes telling whether corrections and other versions exist, so most articles need no other query.
   */
  private async findOne(where: string, params: unknown[], tail = ''): Promise<ArticleEntity[]> {
    const rows = await this.reader.entitiesWith(ArticleEntity, `${this.oneArticleSelect()} WHERE ${where}${tail}`, params, [
      'has_corrections',
      'has_versions',
      'section_json',
      'image_json',
      'tags_json',
      'authors_json',
    ]);
    return rows.map(([article, corrections, versions, section, image, tags, authors]) => {
      article.readHints = { corrections: Boolean(corrections), versions: Boolean(versions) };
      article.readWith = {
        section: this.reader.jsonEntities(SectionEntity, section)[0] ?? null,
        mainImage: this.reader.jsonEntities(MediaEntity, image)[0] ?? null,
        tags: this.reader.jsonEntities(TagEntity, tags),
        authors: this.reader.jsonEntities(AuthorEntity, authors),
      };
      return article;
    });
  }

  private oneArticleSql?: string;

  private oneArticleSelect(): string {
    if (!this.oneArticleSql) {
      const r = this.reader;
      const linked = (links: string, target: EntityTarget<ObjectLiteral>, column: string) =>
        `(SELECT ${r.jsonArray(target, 'x', 'l.position')} FROM ${links} l JOIN ${r.tableOf(target)} x ` +
        `ON x.id = l.${column} WHERE l.article_id = a.id)`;
      this.oneArticleSql =
        'SELECT a.*, ' +
        'EXISTS (SELECT 1 FROM article_corrections c WHERE c.article_id = a.id) AS has_corrections, ' +
        'EXISTS (SELECT 1 FROM articles v WHERE v.translation_group_id = a.translation_group_id AND v.id <> a.id) AS has_versions, ' +
        `(SELECT ${r.jsonObject(SectionEntity, 's')} FROM ${r.tableOf(SectionEntity)} s WHERE s.id = a.section_id) AS section_json, ` +
        `(SELECT ${r.jsonObject(MediaEntity, 'm')} FROM ${r.tableOf(MediaEntity)} m WHERE m.id = a.main_image_id) AS image_json, ` +
        `${linked('article_tags', TagEntity, 'tag_id')} AS tags_json, ` +
        `${linked('article_authors', AuthorEntity, 'author_id')} AS authors_json ` +
        'FROM articles a';
    }
    return this.oneArticleSql;
  }

  slugExists(slug: string, locale: string, exceptId?: string, manager?: EntityManager): Promise<boolean> {
    const qb = this.articles(manager).createQueryBuilder('a').where('a.slug = :slug AND a.locale = :locale', { slug, locale });
    if (exceptId) qb.andWhere('a.id <> :exceptId', { exceptId });
    return qb.getExists();
  }

  /** Slugs of this locale starting with `base`, to find a free `base-N`. */
  async slugsLike(base: string, locale: string, manager?: EntityManager): Promise<Set<string>> {
    const rows = await this.articles(manager)
      .createQueryBuilder('a')
      .select('a.slug', 'slug')
      .where('a.locale = :locale', { locale })
      .andWhere('(a.slug = :base OR a.slug LIKE :prefix)', { base, prefix: `${base}-%` })
      .getRawMany<{ slug: string }>();
    return new Set(rows.map((r) => r.slug));
  }

  /** Tag and author ids of many articles, in editorial order: one query each (in `manager`'s transaction when given). */
  tagIdsByArticle(articleIds: readonly string[], manager?: EntityManager): Promise<Map<string, string[]>> {
    return this.linkedIds('article_tags', 'tag_id', articleIds, manager);
  }

  authorIdsByArticle(articleIds: readonly string[], manager?: EntityManager): Promise<Map<string, string[]>> {
    return this.linkedIds('article_authors', 'author_id', articleIds, manager);
  }

  /** The tags of many articles, in editorial order, joined in one query. */
  tagsByArticle(articleIds: readonly string[]): Promise<Map<string, TagEntity[]>> {
    return this.linked(TagEntity, 'article_tags', 'tag_id', 'tags', articleIds);
  }

  /** The bylines of many articles, in editorial order, joined in one query. */
  authorsByArticle(articleIds: readonly string[]): Promise<Map<string, AuthorEntity[]>> {
    return this.linked(AuthorEntity, 'article_authors', 'author_id', 'authors', articleIds);
  }

  private async linked<T extends ObjectLiteral>(
    target: EntityTarget<T>,
    links: string,
    column: string,
    table: string,
    articleIds: readonly string[],
  ): Promise<Map<string, T[]>> {
    const result = new Map<string, T[]>();
    if (articleIds.length === 0) return result;
    const ids = [...new Set(articleIds)];
    // Ordered here, not by SQL: sorting whole joined rows cost SQLite a temporary B-tree, about as much as the rest of the query.
    const rows = await this.reader.entitiesWith(
      target,
      `SELECT x.*, l.article_id AS link_article_id, l.position AS link_position FROM ${links} l JOIN ${table} x ON x.id = l.${column} ` +
        `WHERE l.article_id IN (${placeholders(ids.length)})`,
      ids,
      ['link_article_id', 'link_position'],
    );
    rows.sort((a, b) => Number(a[2]) - Number(b[2]));
    for (const [entity, articleId] of rows) {
      const list = result.get(articleId as string);
      if (list) list.push(entity);
      else result.set(articleId as string, [entity]);
    }
    return result;
  }

  private async linkedIds(table: string, column: string, articleIds: readonly string[], manager?: EntityManager): Promise<Map<string, string[]>> {
    if (articleIds.length === 0) return new Map();
    const ids = [...new Set(articleIds)];
    const sql = `SELECT article_id, ${column} AS id FROM ${table} WHERE article_id IN (${placeholders(ids.length)}) ORDER BY article_id, position`;
    const rows = await this.reader.rows<{ article_id: string; id: string }>(sql, ids, manager);
    return groupIds(rows.map((r) => [r.article_id, r.id]));
  }

  async replaceTags(manager: EntityManager, articleId: string, tagIds: string[]): Promise<void> {
    await manager.delete(ArticleTagEntity, { articleId });
    if (tagIds.length)
      await manager.insert(
        ArticleTagEntity,
        tagIds.map((tagId, position) => ({ articleId, tagId, position })),
      );
  }

  async replaceAuthors(manager: EntityManager, articleId: string, authorIds: string[]): Promise<void> {
    await manager.delete(ArticleAuthorEntity, { articleId });
    if (authorIds.length)
      await manager.insert(
        ArticleAuthorEntity,
        authorIds.map((authorId, position) => ({ articleId, authorId, position })),
      );
  }

  async replaceMediaRefs(manager: EntityManager, articleId: string, mediaIds: string[]): Promise<void> {
    await manager.delete(ArticleMediaEntity, { articleId });
    const unique = [...new Set(mediaIds)];
    if (unique.length)
      await manager.insert(
        ArticleMediaEntity,
        unique.map((mediaId) => ({ articleId, mediaId })),
      );
  }

  /**
   * Writes the changed columns only if the row is still at `expectedVersion`,
   * bumping the version in the same statement: two editors can't both win.
   */
  async updateIfVersion(manager: EntityManager, id: string, expectedVersion: number, changes: Partial<ArticleEntity>): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(ArticleEntity)
      .set({ ...changes, version: expectedVersion + 1 })
      .where('id = :id AND version = :expectedVersion', { id, expectedVersion })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /** A write transaction (queued on SQLite: see Transactions). */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.transactions.run(work);
  }
}

function groupIds(pairs: [string, string][]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [key, value] of pairs) {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  }
  return map;
}

import { keysetAfter } from '../database/keyset.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { ArticleEntity } from '../articles/article.entity.js';
import { publiclyVisibleSql } from '../articles/visibility.js';
import { dbDate } from '../database/column-types.js';
import { SectionEntity } from '../sections/section.entity.js';

/** A sort key as the database returned it (PostgreSQL: a Date; SQLite: UTC text), passed back unchanged. */
type DbTimestamp = Date | string;

/** What a sitemap line needs of an article, and nothing more. */
export interface SitemapArticleRow {
  id: string;
  slug: string;
  locale: string;
  sectionSlug: string;
  updatedAt: Date;
  /** Shared by the versions of one story in other locales (hreflang alternates). */
  translationGroupId: string;
}

export interface NewsSitemapRow extends SitemapArticleRow {
  headline: string;
  firstPublishedAt: Date;
}

export interface SitemapFileSummary {
  /** 1-based file number. */
  page: number;
  urls: number;
  lastModified: Date;
}

export interface SitemapSectionRow {
  slug: string;
  locale: string;
  lastModified: Date;
}

/** One keyset position in the sitemap order (published_at, id) ascending. */
interface SitemapKey {
  at: DbTimestamp;
  id: string;
}

interface RawArticleRow {
  id: string;
  slug: string;
  locale: string;
  section_slug: string;
  translation_group_id: string;
  updated_at: DbTimestamp;
  published_at: DbTimestamp;
}

/** SQLite hands timestamps back as UTC text without a zone; PostgreSQL as Dates. */
export function fromDb(value: DbTimestamp): Date {
  if (value instanceof Date) return value;
  const iso = value.includes('T') ? value : value.replace(' ', 'T');
  return new Date(/(Z|[+-]\d\d:?\d\d)$/.test(iso) ? iso : `${iso}Z`);
}

/**
 * The queries of the sitemaps: raw rows of the few columns a sitemap line needs,
 * read in keyset order, oldest publication first, so a published article keeps
 * its place in the article files and new ones land in the last file. Every query
 * applies the one visibility rule.
 */
@Injectable()
export class SyndicationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private visible(now: Date): SelectQueryBuilder<ArticleEntity> {
    return this.dataSource.getRepository(ArticleEntity).createQueryBuilder('a').where(publiclyVisibleSql('a', now));
  }

  /** The columns of a sitemap line: the article's URL parts (its section's slug joined in) and last change. */
  private lineColumns(qb: SelectQueryBuilder<ArticleEntity>): SelectQueryBuilder<ArticleEntity> {
    return qb
      .innerJoin(SectionEntity, 's', 's.id = a.section_id')
      .select('a.id', 'id')
      .addSelect('a.slug', 'slug')
      .addSelect('a.locale', 'locale')
      .addSelect('s.slug', 'section_slug')
      .addSelect('a.translation_group_id', 'translation_group_id')
      .addSelect('a.updated_at', 'updated_at');
  }

  /** The public versions of these stories, for hreflang alternates (one query per chunk of a sitemap). */
  async versionsOf(now: Date, groupIds: string[]): Promise<SitemapArticleRow[]> {
    if (groupIds.length === 0) return [];
    const rows = await this.lineColumns(this.visible(now))
      .andWhere('a.translation_group_id IN (:...groupIds)', { groupIds: [...new Set(groupIds)] })
      .orderBy('a.locale', 'ASC')
      .getRawMany<Omit<RawArticleRow, 'published_at'>>();
    return rows.map(toSitemapRow);
  }

  /** The article files of the sitemap: how many URLs each holds and its newest change (one query). */
  async sitemapFiles(now: Date, pageSize: number): Promise<SitemapFileSummary[]> {
    if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new Error(`bad sitemap page size ${pageSize}`);
    const numbered = this.visible(now)
      .select('a.updated_at', 'updated_at')
      .addSelect('ROW_NUMBER() OVER (ORDER BY a.published_at ASC, a.id ASC)', 'rn');
    // pageSize is a validated integer from the configuration, written in as a literal so both
    // dialects divide integers (a bound parameter may arrive in SQLite as a REAL).
    const rows = await this.dataSource
      .createQueryBuilder()
      .select(`(t.rn - 1) / ${pageSize}`, 'page')
      .addSelect('COUNT(*)', 'urls')
      .addSelect('MAX(t.updated_at)', 'last_modified')
      .from(`(${numbered.getQuery()})`, 't')
      .setParameters(numbered.getParameters())
      .groupBy(`(t.rn - 1) / ${pageSize}`)
      .orderBy('page', 'ASC')
      .getRawMany<{ page: number | string; urls: number | string; last_modified: DbTimestamp }>();
    return rows.map((row) => ({ page: Number(row.page) + 1, urls: Number(row.urls), lastModified: fromDb(row.last_modified) }));
  }

  /**
   * The URLs of article file `page` (1-based) of `pageSize` URLs each, handed over in
   * chunks of `chunkSize` rows as they are read: the file's first position is found
   * with one index-ordered OFFSET of two columns, the rest follows by keyset.
   */
  async *sitemapArticles(now: Date, page: number, pageSize: number, chunkSize = 2_000): AsyncGenerator<SitemapArticleRow[]> {
    let after: SitemapKey | null = null;
    if (page > 1) {
      const boundary = await this.visible(now)
        .select('a.published_at', 'published_at')
        .addSelect('a.id', 'id')
        .orderBy('a.published_at', 'ASC')
        .addOrderBy('a.id', 'ASC')
        .offset((page - 1) * pageSize - 1)
        .limit(1)
        .getRawOne<{ published_at: DbTimestamp; id: string }>();
      if (!boundary) return;
      after = { at: boundary.published_at, id: boundary.id };
    }
    for (let left = pageSize; left > 0;) {
      const qb = this.lineColumns(this.visible(now)).addSelect('a.published_at', 'published_at');
      if (after) qb.andWhere(...keysetAfter('a', 'published_at', 'ASC', after));
      const take = Math.min(chunkSize, left);
      const rows = await qb.orderBy('a.published_at', 'ASC').addOrderBy('a.id', 'ASC').limit(take).getRawMany<RawArticleRow>();
      if (rows.length === 0) return;
      yield rows.map(toSitemapRow);
      left -= rows.length;
      if (rows.length < take) return;
      const last = rows[rows.length - 1];
      after = { at: last.published_at, id: last.id };
    }
  }

  /** Google News: first published at or after `since`, newest first, at most `limit`. */
  async newsArticles(now: Date, since: Date, limit: number): Promise<NewsSitemapRow[]> {
    const rows = await this.lineColumns(this.visible(now))
      .addSelect('a.headline', 'headline')
      .addSelect('a.first_published_at', 'first_published_at')
      .andWhere('a.first_published_at >= :since', { since: dbDate(since) })
      .orderBy('a.first_published_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(limit)
      .getRawMany<Omit<RawArticleRow, 'published_at'> & { headline: string; first_published_at: DbTimestamp }>();
    return rows.map((row) => ({ ...toSitemapRow(row), headline: row.headline, firstPublishedAt: fromDb(row.first_published_at) }));
  }

  /** Every section of every locale, dated by its own change or the newest change to an article it shows. */
  async sitemapSections(now: Date): Promise<SitemapSectionRow[]> {
    const [sections, newest] = await Promise.all([
      this.dataSource
        .getRepository(SectionEntity)
        .createQueryBuilder('s')
        .select('s.id', 'id')
        .addSelect('s.slug', 'slug')
        .addSelect('s.locale', 'locale')
        .addSelect('s.updated_at', 'updated_at')
        .orderBy('s.locale', 'ASC')
        .addOrderBy('s.slug', 'ASC')
        .getRawMany<{ id: string; slug: string; locale: string; updated_at: DbTimestamp }>(),
      this.visible(now)
        .select('a.section_id', 'section_id')
        .addSelect('MAX(a.updated_at)', 'updated_at')
        .groupBy('a.section_id')
        .getRawMany<{ section_id: string; updated_at: DbTimestamp }>(),
    ]);
    const articleChange = new Map(newest.map((row) => [row.section_id, fromDb(row.updated_at)]));
    return sections.map((row) => {
      const own = fromDb(row.updated_at);
      const articles = articleChange.get(row.id);
      return { slug: row.slug, locale: row.locale, lastModified: articles && articles > own ? articles : own };
    });
  }
}

function toSitemapRow(row: Omit<RawArticleRow, 'published_at'>): SitemapArticleRow {
  return {
    id: row.id,
    slug: row.slug,
    locale: row.locale,
    sectionSlug: row.section_slug,
    updatedAt: fromDb(row.updated_at),
    translationGroupId: row.translation_group_id,
  };
}

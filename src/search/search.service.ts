import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { ArticleEntity } from '../articles/article.entity.js';
import { badRequest, notFound } from '../common/errors/domain-error.js';
import type { Page } from '../common/pagination/page.js';
import { CLOCK, type Clock } from '../common/util/clock.js';
import { SectionsService } from '../sections/sections.service.js';
import { TagsService } from '../taxonomy/tags.service.js';
import type { SearchFilter } from './dto/search.dto.js';
import { decodeSearchCursor, encodeSearchCursor, searchFingerprint } from './search-cursor.js';
import { SEARCH_ENGINE, type SearchEngine } from './search-engine.js';
import type { Highlight } from './text/highlight.js';
import { parseQuery } from './text/query.js';

export interface SearchRequest {
  query: string;
  filter: SearchFilter;
  limit: number;
  cursor?: string;
}

export interface SearchHit {
  article: ArticleEntity;
  score: number;
  highlights: Highlight[];
}

export interface SearchPage extends Page<SearchHit> {
  cursorOf(hit: SearchHit): string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day means its whole span in UTC: from its first millisecond, to its last. */
function momentOf(value: string, end: boolean): Date {
  if (!DAY.test(value)) return new Date(value);
  return new Date(`${value}T${end ? '23:59:59.999' : '00:00:00.000'}Z`);
}

/**
 * Full-text search over what readers may see: the query parsed by our own rules (never
 * spliced into FTS or SQL syntax), filters resolved to ids, the dialect's engine asked for a
 * keyset page (score, then id), the articles and their highlights loaded for that page only.
 */
@Injectable()
export class SearchService {
  constructor(
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEngine,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sections: SectionsService,
    private readonly tags: TagsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async search(request: SearchRequest): Promise<SearchPage> {
    const { filter } = request;
    const query = parseQuery(request.query);
    const from = filter.from ? momentOf(filter.from, false) : undefined;
    const to = filter.to ? momentOf(filter.to, true) : undefined;
    if (from && to && from.getTime() > to.getTime()) {
      throw badRequest('INVALID_DATE_RANGE', '`from` is after `to`: no article can be published in between.', [
        { field: 'from', message: 'must not be after to' },
      ]);
    }
    const fingerprint = searchFingerprint([request.query, filter.locale, filter.section, filter.tag, from?.getTime(), to?.getTime()]);
    const after = request.cursor ? decodeSearchCursor(request.cursor, fingerprint) : undefined;
    const [sectionIds, tagId] = await Promise.all([
      filter.section ? this.sectionIds(filter.section, filter.locale) : undefined,
      filter.tag ? this.tags.idOf(filter.tag) : undefined,
    ]);
    const rows = await this.engine.search({
      query,
      locale: filter.locale,
      sectionIds,
      tagId,
      from,
      to,
      after,
      limit: request.limit,
      now: this.clock.now(),
    });
    const pageRows = rows.slice(0, request.limit);
    const articles = pageRows.length ? await this.dataSource.getRepository(ArticleEntity).findBy({ id: In(pageRows.map((r) => r.id)) }) : [];
    const byId = new Map(articles.map((a) => [a.id, a]));
    const highlights = await this.engine.highlights(query, { locale: filter.locale }, articles);
    const items = pageRows.flatMap((row) => {
      const article = byId.get(row.id);
      return article ? [{ article, score: row.score, highlights: highlights.get(row.id) ?? [] }] : [];
    });
    const cursorOf = (hit: SearchHit) => encodeSearchCursor(fingerprint, { score: hit.score, id: hit.article.id });
    const hasMore = rows.length > request.limit;
    return { items, hasMore, nextCursor: hasMore && items.length ? cursorOf(items[items.length - 1]) : null, cursorOf };
  }

  /** The sections of that slug: in the locale when one is given, else in every edition. Unknown → 404, as for lists. */
  private async sectionIds(slug: string, locale: string | undefined): Promise<string[]> {
    const found = await this.sections.findBySlug(slug, locale);
    if (found.length === 0) throw notFound('Section', slug);
    return found.map((s) => s.id);
  }
}

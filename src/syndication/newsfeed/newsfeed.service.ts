import { Injectable } from '@nestjs/common';
import type { ArticleEntity } from '../../articles/article.entity.js';
import { ArticlesService, type ArticlePage } from '../../articles/articles.service.js';
import { validationFailed } from '../../common/errors/domain-error.js';
import { decodeCursor, encodeCursor } from '../../common/pagination/cursor.js';
import { isValidDateTime } from '../../common/validation/decorators.js';

/**
 * The kind tag of the cursors ArticlesService.list issues for the public list: the
 * newsfeed is that list, so its edge cursors double as `since` positions.
 */
const PUBLIC_LIST_CURSOR_KIND = 'pub';
// Sorts after every real id: "newer than time T" is the keyset position (T, this).
const AFTER_EVERY_ID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

export interface NewsfeedRequest {
  locale?: string;
  since?: string;
  limit: number;
  cursor?: string;
}

export interface NewsfeedPage extends ArticlePage {
  /** Pass as `since` on the next poll (first pages only; see NewsfeedPageDto). */
  sinceCursor: string | null;
}

interface Position {
  at: number;
  id: string;
}

/** Latest published across all sections; `since` makes polling cheap (only what is newer). */
@Injectable()
export class NewsfeedService {
  constructor(private readonly articles: ArticlesService) {}

  async page(request: NewsfeedRequest): Promise<NewsfeedPage> {
    const since = request.since === undefined ? null : parseSince(request.since);
    // One row more than asked: whether another page follows is judged after the `since` cut.
    const list = await this.articles.list(null, { filter: { locale: request.locale }, limit: request.limit + 1, cursor: request.cursor });
    const rows = since ? list.items.filter((row) => isNewer(positionOf(row), since)) : list.items;
    const hasMore = rows.length > request.limit;
    const items = rows.slice(0, request.limit);
    let sinceCursor: string | null = null;
    if (request.cursor === undefined) {
      if (items[0]) sinceCursor = list.cursorOf(items[0]);
      else if (since) sinceCursor = encodeCursor({ kind: PUBLIC_LIST_CURSOR_KIND, at: new Date(since.at).toISOString(), id: since.id });
    }
    return { items, hasMore, nextCursor: hasMore ? list.cursorOf(items[items.length - 1]) : null, cursorOf: list.cursorOf, sinceCursor };
  }
}

/** The public sort key, as the list orders and its cursors encode it. */
function positionOf(row: ArticleEntity): Position {
  return { at: (row.publishedAt ?? row.updatedAt).getTime(), id: row.id };
}

function isNewer(row: Position, since: Position): boolean {
  return row.at > since.at || (row.at === since.at && row.id > since.id);
}

function parseSince(raw: string): Position {
  if (isValidDateTime(raw)) {
    const at = Date.parse(raw);
    if (!Number.isNaN(at)) return { at, id: AFTER_EVERY_ID };
  }
  try {
    const cursor = decodeCursor(raw, PUBLIC_LIST_CURSOR_KIND);
    return { at: Date.parse(cursor.at), id: cursor.id.toLowerCase() };
  } catch {
    throw validationFailed([
      { field: 'since', message: 'must be an ISO 8601 date-time with an offset (e.g. 2026-11-28T09:30:00+03:00) or a cursor of this newsfeed' },
    ]);
  }
}

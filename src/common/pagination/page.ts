import { ApiProperty } from '@nestjs/swagger';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  hasMore: boolean;
}

export class PageInfoDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` to get the next page; null on the last page.',
    example: 'WyJwdWIiLCIyMDI2LTExLTI4VDEwOjAwOjAwLjAwMFoiLCI2ZjRmIl0',
  })
  nextCursor!: string | null;

  @ApiProperty({ description: 'Whether another page follows.', example: true })
  hasMore!: boolean;
}

/** Fetch one row more than asked to learn whether another page follows. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => string): Page<T> {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  return { items, hasMore, nextCursor: hasMore && items.length > 0 ? cursorOf(items[items.length - 1]) : null };
}

import { applyDecorators } from '@nestjs/common';
import { ArgsType, Field, Int } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { PageInfoModel } from '../graphql/page-info.model.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page } from './page.js';

/** REST `limit`: 1–MAX_PAGE_SIZE, default DEFAULT_PAGE_SIZE; anything else is a 400, never clamped. */
export const PageLimit = () =>
  applyDecorators(
    ApiPropertyOptional({
      type: 'integer',
      minimum: 1,
      maximum: MAX_PAGE_SIZE,
      default: DEFAULT_PAGE_SIZE,
      description: 'Page size (a larger one is a 400, not clamped).',
    }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: 'limit must be a whole number' }),
    Min(1),
    Max(MAX_PAGE_SIZE),
  );

/** REST `cursor`: opaque; the list's own codec judges it (INVALID_CURSOR). */
export const PageCursor = () =>
  applyDecorators(ApiPropertyOptional({ description: '`page.nextCursor` of the previous page.' }), IsOptional(), IsString());

/** GraphQL `first` / `after`, shared by every connection. */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: `Page size, 1–${MAX_PAGE_SIZE}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = DEFAULT_PAGE_SIZE;

  @Field(() => String, { nullable: true, description: '`pageInfo.endCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  after?: string;
}

/** A keyset page as a Relay connection: one edge per item with its own cursor. */
export function toConnection<T, N>(
  page: Page<T> & { cursorOf(item: T): string },
  toNode: (item: T) => N,
): { edges: { cursor: string; node: N }[]; pageInfo: PageInfoModel } {
  const edges = page.items.map((item) => ({ cursor: page.cursorOf(item), node: toNode(item) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasMore,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

import { ArgsType, Field } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ArticleSummaryModel } from '../../articles/dto/article.model.js';
import { ConnectionArgs, PageCursor, PageLimit } from '../../common/pagination/page-params.js';
import { IsLocale } from '../../common/validation/decorators.js';

const SINCE = 'Only what is newer than this: an ISO 8601 date-time with an offset (published after it) or a cursor of this newsfeed';
const SINCE_REST = `${SINCE} (\`page.sinceCursor\` of the previous poll). Nothing new: an empty page, and a 304 to If-None-Match.`;
const SINCE_GRAPHQL = `${SINCE} (an edge cursor, e.g. \`pageInfo.startCursor\` of the previous poll). Nothing new: no edges.`;

export class NewsfeedQuery {
  @ApiPropertyOptional({
    description: 'BCP 47 locale; when left out, Accept-Language picks the edition, and with neither, every edition.',
    example: 'en',
  })
  @IsOptional()
  @IsLocale()
  locale?: string;

  @ApiPropertyOptional({ description: SINCE_REST, example: '2026-11-28T09:30:00+03:00' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  since?: string;

  @PageLimit()
  limit?: number;

  @PageCursor()
  cursor?: string;
}

@ArgsType()
export class NewsfeedArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'BCP 47 locale; every edition when left out.' })
  @IsOptional()
  @IsLocale()
  locale?: string;

  @Field(() => String, { nullable: true, description: SINCE_GRAPHQL })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  since?: string;
}

export class NewsfeedPageDto {
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` to get the next (older) page; null on the last page.' })
  nextCursor!: string | null;

  @ApiProperty({ description: 'Whether another page follows.', example: false })
  hasMore!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'On a first page (no `cursor`): pass as `since` on the next poll. The newest item\u2019s position, or the `since` sent when nothing is new; ' +
      'null on continuation pages and on an empty newsfeed.',
  })
  sinceCursor!: string | null;
}

export class NewsfeedResponse {
  @ApiProperty({ type: [ArticleSummaryModel], description: 'The articles, newest first (the same items as GET /articles).' })
  data!: ArticleSummaryModel[];

  @ApiProperty({ type: NewsfeedPageDto })
  page!: NewsfeedPageDto;
}

import { ArgsType, Field, Float, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, ValidateBy, ValidateNested, buildMessage } from 'class-validator';
import { ArticleModel, ArticleSummaryModel } from '../../articles/dto/article.model.js';
import { Prop } from '../../common/api/prop.js';
import { PageInfoModel } from '../../common/graphql/page-info.model.js';
import { PageInfoDto } from '../../common/pagination/page.js';
import { ConnectionArgs, PageCursor, PageLimit } from '../../common/pagination/page-params.js';
import { IsLocale, IsSingleLine, IsSlug, isValidDateTime } from '../../common/validation/decorators.js';
import { MAX_QUERY_LENGTH } from '../text/query.js';

export const SYNTAX =
  'Words (all must match, in any form: "diplomat" finds "diplomats", "дипломатов" finds "дипломаты"), "an exact phrase", ' +
  'a prefix (`diplom*`), `-word` to exclude, `OR` between two terms. Headline, lead, body text and tag names are searched; ' +
  `punctuation is ignored. At most ${MAX_QUERY_LENGTH} characters.`;

const DATE_ONLY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A calendar day (UTC) or an ISO 8601 date-time with offset. */
const IsDayOrDateTime = () =>
  ValidateBy({
    name: 'isDayOrDateTime',
    validator: {
      validate: (value) => (typeof value === 'string' && DATE_ONLY.test(value) && isValidDateTime(`${value}T00:00:00Z`)) || isValidDateTime(value),
      defaultMessage: buildMessage((prefix) => `${prefix}$property must be a day (2026-11-28) or an ISO 8601 date-time with an offset`),
    },
  });

export const SearchFieldEnum = { headline: 'headline', lead: 'lead', body: 'body' } as const;
registerEnumType(SearchFieldEnum, { name: 'SearchField', description: 'The article field a highlight comes from.' });

/** Filters shared by the REST query string and GraphQL's SearchFilter. */
@InputType('SearchFilter', { description: 'Narrow a search.' })
export class SearchFilter {
  @Prop({
    type: () => String,
    optional: true,
    description:
      'BCP 47 locale: only that edition, the query read in its language. REST: Accept-Language picks one when left out; else every edition.',
    example: 'en',
  })
  @IsOptional()
  @IsLocale()
  locale?: string;

  @Prop({ type: () => String, optional: true, description: 'Section slug (primary section; in `locale` when given).', example: 'russia' })
  @IsOptional()
  @IsSlug()
  section?: string;

  @Prop({ type: () => String, optional: true, description: 'Tag slug.', example: 'diplomacy' })
  @IsOptional()
  @IsSlug()
  tag?: string;

  @Prop({
    type: () => String,
    optional: true,
    description: 'Published at or after: a day (from its start, UTC) or an ISO 8601 date-time with offset.',
    example: '2026-11-01',
  })
  @IsOptional()
  @IsDayOrDateTime()
  from?: string;

  @Prop({
    type: () => String,
    optional: true,
    description: 'Published at or before: a day (to its end, UTC) or an ISO 8601 date-time with offset.',
    example: '2026-11-30T23:59:59Z',
  })
  @IsOptional()
  @IsDayOrDateTime()
  to?: string;
}

/** REST `GET /search` query string. */
export class SearchQuery extends SearchFilter {
  @ApiProperty({ description: `The query. ${SYNTAX}`, example: 'diplomats', maxLength: MAX_QUERY_LENGTH })
  @IsSingleLine(MAX_QUERY_LENGTH)
  q!: string;

  @PageLimit()
  limit?: number;

  @PageCursor()
  cursor?: string;
}

@ArgsType()
export class SearchArgs extends ConnectionArgs {
  @Field(() => String, { description: `The query. ${SYNTAX}` })
  @IsSingleLine(MAX_QUERY_LENGTH)
  query!: string;

  @Field(() => SearchFilter, { nullable: true, description: 'Filters.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SearchFilter)
  filter?: SearchFilter;
}

@ObjectType('SearchHighlight', { description: 'Where an article matched: a snippet of one field.' })
export class SearchHighlightModel {
  @Prop({ type: () => SearchFieldEnum, enum: SearchFieldEnum, enumName: 'SearchField', description: 'The field the snippet is from.' })
  field!: keyof typeof SearchFieldEnum;

  @Prop({
    type: () => String,
    description: 'HTML-escaped text with each match in <mark>…</mark>; "…" where a long field was cut.',
    example: 'Putin called on his country’s <mark>diplomats</mark> on Monday to be more active',
  })
  snippet!: string;
}

@ObjectType('SearchResult', { description: 'One article that matched a search.' })
export class SearchResultModel {
  @Field(() => ArticleModel, { description: 'The article.' })
  @ApiProperty({ type: ArticleSummaryModel, description: 'The article (without body, as in lists).' })
  article!: ArticleModel | ArticleSummaryModel;

  @Prop({
    type: () => Float,
    description: 'Relevance: higher is better; comparable within one search only (a headline match ranks above a body match).',
    example: 4.2,
  })
  score!: number;

  @Prop({ type: () => [SearchHighlightModel], description: 'Snippets of the fields that matched (headline, lead, body).' })
  highlights!: SearchHighlightModel[];
}

@ObjectType({ description: 'One search result in a connection.' })
export class SearchEdge {
  @Field(() => String, { description: 'Cursor of this result; pass as `after` to continue from here.' })
  cursor!: string;

  @Field(() => SearchResultModel, { description: 'The result.' })
  node!: SearchResultModel;
}

@ObjectType({ description: 'A page of search results, best first (Relay connection).' })
export class SearchConnection {
  @Field(() => [SearchEdge], { description: 'The results of this page.' })
  edges!: SearchEdge[];

  @Field(() => PageInfoModel, { description: 'Where this page is in the results.' })
  pageInfo!: PageInfoModel;
}

/** REST list envelope. */
export class SearchListResponse {
  @ApiProperty({ type: [SearchResultModel], description: 'The results of this page, best first.' })
  data!: SearchResultModel[];

  @ApiProperty({ type: PageInfoDto })
  page!: PageInfoDto;
}

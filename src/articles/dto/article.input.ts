import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsUrl, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { Prop } from '../../common/api/prop.js';
import { SeoFieldsInput } from '../../common/api/seo-fields.js';
import { ConnectionArgs, PageCursor, PageLimit } from '../../common/pagination/page-params.js';
import { IsDateTimeWithOffset, IsId, IsLocale, IsSingleLine, IsSlug, IsSlugOrId, IsText } from '../../common/validation/decorators.js';
import { ARTICLE_STATUSES, type ArticleStatus } from '../article.entity.js';
import { BodyBlockInput } from '../body/block.dto.js';
import { ArticleStatusEnum } from './article.model.js';

const BODY_EXAMPLE = [
  { type: 'paragraph', text: 'Russian President Vladimir Putin called on his country’s diplomats on Monday to be more active.' },
  { type: 'quote', text: 'We cannot just passively observe events…', attribution: 'Vladimir Putin', context: 'Putin said.' },
];

/** Fields shared by create and update; on update every one may be left out. */
@InputType({ isAbstract: true })
class ArticleFields extends SeoFieldsInput {
  @Prop({ type: () => String, optional: true, description: 'Lead (standfirst).' })
  @IsOptional()
  @IsText(2000)
  lead?: string;

  @Prop({ type: () => String, optional: true, description: 'Where the story was filed.', example: 'Moscow' })
  @IsOptional()
  @IsSingleLine(200)
  dateline?: string;

  @Prop({ type: () => [String], optional: true, description: 'Tags by slug or id, in order.', example: ['vladimir-putin', 'diplomacy'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsSlugOrId({ each: true })
  tags?: string[];

  @Prop({ type: () => [String], optional: true, description: 'Authors by slug or id, in order.', example: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsSlugOrId({ each: true })
  authors?: string[];

  @Prop({ type: () => Boolean, optional: true, description: 'Breaking news.' })
  @IsOptional()
  @IsBoolean()
  isBreaking?: boolean;

  @Prop({ type: () => Int, optional: true, description: 'Urgency 1 (flash) to 9 (low); default 5.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9)
  urgency?: number;

  @Prop({ type: () => Boolean, optional: true, description: 'Whether readers may comment (default true).' })
  @IsOptional()
  @IsBoolean()
  commentsEnabled?: boolean;

  @Prop({
    type: () => String,
    optional: true,
    description: 'Keep out of every public surface until this moment (ISO 8601 with offset).',
    example: '2026-12-01T06:00:00+03:00',
  })
  @IsOptional()
  @IsDateTimeWithOffset()
  embargoUntil?: string | null;

  @Prop({ type: () => String, optional: true, description: 'Canonical URL when the story first ran elsewhere.' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'canonicalUrl must be an http(s) URL' })
  @MaxLength(2000)
  canonicalUrl?: string;
}

@InputType({ description: 'A new article. It is created as a draft; status changes only through the workflow operations.' })
export class CreateArticleInput extends ArticleFields {
  @Prop({ type: () => String, description: 'Headline.', example: 'Proactive Diplomacy Defends State Interests – Putin' })
  @IsSingleLine(300)
  headline!: string;

  @Prop({ type: () => String, optional: true, description: 'URL slug; made from the headline (Cyrillic transliterated) when left out.' })
  @IsOptional()
  @IsSlug()
  slug?: string;

  @Prop({ type: () => String, optional: true, description: 'BCP 47 locale; DEFAULT_LOCALE when left out.', example: 'en' })
  @IsOptional()
  @IsLocale()
  locale?: string;

  @Prop({ type: () => String, description: "Primary section, by slug (in the article's locale) or id.", example: 'russia' })
  @IsSlugOrId()
  section!: string;

  @Field(() => [BodyBlockInput], { description: 'The body blocks in order.' })
  @ApiProperty({ type: [BodyBlockInput], example: BODY_EXAMPLE })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => BodyBlockInput)
  body!: BodyBlockInput[];

  @Prop({ type: () => ID, optional: true, description: 'Main photo (a media id).' })
  @IsOptional()
  @IsId()
  mainImage?: string;

  @Prop({
    type: () => String,
    optional: true,
    description:
      "Another language's version of this story (its id, or its slug): the new article joins that story's translation group. " +
      'One version per locale (another in this locale → 409 TRANSLATION_EXISTS).',
    example: 'proactive-diplomacy-defends-state-interests-putin',
  })
  @IsOptional()
  @IsSlugOrId()
  translationOf?: string;
}

@InputType({ description: 'Changes to an article; fields left out stay as they are.' })
export class UpdateArticleInput extends ArticleFields {
  @Prop({ type: () => String, optional: true, description: 'Headline.' })
  @IsOptional()
  @IsSingleLine(300)
  headline?: string;

  @Prop({ type: () => String, optional: true, description: 'New URL slug.' })
  @IsOptional()
  @IsSlug()
  slug?: string;

  @Prop({ type: () => String, optional: true, description: 'Primary section, by slug or id.' })
  @IsOptional()
  @IsSlugOrId()
  section?: string;

  @Field(() => [BodyBlockInput], { nullable: true, description: 'The whole new body.' })
  @ApiPropertyOptional({ type: [BodyBlockInput] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => BodyBlockInput)
  body?: BodyBlockInput[];

  @Prop({ type: () => ID, optional: true, nullable: true, description: 'Main photo (a media id); null removes it.' })
  @IsOptional()
  @IsId()
  mainImage?: string | null;

  @Prop({
    type: () => String,
    optional: true,
    nullable: true,
    description:
      "Link this article to another language's version of the story (its id or slug), joining its translation group; null unlinks it " +
      '(a story of its own). One version per locale (→ 409 TRANSLATION_EXISTS).',
  })
  @IsOptional()
  @IsSlugOrId()
  translationOf?: string | null;

  @Prop({
    type: () => String,
    optional: true,
    description: 'A public correction note, shown to readers with its time (only on a published article).',
    example: 'An earlier version misstated the date of the meeting.',
  })
  @IsOptional()
  @IsText(2000)
  @MinLength(1)
  correction?: string;

  @Prop({ type: () => String, optional: true, description: 'A note for colleagues, kept with this revision (not public).' })
  @IsOptional()
  @IsText(2000)
  revisionNote?: string;

  @ApiPropertyOptional({ type: 'integer', description: 'The version this change is based on, when If-Match is not sent (REST only).', example: 3 })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

@InputType({ description: 'When to go live and/or come down again.' })
export class ScheduleArticleInput {
  @Prop({
    type: () => String,
    optional: true,
    description: 'Go-live time, in the future (ISO 8601 with offset). Required unless the article is already published.',
    example: '2026-12-01T09:00:00+03:00',
  })
  @IsOptional()
  @IsDateTimeWithOffset()
  publishAt?: string;

  @Prop({
    type: () => String,
    optional: true,
    description: 'Take-down time (back to draft), after publishAt (ISO 8601 with offset).',
    example: '2026-12-08T09:00:00+03:00',
  })
  @IsOptional()
  @IsDateTimeWithOffset()
  unpublishAt?: string;
}

@InputType({ description: 'Options for publishing.' })
export class PublishArticleInput {
  @Prop({
    type: () => String,
    optional: true,
    description: 'A past publication time, for imports and archives (ISO 8601 with offset). A future time is a schedule, not a publish.',
  })
  @IsOptional()
  @IsDateTimeWithOffset()
  publishedAt?: string;
}

/** Filters shared by the REST query string and GraphQL's ArticleFilter. */
@InputType('ArticleFilter', { description: 'Narrow a list of articles.' })
export class ArticleFilter {
  @Prop({ type: () => String, optional: true, description: 'Section slug.', example: 'russia' })
  @IsOptional()
  @IsSlug()
  section?: string;

  @Prop({ type: () => String, optional: true, description: 'Tag slug.', example: 'diplomacy' })
  @IsOptional()
  @IsSlug()
  tag?: string;

  @Prop({ type: () => String, optional: true, description: 'Author slug.' })
  @IsOptional()
  @IsSlug()
  author?: string;

  @Prop({ type: () => String, optional: true, description: 'BCP 47 locale.', example: 'en' })
  @IsOptional()
  @IsLocale()
  locale?: string;

  @Prop({
    type: () => ArticleStatusEnum,
    enum: ArticleStatusEnum,
    enumName: 'ArticleStatus',
    optional: true,
    description: 'Workflow state (editors only; anonymous → 401). Drafts and other non-published lists are ordered by last change.',
  })
  @IsOptional()
  @IsIn(ARTICLE_STATUSES)
  status?: ArticleStatus;
}

/** REST `GET /articles` query string. */
export class ArticlesQuery extends ArticleFilter {
  @PageLimit()
  limit?: number;

  @PageCursor()
  cursor?: string;
}

@ArgsType()
export class ArticlesArgs extends ConnectionArgs {
  @Field(() => ArticleFilter, { nullable: true, description: 'Filters.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ArticleFilter)
  filter?: ArticleFilter;
}

@ArgsType()
export class ArticleArgs {
  @Field(() => ID, { nullable: true, description: 'Article id.' })
  @IsOptional()
  @IsId()
  id?: string;

  @Field(() => String, { nullable: true, description: 'Article slug.' })
  @IsOptional()
  @IsSlug()
  slug?: string;

  @Field(() => String, { nullable: true, description: 'Locale of the slug; DEFAULT_LOCALE first when left out.' })
  @IsOptional()
  @IsLocale()
  locale?: string;
}

export class ArticleQuery {
  @ApiPropertyOptional({ description: 'Locale of the slug; DEFAULT_LOCALE first when left out.', example: 'en' })
  @IsOptional()
  @IsLocale()
  locale?: string;
}

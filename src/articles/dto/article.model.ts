import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiExtraModels, ApiProperty } from '@nestjs/swagger';
import { Prop } from '../../common/api/prop.js';
import { PageInfoDto } from '../../common/pagination/page.js';
import { PageInfoModel } from '../../common/graphql/page-info.model.js';
import { MediaModel } from '../../media/dto/media.dto.js';
import { SectionModel } from '../../sections/dto/section.dto.js';
import { AuthorModel } from '../../taxonomy/dto/author.dto.js';
import { TagModel } from '../../taxonomy/dto/tag.dto.js';
import { ARTICLE_STATUSES, type ArticleStatus } from '../article.entity.js';
import { CorrectionModel } from './correction.model.js';
import { BLOCK_MODELS, BODY_BLOCK_SCHEMA, BodyBlockUnion } from '../body/block.dto.js';
import type { BodyBlock } from '../body/blocks.js';
import type { NewsArticleJsonLd } from '../json-ld.js';

export const ArticleStatusEnum = Object.fromEntries(ARTICLE_STATUSES.map((s) => [s, s])) as Record<ArticleStatus, ArticleStatus>;
registerEnumType(ArticleStatusEnum, { name: 'ArticleStatus', description: 'draft → in_review → scheduled → published → archived' });

/** Another language's version of the same story (its translation group). */
@ObjectType('ArticleTranslation', { description: "Another language's version of the same story." })
export class TranslationModel {
  @Prop({ type: () => ID, description: 'Article id of that version.', example: '7a1c0f3e-41d2-4e0b-9a55-0c3f5b1e2d44' })
  id!: string;

  @Prop({
    type: () => String,
    description: 'Its slug (unique in its locale).',
    example: 'aktivnaya-diplomatiya-zashchishchaet-interesy-gosudarstva-putin',
  })
  slug!: string;

  @Prop({ type: () => String, description: 'Its BCP 47 locale (hreflang).', example: 'ru' })
  locale!: string;

  @Prop({ type: () => String, description: 'Its headline.', example: 'Активная дипломатия защищает интересы государства – Путин' })
  headline!: string;

  @Prop({
    type: () => ArticleStatusEnum,
    enum: ArticleStatusEnum,
    enumName: 'ArticleStatus',
    description: 'Its workflow state: each version is published on its own schedule (readers see published versions only).',
  })
  status!: ArticleStatus;
}

/** What a list shows of an article: everything but the body. */
@ObjectType({ isAbstract: true })
export class ArticleSummaryModel {
  @Prop({ type: () => ID, description: 'Article id.', example: '5d0c2f8e-2f7a-4c53-9b1e-7a3c1c7e9a01' })
  id!: string;

  @Prop({ type: () => String, description: 'URL slug, unique per locale.', example: 'proactive-diplomacy-defends-state-interests-putin' })
  slug!: string;

  @Prop({ type: () => String, description: 'BCP 47 locale.', example: 'en' })
  locale!: string;

  @Prop({ type: () => ID, description: 'Shared by the translations of one story.' })
  translationGroupId!: string;

  @Prop({ type: () => String, description: 'Headline.', example: 'Proactive Diplomacy Defends State Interests – Putin' })
  headline!: string;

  @Prop({ type: () => String, nullable: true, description: 'The lead (standfirst).' })
  lead!: string | null;

  @Prop({ type: () => String, nullable: true, description: 'Where the story was filed.', example: 'Moscow' })
  dateline!: string | null;

  @Prop({ type: () => SectionModel, description: 'The primary section.' })
  section!: SectionModel;

  @Prop({ type: () => [TagModel], description: 'Tags in editorial order; each carries its kind (person, topic, organization, place, event).' })
  tags!: TagModel[];

  @Prop({ type: () => [AuthorModel], description: 'Bylines, in order.' })
  authors!: AuthorModel[];

  @Prop({ type: () => MediaModel, nullable: true, description: 'The main photo with its credit.' })
  mainImage!: MediaModel | null;

  @Prop({
    type: () => ArticleStatusEnum,
    enum: ArticleStatusEnum,
    enumName: 'ArticleStatus',
    description: 'Workflow state (readers only ever see published).',
  })
  status!: ArticleStatus;

  @Prop({ type: () => GraphQLISODateTime, nullable: true, description: 'When it went live (the public sort key).' })
  publishedAt!: Date | null;

  @Prop({ type: () => GraphQLISODateTime, nullable: true, description: 'When it first went live.' })
  firstPublishedAt!: Date | null;

  @Prop({ type: () => GraphQLISODateTime, nullable: true, description: 'Scheduled go-live time.' })
  publishAt!: Date | null;

  @Prop({ type: () => GraphQLISODateTime, nullable: true, description: 'Scheduled take-down time (back to draft).' })
  unpublishAt!: Date | null;

  @Prop({ type: () => [CorrectionModel], description: 'Public corrections, oldest first: a fix is visible and dated, never silent.' })
  corrections!: CorrectionModel[];

  @Prop({ type: () => GraphQLISODateTime, nullable: true, description: 'Hidden from every public surface until then.' })
  embargoUntil!: Date | null;

  @Prop({ type: () => GraphQLISODateTime, description: 'Last change.' })
  updatedAt!: Date;

  @Prop({ type: () => GraphQLISODateTime, description: 'Creation time.' })
  createdAt!: Date;

  @Prop({ type: () => Boolean, description: 'Breaking news.' })
  isBreaking!: boolean;

  @Prop({ type: () => Int, description: 'News urgency, 1 (flash) to 9 (low), IPTC style.', example: 5 })
  urgency!: number;

  @Prop({ type: () => Boolean, description: 'Whether readers may comment.' })
  commentsEnabled!: boolean;

  // GraphQL's Article.commentCount is resolved in src/comments (articles never imports comments).
  @Prop({ type: () => Int, restOnly: true, description: 'Approved comments on the article.', example: 0 })
  commentCount!: number;

  @Prop({ type: () => Int, description: 'Optimistic-lock version; send it back in If-Match / expectedVersion when updating.', example: 1 })
  version!: number;

  @Prop({ type: () => String, nullable: true, description: 'Title for search engines.' })
  seoTitle!: string | null;

  @Prop({ type: () => String, nullable: true, description: 'Description for search engines.' })
  seoDescription!: string | null;

  @Prop({ type: () => String, nullable: true, description: 'Canonical URL when the story first ran elsewhere.' })
  canonicalUrl!: string | null;

  @Prop({ type: () => Int, description: 'Words in the body.', example: 412 })
  wordCount!: number;

  @Prop({ type: () => Int, description: 'Estimated minutes to read (200 words a minute).', example: 3 })
  readingTimeMinutes!: number;
}

/** The full article, as `GET /articles/{idOrSlug}` and GraphQL `article` return it. */
@ObjectType('Article', { description: 'A news article.' })
@ApiExtraModels(...BLOCK_MODELS)
export class ArticleModel extends ArticleSummaryModel {
  @Field(() => [BodyBlockUnion], { description: 'The body: typed blocks in order.' })
  @ApiProperty({
    description: 'The body: typed blocks in order.',
    type: 'array',
    items: BODY_BLOCK_SCHEMA,
  })
  body!: BodyBlock[];

  @Prop({ type: () => String, description: 'The body as HTML (every text escaped).' })
  bodyHtml!: string;

  @Prop({
    type: () => [TranslationModel],
    description:
      "The story's other-language versions (same translation group), by locale, for hreflang alternates. Readers see the published ones only.",
  })
  translations!: TranslationModel[];

  @Prop({ type: () => String, description: 'The body as plain text, a blank line between blocks.' })
  bodyText!: string;

  // REST gives the object; GraphQL has no JSON scalar, so its `jsonLd` is the JSON text (ArticlesResolver).
  // Optional only in TypeScript: a model made for other shapes (feeds) may skip it; every REST answer has it.
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'schema.org NewsArticle for the page head (`<script type="application/ld+json">`): headline, description, image as ImageObject ' +
      'with its credit (creditText, creator, copyrightNotice, acquireLicensePage), datePublished/dateModified, author, publisher, ' +
      'articleSection, inLanguage, keywords, url.',
    example: {
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'Proactive Diplomacy Defends State Interests – Putin',
      datePublished: '2026-11-28T09:00:00.000Z',
      dateModified: '2026-11-28T09:05:00.000Z',
      publisher: { '@type': 'Organization', name: 'Sputnik International', url: 'https://cms.example.com' },
    },
  })
  jsonLd?: NewsArticleJsonLd;
}

@ObjectType({ description: 'One article in a connection.' })
export class ArticleEdge {
  @Field(() => String, { description: 'Cursor of this article; pass as `after` to continue from here.' })
  cursor!: string;

  @Field(() => ArticleModel, { description: 'The article.' })
  node!: ArticleModel;
}

@ObjectType({ description: 'A page of articles (Relay connection).' })
export class ArticleConnection {
  @Field(() => [ArticleEdge], { description: 'The articles of this page.' })
  edges!: ArticleEdge[];

  @Field(() => PageInfoModel, { description: 'Where this page is in the list.' })
  pageInfo!: PageInfoModel;
}

/** REST list envelope. */
export class ArticleListResponse {
  @ApiProperty({ type: [ArticleSummaryModel], description: 'The articles of this page (without body).' })
  data!: ArticleSummaryModel[];

  @ApiProperty({ type: PageInfoDto })
  page!: PageInfoDto;
}

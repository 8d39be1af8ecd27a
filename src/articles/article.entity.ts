import { Column, Entity, Index } from 'typeorm';
import { BooleanColumn, IdColumn, TimestampColumn, UuidColumn, UuidKeyColumn } from '../database/column-types.js';
import type { BodyBlock } from './body/blocks.js';

export const ARTICLE_STATUSES = ['draft', 'in_review', 'scheduled', 'published', 'archived'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

@Entity('articles')
@Index('uq_articles_locale_slug', ['locale', 'slug'], { unique: true })
export class ArticleEntity {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 160 })
  slug!: string;

  @Column({ type: 'varchar', length: 35 })
  locale!: string;

  @UuidColumn({ name: 'translation_group_id' })
  translationGroupId!: string;

  @Column({ type: 'varchar', length: 300 })
  headline!: string;

  @Column({ type: 'text', nullable: true })
  lead!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  dateline!: string | null;

  @Column({ type: 'simple-json' })
  body!: BodyBlock[];

  @UuidColumn({ name: 'section_id' })
  sectionId!: string;

  @UuidColumn({ name: 'main_image_id', nullable: true })
  mainImageId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: ArticleStatus;

  @TimestampColumn({ name: 'publish_at', nullable: true })
  publishAt!: Date | null;

  /** When the article went (or is dated as having gone) live; the public sort key. */
  @TimestampColumn({ name: 'published_at', nullable: true })
  publishedAt!: Date | null;

  @TimestampColumn({ name: 'first_published_at', nullable: true })
  firstPublishedAt!: Date | null;

  @TimestampColumn({ name: 'embargo_until', nullable: true })
  embargoUntil!: Date | null;

  @BooleanColumn('is_breaking', false)
  isBreaking!: boolean;

  @Column({ type: 'integer', default: 5 })
  urgency!: number;

  @BooleanColumn('comments_enabled', true)
  commentsEnabled!: boolean;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'seo_title', type: 'varchar', length: 200, nullable: true })
  seoTitle!: string | null;

  @Column({ name: 'seo_description', type: 'varchar', length: 500, nullable: true })
  seoDescription!: string | null;

  @Column({ name: 'canonical_url', type: 'varchar', length: 2000, nullable: true })
  canonicalUrl!: string | null;

  @UuidColumn({ name: 'created_by_id', nullable: true })
  createdById!: string | null;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}

/** Ordered many-to-many rows; kept as plain tables so a page's relations load in one query each. */
@Entity('article_tags')
export class ArticleTagEntity {
  @UuidKeyColumn('article_id')
  articleId!: string;

  @UuidKeyColumn('tag_id')
  tagId!: string;

  @Column({ type: 'integer' })
  position!: number;
}

@Entity('article_authors')
export class ArticleAuthorEntity {
  @UuidKeyColumn('article_id')
  articleId!: string;

  @UuidKeyColumn('author_id')
  authorId!: string;

  @Column({ type: 'integer' })
  position!: number;
}

import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { UserEntity } from '../auth/user.entity.js';
import { MediaEntity } from '../media/media.entity.js';
import { SectionEntity } from '../sections/section.entity.js';
import { AuthorEntity } from '../taxonomy/author.entity.js';
import { TagEntity } from '../taxonomy/tag.entity.js';
import { BooleanColumn, IdColumn, TimestampColumn, UuidColumn, UuidKeyColumn } from '../database/column-types.js';
import type { BodyBlock } from './body/blocks.js';

export const ARTICLE_STATUSES = ['draft', 'in_review', 'scheduled', 'published', 'archived'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** See ArticleEntity.readWith. */
export interface ArticleReadWith {
  section: SectionEntity | null;
  mainImage: MediaEntity | null;
  tags: TagEntity[];
  authors: AuthorEntity[];
}

/** See ArticleEntity.readHints. */
export interface ArticleReadHints {
  corrections: boolean;
  versions: boolean;
}

@Entity('articles')
@Unique('uq_articles_locale_slug', ['locale', 'slug'])
// The public read paths: newest published first, overall, per section and per locale; editors' lists by updated_at.
@Index('ix_articles_status_published', ['status', 'publishedAt', 'id'])
@Index('ix_articles_section_status_published', ['sectionId', 'status', 'publishedAt', 'id'])
@Index('ix_articles_locale_status_published', ['locale', 'status', 'publishedAt', 'id'])
@Index('ix_articles_updated', ['updatedAt', 'id'])
@Index('ix_articles_translation_group', ['translationGroupId'])
// A story has one version per locale.
@Index('uq_articles_translation_locale', ['translationGroupId', 'locale'], { unique: true })
@Index('ix_articles_main_image', ['mainImageId'])
@Index('ix_articles_status_publish_at', ['status', 'publishAt'])
@Index('ix_articles_status_unpublish_at', ['status', 'unpublishAt'])
@Index('ix_articles_embargo_until', ['embargoUntil'])
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

  @ManyToOne(() => SectionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'section_id' })
  section?: SectionEntity;

  @UuidColumn({ name: 'main_image_id', nullable: true })
  mainImageId!: string | null;

  @ManyToOne(() => MediaEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'main_image_id' })
  mainImage?: MediaEntity;

  @Column({ type: 'varchar', length: 16 })
  status!: ArticleStatus;

  @TimestampColumn({ name: 'publish_at', nullable: true })
  publishAt!: Date | null;

  /** A scheduled take-down: a published article goes back to draft then. */
  @TimestampColumn({ name: 'unpublish_at', nullable: true })
  unpublishAt!: Date | null;

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

  /** Approved comments; kept exact by the comments module in the transaction of each status change (not a versioned edit). */
  @Column({ name: 'comment_count', type: 'integer', default: 0 })
  commentCount!: number;

  @Column({ name: 'seo_title', type: 'varchar', length: 200, nullable: true })
  seoTitle!: string | null;

  @Column({ name: 'seo_description', type: 'varchar', length: 500, nullable: true })
  seoDescription!: string | null;

  @Column({ name: 'canonical_url', type: 'varchar', length: 2000, nullable: true })
  canonicalUrl!: string | null;

  @UuidColumn({ name: 'created_by_id', nullable: true })
  createdById!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: UserEntity;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;

  /**
   * Not a column: read with the row by the one-article finders (never written). Whether the article has
   * corrections and whether its story has other versions, so presenting it skips the queries that would
   * find nothing. Absent (read some other way): unknown, and those queries run.
   */
  readHints?: ArticleReadHints;

  /**
   * Not a column: the relations the one-article finders read in the same statement (never written),
   * so presenting the article needs no query of its own for them. Absent: read them.
   */
  readWith?: ArticleReadWith;
}

/** Ordered many-to-many rows; kept as plain tables so a page's relations load in one query each. */
@Entity('article_tags')
@Index('ix_article_tags_tag', ['tagId', 'articleId'])
export class ArticleTagEntity {
  @UuidKeyColumn('article_id')
  articleId!: string;

  @UuidKeyColumn('tag_id')
  tagId!: string;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id' })
  article?: ArticleEntity;

  @ManyToOne(() => TagEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tag_id' })
  tag?: TagEntity;

  @Column({ type: 'integer' })
  position!: number;
}

@Entity('article_authors')
@Index('ix_article_authors_author', ['authorId', 'articleId'])
export class ArticleAuthorEntity {
  @UuidKeyColumn('article_id')
  articleId!: string;

  @UuidKeyColumn('author_id')
  authorId!: string;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id' })
  article?: ArticleEntity;

  @ManyToOne(() => AuthorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'author_id' })
  author?: AuthorEntity;

  @Column({ type: 'integer' })
  position!: number;
}

/** Which media an article uses, main image and body images alike; RESTRICT keeps used media from deletion. */
@Entity('article_media')
@Index('ix_article_media_media', ['mediaId', 'articleId'])
export class ArticleMediaEntity {
  @UuidKeyColumn('article_id')
  articleId!: string;

  @UuidKeyColumn('media_id')
  mediaId!: string;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id' })
  article?: ArticleEntity;

  @ManyToOne(() => MediaEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'media_id' })
  media?: MediaEntity;
}

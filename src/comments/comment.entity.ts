import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { columnTypes, IdColumn, TimestampColumn, UuidColumn } from '../database/column-types.js';
import { isPostgres } from '../config/database.config.js';

export const COMMENT_STATUSES = ['pending', 'approved', 'rejected', 'deleted'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/** A reader's comment. Plain text, stored as given; `root_id` is the thread's top-level comment (null for one). */
@Entity('comments')
@Index('ix_comments_article_status_created', ['articleId', 'status', 'createdAt', 'id'])
@Index('ix_comments_root_status', ['rootId', 'status', 'createdAt'])
@Index('ix_comments_status_created', ['status', 'createdAt', 'id'])
@Index('ix_comments_author_created', ['authorId', 'createdAt'])
export class CommentEntity {
  @IdColumn()
  id!: string;

  @UuidColumn({ name: 'article_id' })
  articleId!: string;

  @UuidColumn({ name: 'parent_id', nullable: true })
  parentId!: string | null;

  @UuidColumn({ name: 'root_id', nullable: true })
  rootId!: string | null;

  /** 1 for a top-level comment, up to 3. */
  @Column({ type: 'integer', default: 1 })
  depth!: number;

  /** Null once the reader deleted their account (the name then reads "Deleted reader"). */
  @UuidColumn({ name: 'author_id', nullable: true })
  authorId!: string | null;

  @Column({ name: 'author_name', type: 'varchar', length: 200 })
  authorName!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: CommentStatus;

  @Column({ name: 'spam_reason', type: 'varchar', length: 200, nullable: true })
  spamReason!: string | null;

  @Column({ name: 'report_count', type: 'integer', default: 0 })
  reportCount!: number;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'edited_at', nullable: true })
  editedAt!: Date | null;
}

/** One report per reader and comment. */
@Entity('comment_reports')
export class CommentReportEntity {
  @PrimaryColumn({ name: 'comment_id', type: columnTypes().uuid, ...(isPostgres() ? {} : { length: 36 }) })
  commentId!: string;

  @PrimaryColumn({ name: 'reader_id', type: columnTypes().uuid, ...(isPostgres() ? {} : { length: 36 }) })
  readerId!: string;

  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;
}

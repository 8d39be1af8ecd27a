import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { IdColumn, TimestampColumn, UuidColumn } from '../database/column-types.js';

@Entity('sections')
@Unique('uq_sections_locale_slug', ['locale', 'slug'])
@Index('ix_sections_parent', ['parentId'])
export class SectionEntity {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 160 })
  slug!: string;

  @Column({ type: 'varchar', length: 35 })
  locale!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @UuidColumn({ name: 'parent_id', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => SectionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: SectionEntity;

  @Column({ type: 'integer', default: 0 })
  position!: number;

  @Column({ name: 'seo_title', type: 'varchar', length: 200, nullable: true })
  seoTitle!: string | null;

  /** Comments on this section's articles: 'pre' holds each until approved, 'post' shows it at once (set by src/comments). */
  @Column({ name: 'comment_moderation', type: 'varchar', length: 8, default: 'post' })
  commentModeration!: 'pre' | 'post';

  @Column({ name: 'seo_description', type: 'varchar', length: 500, nullable: true })
  seoDescription!: string | null;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}

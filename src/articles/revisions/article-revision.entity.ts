import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { IdColumn, TimestampColumn, UuidColumn } from '../../database/column-types.js';
import { ArticleEntity } from '../article.entity.js';
import type { ArticleSnapshot } from './snapshot.js';

/** One saved state of an article: written in the same transaction as the change, never updated. */
@Entity('article_revisions')
@Unique('uq_article_revisions_version', ['articleId', 'version'])
export class ArticleRevisionEntity {
  @IdColumn()
  id!: string;

  @UuidColumn({ name: 'article_id' })
  articleId!: string;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id' })
  article?: ArticleEntity;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'simple-json' })
  snapshot!: ArticleSnapshot;

  /** create, update, submit, schedule, publish, unpublish, archive, restore… */
  @Column({ type: 'varchar', length: 32 })
  action!: string;

  @UuidColumn({ name: 'actor_id', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_label', type: 'varchar', length: 300 })
  actorLabel!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;
}

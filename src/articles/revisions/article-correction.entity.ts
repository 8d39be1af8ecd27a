import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, TimestampColumn, UuidColumn } from '../../database/column-types.js';
import { ArticleEntity } from '../article.entity.js';

/** A public correction note on a published article: dated, shown to readers, never silent. */
@Entity('article_corrections')
@Index('ix_article_corrections_article', ['articleId', 'createdAt'])
export class ArticleCorrectionEntity {
  @IdColumn()
  id!: string;

  @UuidColumn({ name: 'article_id' })
  articleId!: string;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id' })
  article?: ArticleEntity;

  @Column({ type: 'text' })
  text!: string;

  /** The article version the correction came with. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'actor_label', type: 'varchar', length: 300 })
  actorLabel!: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;
}

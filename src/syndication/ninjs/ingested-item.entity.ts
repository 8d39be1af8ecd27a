import { Column, Entity, Index, Unique } from 'typeorm';
import { IdColumn, TimestampColumn, UuidColumn } from '../../database/column-types.js';

/** One ingested ninjs item (by its `uri`) and the article it became, at the item version last applied. */
@Entity('ingested_items')
@Unique('uq_ingested_items_uri', ['uri'])
@Index('ix_ingested_items_article', ['articleId'])
export class IngestedItemEntity {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 1000 })
  uri!: string;

  /** The ninjs `version` of the item last applied; null when the item carries none. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  version!: string | null;

  @UuidColumn({ name: 'article_id' })
  articleId!: string;

  @TimestampColumn({ name: 'ingested_at' })
  ingestedAt!: Date;
}

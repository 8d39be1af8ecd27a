import { Column, Entity, Index } from 'typeorm';
import { BooleanColumn, IdColumn, TimestampColumn } from '../database/column-types.js';

/** A receiver registered by an admin (migration 1764720000000). */
@Entity('webhooks')
@Index('ix_webhooks_created', ['createdAt', 'id'])
export class WebhookEntity {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 2000 })
  url!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  description!: string | null;

  /** The event types it receives: article.published, media.created… */
  @Column({ type: 'simple-json' })
  events!: string[];

  @BooleanColumn('active', true)
  active!: boolean;

  /** The signing secret, sealed with a key derived from the JWT secret (SecretBox). */
  @Column({ name: 'secret_sealed', type: 'varchar', length: 500 })
  secretSealed!: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}

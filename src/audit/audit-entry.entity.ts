import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TimestampColumn, UuidColumn } from '../database/column-types.js';

/** One write, as the audit log keeps it. The table refuses UPDATE and DELETE (database triggers). */
@Entity('audit_log')
@Index('ix_audit_log_at', ['at', 'id'])
@Index('ix_audit_log_entity', ['entityType', 'entityId'])
@Index('ix_audit_log_actor', ['actorId', 'at'])
export class AuditEntryEntity {
  @IdColumn()
  id!: string;

  @TimestampColumn()
  at!: Date;

  /** user, apiKey or system (the scheduler). */
  @Column({ name: 'actor_kind', type: 'varchar', length: 16 })
  actorKind!: string;

  /** The user behind the write (for API keys, the key's creator), when there is one. */
  @UuidColumn({ name: 'actor_id', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_label', type: 'varchar', length: 300 })
  actorLabel!: string;

  /** Which credential: `jwt:<userId>`, `apiKey:<keyId>` or `system:<component>`. */
  @Column({ type: 'varchar', length: 64 })
  credential!: string;

  /** What was done, e.g. `article.publish`, `section.update`. */
  @Column({ type: 'varchar', length: 100 })
  action!: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 32 })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 200, nullable: true })
  entityId!: string | null;

  /** Small JSON: which fields changed, the version reached, the transport. */
  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 100, nullable: true })
  requestId!: string | null;
}

import { Column, Entity, Index, Unique } from 'typeorm';
import { IdColumn, TimestampColumn } from '../database/column-types.js';

export type OutboxJobStatus = 'pending' | 'done' | 'dead';

/** One piece of work for one consumer, recorded with the change that caused it (migration 1764700000000). */
@Entity('outbox_jobs')
@Unique('uq_outbox_jobs_dedupe_key', ['dedupeKey'])
@Index('ix_outbox_jobs_status_available', ['status', 'availableAt'])
@Index('ix_outbox_jobs_consumer_status', ['consumer', 'status'])
export class OutboxJobEntity {
  @IdColumn()
  id!: string;

  /** Who carries it out: realtime, subscriptions, mail, webhooks… */
  @Column({ type: 'varchar', length: 64 })
  consumer!: string;

  /** The domain event (article.published…) or the job kind (mail.send…). */
  @Column({ type: 'varchar', length: 64 })
  type!: string;

  /** Makes a job once-only: a second job with the same key is not recorded. */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 300, nullable: true })
  dedupeKey!: string | null;

  @Column({ type: 'simple-json' })
  payload!: object;

  @Column({ type: 'varchar', length: 16 })
  status!: OutboxJobStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'max_attempts', type: 'integer' })
  maxAttempts!: number;

  /** Not before: the first attempt (an embargo's end, say), then each retry's backoff. */
  @TimestampColumn({ name: 'available_at' })
  availableAt!: Date;

  /** Claimed by an instance until then; a crashed instance's claim lapses and another takes the job. */
  @TimestampColumn({ name: 'locked_until', nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'locked_by', type: 'varchar', length: 64, nullable: true })
  lockedBy!: string | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'finished_at', nullable: true })
  finishedAt!: Date | null;
}

import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { IdColumn, TimestampColumn, UuidColumn } from '../database/column-types.js';
import { WebhookEntity } from './webhook.entity.js';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One event for one webhook, and the log of its attempts (the last one's outcome, and how many). */
@Entity('webhook_deliveries')
@Unique('uq_webhook_deliveries_event', ['webhookId', 'eventId'])
@Index('ix_webhook_deliveries_list', ['webhookId', 'createdAt', 'id'])
export class WebhookDeliveryEntity {
  @IdColumn()
  id!: string;

  @UuidColumn({ name: 'webhook_id' })
  webhookId!: string;

  @ManyToOne(() => WebhookEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webhook_id' })
  webhook?: WebhookEntity;

  @Column({ name: 'event_type', type: 'varchar', length: 64 })
  eventType!: string;

  /** The domain event it carries (its outbox job for the webhooks consumer): one delivery per webhook and event. */
  @Column({ name: 'event_id', type: 'varchar', length: 64 })
  eventId!: string;

  /** The JSON body sent, byte for byte the same on every attempt and replay. */
  @Column({ type: 'text' })
  payload!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_response_status', type: 'integer', nullable: true })
  lastResponseStatus!: number | null;

  /** The start of the last answer's body, for diagnosis; never more. */
  @Column({ name: 'last_response_excerpt', type: 'varchar', length: 500, nullable: true })
  lastResponseExcerpt!: string | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** How long the last attempt took, in milliseconds. */
  @Column({ name: 'response_time_ms', type: 'integer', nullable: true })
  responseTimeMs!: number | null;

  @TimestampColumn({ name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;

  @TimestampColumn({ name: 'last_attempt_at', nullable: true })
  lastAttemptAt!: Date | null;

  @TimestampColumn({ name: 'delivered_at', nullable: true })
  deliveredAt!: Date | null;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}

import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { ArticleEntity } from '../articles/article.entity.js';
import { BooleanColumn, IdColumn, TimestampColumn, UuidKeyColumn } from '../database/column-types.js';
import { SectionEntity } from '../sections/section.entity.js';
import { TagEntity } from '../taxonomy/tag.entity.js';

export const SUBSCRIPTION_STATUSES = ['pending', 'active', 'unsubscribed'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export const SUBSCRIPTION_FREQUENCIES = ['instant', 'daily'] as const;
export type SubscriptionFrequency = (typeof SUBSCRIPTION_FREQUENCIES)[number];

/**
 * A reader's email subscription to one edition (locale): one row per address and locale
 * (migration 1764710000000). Tokens are kept as SHA-256 hashes only.
 */
@Entity('subscriptions')
@Unique('uq_subscriptions_email_locale', ['email', 'locale'])
@Unique('uq_subscriptions_unsubscribe_hash', ['unsubscribeTokenHash'])
@Index('ix_subscriptions_confirm_hash', ['confirmTokenHash'])
// The fan-out's question: the active subscribers of a locale, in id order (keyset batches).
@Index('ix_subscriptions_status_locale', ['status', 'locale', 'id'])
export class SubscriptionEntity {
  @IdColumn()
  id!: string;

  /** Lower-cased. */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 35 })
  locale!: string;

  @Column({ type: 'varchar', length: 16 })
  frequency!: SubscriptionFrequency;

  @BooleanColumn('breaking_news', false)
  breakingNews!: boolean;

  @Column({ type: 'varchar', length: 16 })
  status!: SubscriptionStatus;

  @Column({ name: 'confirm_token_hash', type: 'varchar', length: 64, nullable: true })
  confirmTokenHash!: string | null;

  @TimestampColumn({ name: 'confirm_expires_at', nullable: true })
  confirmExpiresAt!: Date | null;

  /** The hash of the unsubscribe token, which is derived from the id and a server secret (so each email can carry it). */
  @Column({ name: 'unsubscribe_token_hash', type: 'varchar', length: 64 })
  unsubscribeTokenHash!: string;

  /** The UTC day (YYYY-MM-DD) of the last digest claimed for this subscriber. */
  @Column({ name: 'digest_sent_on', type: 'varchar', length: 10, nullable: true })
  digestSentOn!: string | null;

  @TimestampColumn({ name: 'confirmed_at', nullable: true })
  confirmedAt!: Date | null;

  @TimestampColumn({ name: 'unsubscribed_at', nullable: true })
  unsubscribedAt!: Date | null;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}

/** A section a subscription follows. */
@Entity('subscription_sections')
@Index('ix_subscription_sections_section', ['sectionId', 'subscriptionId'])
export class SubscriptionSectionEntity {
  @UuidKeyColumn('subscription_id')
  subscriptionId!: string;

  @UuidKeyColumn('section_id')
  sectionId!: string;

  @ManyToOne(() => SubscriptionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscription_id' })
  subscription?: SubscriptionEntity;

  @ManyToOne(() => SectionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'section_id' })
  section?: SectionEntity;
}

/** A tag a subscription follows. */
@Entity('subscription_tags')
@Index('ix_subscription_tags_tag', ['tagId', 'subscriptionId'])
export class SubscriptionTagEntity {
  @UuidKeyColumn('subscription_id')
  subscriptionId!: string;

  @UuidKeyColumn('tag_id')
  tagId!: string;

  @ManyToOne(() => SubscriptionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscription_id' })
  subscription?: SubscriptionEntity;

  @ManyToOne(() => TagEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tag_id' })
  tag?: TagEntity;
}

/** An article waiting for (or included in, `digestedOn`) a daily subscriber's digest; once per subscriber and article. */
@Entity('subscription_digest_items')
@Index('ix_subscription_digest_items_pending', ['digestedOn', 'subscriptionId'])
export class SubscriptionDigestItemEntity {
  @UuidKeyColumn('subscription_id')
  subscriptionId!: string;

  @UuidKeyColumn('article_id')
  articleId!: string;

  @ManyToOne(() => SubscriptionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscription_id' })
  subscription?: SubscriptionEntity;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id' })
  article?: ArticleEntity;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'digested_on', type: 'varchar', length: 10, nullable: true })
  digestedOn!: string | null;
}

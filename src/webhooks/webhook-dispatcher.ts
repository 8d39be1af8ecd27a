import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { ArticleEventData } from '../articles/article-events.js';
import { DomainError } from '../common/errors/domain-error.js';
import { CLOCK, type Clock } from '../common/util/clock.js';
import { ConfigError } from '../config/env.js';
import { APP_CONFIG, SYNDICATION_CONFIG, WEBHOOKS_CONFIG, type AppConfig } from '../config/config.module.js';
import type { SyndicationConfig } from '../config/syndication.config.js';
import { webhookRetryDelay, type WebhooksConfig } from '../config/webhooks.config.js';
import { Transactions } from '../database/transactions.js';
import type { MediaEventData } from '../media/media-events.js';
import { Outbox, type OutboxJob } from '../outbox/outbox.service.js';
import { SectionEntity } from '../sections/section.entity.js';
import { resolveWebhookTarget, type WebhookTarget } from './ssrf-guard.js';
import { WebhookDeliveryEntity } from './webhook-delivery.entity.js';
import { articleWebhookData, mediaWebhookData, WEBHOOK_EVENTS } from './webhook-events.js';
import { postOnce, type AttemptResult } from './webhook-sender.js';
import { SecretBox, signPayload } from './webhook-signer.js';
import { WebhookEntity } from './webhook.entity.js';
import { DELIVERY_CONSUMER } from './webhooks.service.js';

/** The outbox consumer that turns a domain event into one delivery per subscribed webhook. */
export const FAN_OUT_CONSUMER = 'webhooks';

interface DeliveryJob {
  deliveryId: string;
}

/**
 * Webhooks ride on the outbox twice. Consumer `webhooks` hears the domain events and, in
 * one transaction, records a delivery per active webhook subscribed to the event and
 * queues a `webhook-delivery` job for each (once only: a re-run adds nothing). Consumer
 * `webhook-delivery` makes one signed POST per job; a failure throws, and the outbox
 * retries it after WEBHOOK_RETRY_BASE_MS · 2^(n−1) until WEBHOOK_MAX_ATTEMPTS. Each attempt
 * is written to the delivery row, which is the log admins read.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @InjectRepository(WebhookEntity) private readonly webhooks: Repository<WebhookEntity>,
    @InjectRepository(WebhookDeliveryEntity) private readonly deliveries: Repository<WebhookDeliveryEntity>,
    @InjectRepository(SectionEntity) private readonly sections: Repository<SectionEntity>,
    private readonly outbox: Outbox,
    private readonly transactions: Transactions,
    private readonly secrets: SecretBox,
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
    @Inject(APP_CONFIG) private readonly app: AppConfig,
    @Inject(SYNDICATION_CONFIG) private readonly syndication: SyndicationConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // An attempt outliving its lease would be claimed and sent a second time by another instance.
    if (this.config.timeoutMs >= this.app.outbox.leaseMs) {
      throw new ConfigError([`WEBHOOK_TIMEOUT_MS (${this.config.timeoutMs}) must be less than OUTBOX_LEASE_MS (${this.app.outbox.leaseMs}).`]);
    }
    this.outbox.register(FAN_OUT_CONSUMER, (job: OutboxJob<object>) => this.fanOut(job), { events: WEBHOOK_EVENTS });
    this.outbox.register(DELIVERY_CONSUMER, (job: OutboxJob<DeliveryJob>) => this.deliver(job), {
      maxAttempts: this.config.maxAttempts,
      backoffMs: (attempt) => webhookRetryDelay(this.config, attempt),
    });
  }

  private async fanOut(job: OutboxJob<object>): Promise<void> {
    const subscribed = (await this.webhooks.findBy({ active: true })).filter((webhook) => webhook.events.includes(job.type));
    if (subscribed.length === 0) return;
    const { data, occurredAt } = await this.eventBody(job);
    const now = this.clock.now();
    await this.transactions.run(async (manager) => {
      const done = await manager.findBy(WebhookDeliveryEntity, { eventId: job.id, webhookId: In(subscribed.map((webhook) => webhook.id)) });
      const fresh = subscribed.filter((webhook) => !done.some((delivery) => delivery.webhookId === webhook.id));
      if (fresh.length === 0) return;
      const rows = fresh.map((webhook): WebhookDeliveryEntity => {
        const id = randomUUID();
        return {
          id,
          webhookId: webhook.id,
          eventType: job.type,
          eventId: job.id,
          payload: JSON.stringify({ id, type: job.type, occurredAt, data }),
          status: 'pending',
          attempts: 0,
          lastResponseStatus: null,
          lastResponseExcerpt: null,
          lastError: null,
          responseTimeMs: null,
          nextAttemptAt: now,
          lastAttemptAt: null,
          deliveredAt: null,
          createdAt: now,
          updatedAt: now,
        };
      });
      await manager.insert(WebhookDeliveryEntity, rows);
      await this.outbox.enqueue(
        manager,
        rows.map((row) => ({
          consumer: DELIVERY_CONSUMER,
          type: job.type,
          payload: { deliveryId: row.id },
          dedupeKey: `webhook:${row.webhookId}:job:${job.id}`,
        })),
      );
    });
  }

  /** The `data` of the body: what a receiver may know of the article or media file (see webhook-events.ts). */
  private async eventBody(job: OutboxJob<object>): Promise<{ data: object; occurredAt: string }> {
    if (job.type.startsWith('media.')) {
      const event = job.payload as MediaEventData;
      return { data: mediaWebhookData(event, this.app.publicBaseUrl), occurredAt: event.occurredAt };
    }
    const event = job.payload as ArticleEventData;
    const section = await this.sections.findOneBy({ id: event.sectionId });
    const data = articleWebhookData(job.type, event, {
      now: this.clock.now(),
      publicBaseUrl: this.app.publicBaseUrl,
      articleUrlTemplate: this.syndication.articleUrlTemplate,
      sectionSlug: section?.slug ?? null,
    });
    return { data, occurredAt: event.occurredAt };
  }

  private async deliver(job: OutboxJob<DeliveryJob>): Promise<void> {
    const delivery = await this.deliveries.findOne({ where: { id: job.payload.deliveryId }, relations: { webhook: true } });
    // Gone with its webhook, or finished already (a job run twice after a lapsed lease).
    if (!delivery?.webhook || delivery.status !== 'pending') return;
    const webhook = delivery.webhook;
    if (!webhook.active) return this.giveUp(delivery, 'The webhook is disabled; replay this delivery once it is active again.');
    const secret = this.secrets.open(webhook.secretSealed);
    if (secret === null) {
      return this.giveUp(delivery, 'The signing secret cannot be read (JWT_SECRET changed?): give the webhook a new secret, then replay.');
    }
    let target: WebhookTarget;
    try {
      // Checked again at every attempt: a host may have come to resolve to an internal address since it was registered.
      target = await resolveWebhookTarget(webhook.url, this.config.allowedHosts);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof DomainError && error.code !== 'WEBHOOK_URL_UNRESOLVABLE') return this.giveUp(delivery, `Refused: ${message}`);
      return this.recordAttempt(job, delivery, { ok: false, status: null, excerpt: null, error: message, durationMs: 0 });
    }
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'NewsroomCMS-Webhooks/1.0',
      'webhook-id': delivery.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signPayload(secret, timestamp, delivery.payload),
      'webhook-event': delivery.eventType,
    };
    const result = await postOnce(target, headers, delivery.payload, this.config.timeoutMs);
    await this.recordAttempt(job, delivery, result);
  }

  /** Writes the attempt to the log; a failure with attempts left is thrown, so the outbox retries it. */
  private async recordAttempt(job: OutboxJob<DeliveryJob>, delivery: WebhookDeliveryEntity, result: AttemptResult): Promise<void> {
    const now = this.clock.now();
    const last = job.attempt >= job.maxAttempts;
    const status = result.ok ? 'succeeded' : last ? 'failed' : 'pending';
    await this.transactions.run((m) =>
      m
        .createQueryBuilder()
        .update(WebhookDeliveryEntity)
        .set({
          status,
          attempts: () => 'attempts + 1',
          lastResponseStatus: result.status,
          lastResponseExcerpt: result.excerpt,
          lastError: result.error,
          responseTimeMs: result.durationMs,
          lastAttemptAt: now,
          nextAttemptAt: status === 'pending' ? new Date(now.getTime() + webhookRetryDelay(this.config, job.attempt)) : null,
          ...(result.ok ? { deliveredAt: now } : {}),
          updatedAt: now,
        })
        .where('id = :id', { id: delivery.id })
        .execute(),
    );
    if (status === 'pending') throw new Error(`Webhook delivery ${delivery.id}: ${result.error ?? 'failed'}`);
    if (status === 'failed') this.logger.warn(`Webhook delivery ${delivery.id} to ${delivery.webhookId} failed for good: ${result.error}`);
  }

  /** Ends a delivery without an attempt: nothing was sent, and retrying would not change that. */
  private async giveUp(delivery: WebhookDeliveryEntity, reason: string): Promise<void> {
    const now = this.clock.now();
    await this.transactions.run((m) =>
      m.update(WebhookDeliveryEntity, { id: delivery.id }, { status: 'failed', lastError: reason, nextAttemptAt: null, updatedAt: now }),
    );
    this.logger.warn(`Webhook delivery ${delivery.id}: ${reason}`);
  }
}

import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { conflict, notFound } from '../common/errors/domain-error.js';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor.js';
import { toPage, type Page } from '../common/pagination/page.js';
import { CLOCK, type Clock } from '../common/util/clock.js';
import { WEBHOOKS_CONFIG } from '../config/config.module.js';
import type { WebhooksConfig } from '../config/webhooks.config.js';
import { dbDate } from '../database/column-types.js';
import { keysetAfter } from '../database/keyset.js';
import { Transactions } from '../database/transactions.js';
import { Outbox } from '../outbox/outbox.service.js';
import type { CreatedWebhookModel, CreateWebhookInput, UpdateWebhookInput, WebhookDeliveryModel, WebhookModel } from './dto/webhook.dto.js';
import { resolveWebhookTarget } from './ssrf-guard.js';
import { WebhookDeliveryEntity, type DeliveryStatus } from './webhook-delivery.entity.js';
import { generateWebhookSecret, SecretBox } from './webhook-signer.js';
import { WebhookEntity } from './webhook.entity.js';

/** The outbox consumer that makes one attempt at one delivery. */
export const DELIVERY_CONSUMER = 'webhook-delivery';

export interface KeysetPage<T> extends Page<T> {
  cursorOf(item: T): string;
}

export const toWebhookModel = (entity: WebhookEntity): WebhookModel => ({
  id: entity.id,
  url: entity.url,
  description: entity.description,
  events: entity.events,
  active: entity.active,
  createdAt: entity.createdAt,
  updatedAt: entity.updatedAt,
});

export const toDeliveryModel = (entity: WebhookDeliveryEntity): WebhookDeliveryModel => ({
  id: entity.id,
  webhookId: entity.webhookId,
  eventType: entity.eventType,
  eventId: entity.eventId,
  status: entity.status,
  attempts: entity.attempts,
  lastResponseStatus: entity.lastResponseStatus,
  lastResponseExcerpt: entity.lastResponseExcerpt,
  lastError: entity.lastError,
  responseTimeMs: entity.responseTimeMs,
  nextAttemptAt: entity.nextAttemptAt,
  lastAttemptAt: entity.lastAttemptAt,
  deliveredAt: entity.deliveredAt,
  payload: entity.payload,
  createdAt: entity.createdAt,
  updatedAt: entity.updatedAt,
});

/** Webhooks as admins manage them (REST and GraphQL), their delivery log, and replays. Deliveries themselves: WebhookDispatcher. */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectRepository(WebhookEntity) private readonly webhooks: Repository<WebhookEntity>,
    @InjectRepository(WebhookDeliveryEntity) private readonly deliveries: Repository<WebhookDeliveryEntity>,
    private readonly transactions: Transactions,
    private readonly outbox: Outbox,
    private readonly secrets: SecretBox,
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The URL as it will be stored, once it passed the SSRF guard (400 WEBHOOK_URL_FORBIDDEN / _UNRESOLVABLE / INVALID_WEBHOOK_URL). */
  private async checkedUrl(raw: string): Promise<string> {
    const target = await resolveWebhookTarget(raw, this.config.allowedHosts);
    return target.url.href;
  }

  async create(input: CreateWebhookInput): Promise<CreatedWebhookModel> {
    const url = await this.checkedUrl(input.url);
    const secret = input.secret ?? generateWebhookSecret();
    const now = this.clock.now();
    const entity: WebhookEntity = {
      id: randomUUID(),
      url,
      description: input.description ?? null,
      events: input.events,
      active: input.active ?? true,
      secretSealed: this.secrets.seal(secret),
      createdAt: now,
      updatedAt: now,
    };
    await this.transactions.run((m) => m.insert(WebhookEntity, entity));
    return { ...toWebhookModel(entity), secret };
  }

  async get(id: string): Promise<WebhookModel> {
    return toWebhookModel(await this.findOrFail(id));
  }

  private async findOrFail(id: string): Promise<WebhookEntity> {
    const entity = await this.webhooks.findOneBy({ id });
    if (!entity) throw notFound('Webhook', id);
    return entity;
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(limit: number, cursor?: string): Promise<KeysetPage<WebhookModel>> {
    const after = cursor ? decodeCursor(cursor, 'webhooks') : undefined;
    const qb = this.webhooks.createQueryBuilder('w');
    if (after) qb.andWhere(...keysetAfter('w', 'created_at', 'DESC', { at: dbDate(new Date(after.at)), id: after.id }));
    const rows = await qb
      .orderBy('w.created_at', 'DESC')
      .addOrderBy('w.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    const cursorOf = (item: WebhookModel) => encodeCursor({ kind: 'webhooks', at: item.createdAt.toISOString(), id: item.id });
    return { ...toPage(rows.map(toWebhookModel), limit, cursorOf), cursorOf };
  }

  async update(id: string, input: UpdateWebhookInput): Promise<WebhookModel> {
    const entity = await this.findOrFail(id);
    if (input.url !== undefined) entity.url = await this.checkedUrl(input.url);
    if (input.events !== undefined) entity.events = input.events;
    if (input.description !== undefined) entity.description = input.description;
    if (input.active !== undefined) entity.active = input.active;
    if (input.secret !== undefined) entity.secretSealed = this.secrets.seal(input.secret);
    entity.updatedAt = this.clock.now();
    await this.transactions.run((m) => m.save(entity));
    return toWebhookModel(entity);
  }

  /** Deletes the webhook and its delivery log; attempts already queued find nothing and stop. */
  async remove(id: string): Promise<void> {
    await this.findOrFail(id);
    await this.transactions.run((m) => m.delete(WebhookEntity, { id }));
  }

  /** A webhook's deliveries, newest first, keyset-paginated on (created_at, id). */
  async listDeliveries(
    webhookId: string,
    filter: { status?: DeliveryStatus },
    limit: number,
    cursor?: string,
  ): Promise<KeysetPage<WebhookDeliveryModel>> {
    await this.findOrFail(webhookId);
    return this.deliveriesPage(webhookId, filter, limit, cursor);
  }

  /** The same, for a webhook known to exist (GraphQL's Webhook.deliveries). */
  async deliveriesPage(
    webhookId: string,
    filter: { status?: DeliveryStatus },
    limit: number,
    cursor?: string,
  ): Promise<KeysetPage<WebhookDeliveryModel>> {
    const after = cursor ? decodeCursor(cursor, 'webhook-deliveries') : undefined;
    const qb = this.deliveries.createQueryBuilder('d').where('d.webhook_id = :webhookId', { webhookId });
    if (filter.status) qb.andWhere('d.status = :status', { status: filter.status });
    if (after) qb.andWhere(...keysetAfter('d', 'created_at', 'DESC', { at: dbDate(new Date(after.at)), id: after.id }));
    const rows = await qb
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    const cursorOf = (item: WebhookDeliveryModel) => encodeCursor({ kind: 'webhook-deliveries', at: item.createdAt.toISOString(), id: item.id });
    return { ...toPage(rows.map(toDeliveryModel), limit, cursorOf), cursorOf };
  }

  /**
   * Sends a delivery again: the same delivery (same id, same body, a fresh timestamp and
   * signature) goes back to pending and gets a new round of attempts. Refused while it
   * is still pending (409 DELIVERY_PENDING) or while the webhook is disabled (409 WEBHOOK_INACTIVE).
   */
  async replay(webhookId: string, deliveryId: string): Promise<WebhookDeliveryModel> {
    const webhook = await this.findOrFail(webhookId);
    const delivery = await this.deliveries.findOneBy({ id: deliveryId, webhookId });
    if (!delivery) throw notFound('Delivery', deliveryId);
    if (!webhook.active) throw conflict('WEBHOOK_INACTIVE', 'The webhook is disabled; set active to true before replaying its deliveries.');
    const now = this.clock.now();
    await this.transactions.run(async (m) => {
      // Conditional, so two replays at once queue one round of attempts, not two.
      const result = await m
        .createQueryBuilder()
        .update(WebhookDeliveryEntity)
        .set({ status: 'pending', nextAttemptAt: now, updatedAt: now })
        .where("id = :id AND status <> 'pending'", { id: deliveryId })
        .execute();
      if (!result.affected) throw conflict('DELIVERY_PENDING', 'This delivery is still being attempted; replay it once it has succeeded or failed.');
      await this.outbox.enqueue(m, [{ consumer: DELIVERY_CONSUMER, type: delivery.eventType, payload: { deliveryId } }]);
    });
    // As the replay left it: the attempt itself may already be under way.
    return toDeliveryModel({ ...delivery, status: 'pending', nextAttemptAt: now, updatedAt: now });
  }
}

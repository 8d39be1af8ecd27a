import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, type EntityManager, type Repository } from 'typeorm';
import { LoginRateLimiter } from '../auth/login-rate-limiter.js';
import { isUniqueViolation } from '../common/errors/db-errors.js';
import { badRequest, DomainError, type FieldError } from '../common/errors/domain-error.js';
import { CLOCK, type Clock } from '../common/util/clock.js';
import { UUID_PATTERN } from '../common/validation/decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { SUBSCRIPTIONS_CONFIG, type SubscriptionsConfig } from '../config/subscriptions.config.js';
import { Transactions } from '../database/transactions.js';
import { mailJob } from '../mail/mail-message.js';
import { Outbox } from '../outbox/outbox.service.js';
import { SectionEntity } from '../sections/section.entity.js';
import { resolveSlugOrIdRefs } from '../taxonomy/refs.js';
import { TagEntity } from '../taxonomy/tag.entity.js';
import type { ReaderSubscriptionModel, SubscribeInput, SubscribeResult, SubscriptionTokenInput } from './dto/subscription.dto.js';
import { confirmationEmail } from './subscription-emails.js';
import { SubscriptionLinks } from './subscription-links.js';
import { hashToken, newConfirmToken, SubscriptionTokens } from './subscription-tokens.js';
import { SubscriptionDigestItemEntity, SubscriptionEntity, SubscriptionSectionEntity, SubscriptionTagEntity } from './subscription.entity.js';

/** The one answer to every accepted subscribe request, known address or not. */
const ACCEPTED: SubscribeResult = {
  accepted: true,
  message: 'If this address can receive email, a confirmation link is on its way. Nothing else is sent until it is used.',
};

const invalidToken = (what: 'confirmation' | 'unsubscribe') =>
  new DomainError(
    'INVALID_TOKEN',
    404,
    what === 'confirmation'
      ? 'This confirmation link is invalid or has expired; subscribe again to get a new one.'
      : 'This unsubscribe link is invalid.',
  );

/**
 * Reader subscriptions with double opt-in. Subscribing records a pending subscription and
 * its confirmation email in one transaction; only the link in that email makes it active.
 * The answer never tells whether the address was known: an address that is already active
 * is left as it is and gets no email (to change what it follows, a reader unsubscribes
 * and subscribes again); a pending or unsubscribed one gets a new confirmation link, the
 * latest one being the one that works.
 */
@Injectable()
export class SubscriptionsService {
  private readonly perClient: LoginRateLimiter;
  private readonly perAddress: LoginRateLimiter;

  constructor(
    @InjectRepository(SectionEntity) private readonly sections: Repository<SectionEntity>,
    @InjectRepository(TagEntity) private readonly tags: Repository<TagEntity>,
    private readonly transactions: Transactions,
    private readonly outbox: Outbox,
    private readonly links: SubscriptionLinks,
    private readonly tokens: SubscriptionTokens,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly app: AppConfig,
    @Inject(SUBSCRIPTIONS_CONFIG) private readonly config: SubscriptionsConfig,
  ) {
    this.perClient = new LoginRateLimiter(config.rateLimit.perClientPerMinute, Date.now, { what: 'subscription requests from this client' });
    this.perAddress = new LoginRateLimiter(config.rateLimit.perAddressPerHour, Date.now, {
      windowMs: 3_600_000,
      what: 'subscription requests for this address',
    });
  }

  async subscribe(input: SubscribeInput, clientIp: string): Promise<SubscribeResult> {
    const email = input.email.toLowerCase();
    this.perClient.hit([`client:${clientIp}`]);
    this.perAddress.hit([`address:${email}`]);
    const locale = input.locale ?? this.app.defaultLocale;
    const sections = await this.resolveSections(input.sections ?? [], locale);
    const tags = await resolveSlugOrIdRefs(this.tags, input.tags ?? [], 'tags', 'tag');
    const breakingNews = input.breakingNews ?? false;
    if (sections.length === 0 && tags.length === 0 && !breakingNews) {
      throw badRequest('NO_TARGETS', 'Follow at least one section or tag, or breaking news.', [
        { field: 'sections', message: 'give sections, tags or breakingNews: true' },
      ]);
    }
    const frequency = input.frequency ?? 'instant';
    try {
      await this.transactions.run(async (m) => {
        const now = this.clock.now();
        const existing = await m.findOneBy(SubscriptionEntity, { email, locale });
        if (existing?.status === 'active') return;
        const token = newConfirmToken();
        const changes = {
          frequency,
          breakingNews,
          status: 'pending' as const,
          confirmTokenHash: hashToken(token),
          confirmExpiresAt: new Date(now.getTime() + this.config.confirmTtlSeconds * 1000),
          unsubscribedAt: null,
          updatedAt: now,
        };
        const id = existing?.id ?? randomUUID();
        if (existing) {
          await m.update(SubscriptionEntity, { id }, changes);
          await m.delete(SubscriptionSectionEntity, { subscriptionId: id });
          await m.delete(SubscriptionTagEntity, { subscriptionId: id });
        } else {
          await m.insert(SubscriptionEntity, {
            id,
            email,
            locale,
            ...changes,
            unsubscribeTokenHash: hashToken(this.tokens.unsubscribeToken(id)),
            digestSentOn: null,
            confirmedAt: null,
            createdAt: now,
          });
        }
        if (sections.length)
          await m.insert(
            SubscriptionSectionEntity,
            sections.map((s) => ({ subscriptionId: id, sectionId: s.id })),
          );
        if (tags.length)
          await m.insert(
            SubscriptionTagEntity,
            tags.map((t) => ({ subscriptionId: id, tagId: t.id })),
          );
        const following = [...sections.map((s) => s.name), ...tags.map((t) => t.name), ...(breakingNews ? ['breaking news'] : [])];
        const message = confirmationEmail({
          siteName: this.app.siteName,
          to: email,
          confirmUrl: this.links.confirm(token),
          ttlHours: Math.round(this.config.confirmTtlSeconds / 3600),
          following,
          frequency,
          links: this.links.unsubscribe(id),
        });
        await this.outbox.enqueue(m, [mailJob(message)]);
      });
    } catch (error) {
      // Two requests for a new address at once: the other one made the row and sends the confirmation.
      if (!isUniqueViolation(error)) throw error;
    }
    return ACCEPTED;
  }

  async confirm(input: SubscriptionTokenInput, clientIp: string): Promise<ReaderSubscriptionModel> {
    this.perClient.hit([`client:${clientIp}`]);
    const hash = hashToken(input.token);
    return this.transactions.run(async (m) => {
      const now = this.clock.now();
      const sub = await m.findOneBy(SubscriptionEntity, { confirmTokenHash: hash });
      if (!sub || sub.status === 'unsubscribed' || !sub.confirmExpiresAt || sub.confirmExpiresAt.getTime() <= now.getTime()) {
        throw invalidToken('confirmation');
      }
      // A second click on the same link (until it expires) answers the same; the subscription is already active.
      if (sub.status === 'pending') {
        await m.update(SubscriptionEntity, { id: sub.id, status: 'pending' }, { status: 'active', confirmedAt: now, updatedAt: now });
        Object.assign(sub, { status: 'active', confirmedAt: now });
      }
      return this.present(m, sub);
    });
  }

  async unsubscribe(input: SubscriptionTokenInput, clientIp: string): Promise<ReaderSubscriptionModel> {
    this.perClient.hit([`client:${clientIp}`]);
    const hash = hashToken(input.token);
    return this.transactions.run(async (m) => {
      const now = this.clock.now();
      const sub = await m.findOneBy(SubscriptionEntity, { unsubscribeTokenHash: hash });
      if (!sub) throw invalidToken('unsubscribe');
      if (sub.status !== 'unsubscribed') {
        const changes = { status: 'unsubscribed' as const, unsubscribedAt: now, confirmTokenHash: null, confirmExpiresAt: null, updatedAt: now };
        await m.update(SubscriptionEntity, { id: sub.id }, changes);
        await m.delete(SubscriptionDigestItemEntity, { subscriptionId: sub.id, digestedOn: IsNull() });
        Object.assign(sub, changes);
      }
      return this.present(m, sub);
    });
  }

  /** Sections by slug in the subscription's locale, or by id; every unknown one reported. */
  private async resolveSections(refs: string[], locale: string): Promise<SectionEntity[]> {
    if (refs.length === 0) return [];
    const ids = refs.filter((r) => UUID_PATTERN.test(r)).map((r) => r.toLowerCase());
    const slugs = refs.filter((r) => !UUID_PATTERN.test(r));
    const rows = await this.sections.find({
      where: [...(ids.length ? [{ id: In(ids) }] : []), ...(slugs.length ? [{ slug: In(slugs), locale }] : [])],
    });
    const errors: FieldError[] = [];
    const found = new Map<string, SectionEntity>();
    refs.forEach((ref, i) => {
      const row = UUID_PATTERN.test(ref) ? rows.find((s) => s.id === ref.toLowerCase()) : rows.find((s) => s.slug === ref && s.locale === locale);
      if (!row) errors.push({ field: `sections[${i}]`, message: `no section "${ref}" in locale ${locale}` });
      else found.set(row.id, row);
    });
    if (errors.length) throw badRequest('UNKNOWN_REFERENCE', errors.map((e) => e.message).join('; '), errors);
    return [...found.values()];
  }

  private async present(m: EntityManager, sub: SubscriptionEntity): Promise<ReaderSubscriptionModel> {
    const sections = await m
      .createQueryBuilder(SectionEntity, 's')
      .innerJoin(SubscriptionSectionEntity, 'ss', 'ss.section_id = s.id')
      .where('ss.subscription_id = :id', { id: sub.id })
      .orderBy('s.slug')
      .getMany();
    const tags = await m
      .createQueryBuilder(TagEntity, 't')
      .innerJoin(SubscriptionTagEntity, 'st', 'st.tag_id = t.id')
      .where('st.subscription_id = :id', { id: sub.id })
      .orderBy('t.slug')
      .getMany();
    return {
      email: sub.email,
      locale: sub.locale,
      status: sub.status,
      frequency: sub.frequency,
      sections: sections.map((s) => s.slug),
      tags: tags.map((t) => t.slug),
      breakingNews: sub.breakingNews,
      confirmedAt: sub.confirmedAt,
    };
  }
}

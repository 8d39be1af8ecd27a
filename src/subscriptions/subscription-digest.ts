import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { CLOCK, type Clock } from '../common/util/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { SUBSCRIPTIONS_CONFIG, type SubscriptionsConfig } from '../config/subscriptions.config.js';
import { Transactions } from '../database/transactions.js';
import { mailJob } from '../mail/mail-message.js';
import { Outbox } from '../outbox/outbox.service.js';
import { SyndicationUrls } from '../syndication/syndication-urls.js';
import { SUBSCRIPTION_MAIL } from './subscription-delivery.js';
import { digestEmail } from './subscription-emails.js';
import { SubscriptionLinks } from './subscription-links.js';
import { SubscriptionDigestItemEntity, SubscriptionEntity } from './subscription.entity.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';

/** The digest day due at `now`: day D is due from DIGEST_HOUR_UTC on D until the same hour on D+1. */
export function digestDay(now: Date, hourUtc: number): string {
  return new Date(now.getTime() - hourUtc * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Daily digests: at start (catching up on a digest missed while no instance ran) and every
 * DIGEST_INTERVAL_MS, each daily subscriber with articles waiting whose digest for the due
 * day has not gone out gets one email listing them. A subscriber's day is claimed by a
 * conditional update in the transaction that queues the email (whose key names the
 * subscriber and the day), so with several instances it still goes out once.
 */
@Injectable()
export class SubscriptionDigest implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Digest');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly repository: SubscriptionsRepository,
    private readonly transactions: Transactions,
    private readonly outbox: Outbox,
    private readonly links: SubscriptionLinks,
    private readonly urls: SyndicationUrls,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly app: AppConfig,
    @Inject(SUBSCRIPTIONS_CONFIG) private readonly config: SubscriptionsConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.digestIntervalMs === 0) return;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.config.digestIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One run, not overlapping one still going; resolves to the number of digests queued. */
  tick(): Promise<number> {
    this.running ??= this.run()
      .catch((error: unknown) => {
        this.logger.error(`Digest run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async run(): Promise<number> {
    const day = digestDay(this.clock.now(), this.config.digestHourUtc);
    let after: string | null = null;
    let queued = 0;
    for (;;) {
      const batch = await this.repository.dueForDigest(day, after, 200);
      if (batch.length === 0) break;
      after = batch[batch.length - 1].id;
      for (const { id } of batch) if (await this.sendOne(id, day)) queued += 1;
    }
    if (queued) this.logger.log(`Queued ${queued} digest(s) for ${day}.`);
    return queued;
  }

  private sendOne(subscriptionId: string, day: string): Promise<boolean> {
    return this.transactions.run(async (m) => {
      const articles = await this.repository.waitingArticles(m, subscriptionId, this.clock.now());
      // Only articles taken down since: they stay waiting, in case they come back.
      if (articles.length === 0) return false;
      const claimed = await m
        .createQueryBuilder()
        .update(SubscriptionEntity)
        .set({ digestSentOn: day })
        .where('id = :id AND status = :active AND (digest_sent_on IS NULL OR digest_sent_on < :day)', { id: subscriptionId, active: 'active', day })
        .execute();
      if (!claimed.affected) return false;
      const subscription = await m.findOneByOrFail(SubscriptionEntity, { id: subscriptionId });
      const message = digestEmail({
        siteName: this.app.siteName,
        to: subscription.email,
        day,
        articles: articles.map((a) => ({
          headline: a.headline,
          lead: a.lead,
          url: this.urls.article({ id: a.articleId, slug: a.slug, locale: a.locale, sectionSlug: a.sectionSlug }),
        })),
        links: this.links.unsubscribe(subscriptionId),
      });
      await this.outbox.enqueue(m, [
        mailJob({ ...message, about: { kind: SUBSCRIPTION_MAIL, id: subscriptionId } }, `digest:${subscriptionId}:${day}`),
      ]);
      await m.update(
        SubscriptionDigestItemEntity,
        { subscriptionId, articleId: In(articles.map((a) => a.articleId)), digestedOn: IsNull() },
        { digestedOn: day },
      );
      return true;
    });
  }
}

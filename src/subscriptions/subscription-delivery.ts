import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isNewsworthy, type ArticleEventData } from '../articles/article-events.js';
import { ArticleEntity, ArticleTagEntity } from '../articles/article.entity.js';
import { isPubliclyVisible } from '../articles/visibility.js';
import { CLOCK, type Clock } from '../common/util/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { SUBSCRIPTIONS_CONFIG, type SubscriptionsConfig } from '../config/subscriptions.config.js';
import { Transactions } from '../database/transactions.js';
import { mailJob } from '../mail/mail-message.js';
import { MailOutbox } from '../mail/mail-outbox.js';
import { Outbox, type OutboxJob } from '../outbox/outbox.service.js';
import { SectionEntity } from '../sections/section.entity.js';
import { SyndicationUrls } from '../syndication/syndication-urls.js';
import { articleEmail } from './subscription-emails.js';
import { SubscriptionLinks } from './subscription-links.js';
import { SubscriptionDigestItemEntity, SubscriptionEntity } from './subscription.entity.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';

/** Subscription emails are about a subscription; one that is no longer active when its email is due gets nothing. */
export const SUBSCRIPTION_MAIL = 'subscription';

/**
 * The outbox consumer `subscriptions`: when an article goes live (article.published, held
 * by the outbox until an embargo ends), its matching active subscribers get it, batch by
 * batch: an email job each for instant subscribers, a digest item each for daily ones.
 * Each email job's key names the article and the subscriber, so a fan-out that runs
 * again (a retry, a crash, another instance) never sends anything twice.
 */
@Injectable()
export class SubscriptionDelivery implements OnModuleInit {
  private readonly logger = new Logger('Subscriptions');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly mail: MailOutbox,
    private readonly transactions: Transactions,
    private readonly repository: SubscriptionsRepository,
    private readonly links: SubscriptionLinks,
    private readonly urls: SyndicationUrls,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly app: AppConfig,
    @Inject(SUBSCRIPTIONS_CONFIG) private readonly config: SubscriptionsConfig,
  ) {}

  onModuleInit(): void {
    this.outbox.register(
      'subscriptions',
      async (job: OutboxJob<ArticleEventData>) => {
        // A back-filled archive (an import publishing old articles) mails nobody.
        if (isNewsworthy(job.payload)) await this.fanOut(job.payload.articleId);
      },
      {
        events: ['article.published'],
      },
    );
    this.mail.suppressWhen(
      SUBSCRIPTION_MAIL,
      async (id) => !(await this.dataSource.getRepository(SubscriptionEntity).existsBy({ id, status: 'active' })),
    );
  }

  /** Sends (queues) the article to everyone who follows it; returns how many subscribers matched. */
  async fanOut(articleId: string): Promise<number> {
    const article = await this.dataSource.getRepository(ArticleEntity).findOneBy({ id: articleId });
    // Taken down, deleted or embargoed again since the event: readers may not see it, so nobody is told.
    if (!article || !isPubliclyVisible(article, this.clock.now())) return 0;
    const tagIds = (await this.dataSource.getRepository(ArticleTagEntity).findBy({ articleId })).map((t) => t.tagId);
    const section = await this.dataSource.getRepository(SectionEntity).findOneByOrFail({ id: article.sectionId });
    const summary = {
      headline: article.headline,
      lead: article.lead,
      url: this.urls.article({ id: article.id, slug: article.slug, locale: article.locale, sectionSlug: section.slug }),
    };
    const targets = { locale: article.locale, sectionId: article.sectionId, tagIds, isBreaking: article.isBreaking };
    let after: string | null = null;
    let matched = 0;
    for (;;) {
      const batch = await this.repository.matching(targets, after, this.config.fanoutBatchSize);
      if (batch.length === 0) break;
      matched += batch.length;
      after = batch[batch.length - 1].id;
      const instant = batch.filter((s) => s.frequency === 'instant');
      const daily = batch.filter((s) => s.frequency === 'daily');
      await this.transactions.run(async (m) => {
        await this.outbox.enqueue(
          m,
          instant.map((s) =>
            mailJob(
              {
                ...articleEmail({ siteName: this.app.siteName, to: s.email, article: summary, links: this.links.unsubscribe(s.id) }),
                about: { kind: SUBSCRIPTION_MAIL, id: s.id },
              },
              `article:${article.id}:sub:${s.id}`,
            ),
          ),
        );
        const now = this.clock.now();
        for (let i = 0; i < daily.length; i += 200) {
          const rows = daily.slice(i, i + 200).map((s) => ({ subscriptionId: s.id, articleId: article.id, createdAt: now, digestedOn: null }));
          await m.createQueryBuilder().insert().into(SubscriptionDigestItemEntity).values(rows).orIgnore().execute();
        }
      });
    }
    if (matched) this.logger.log(`Article ${article.id} goes to ${matched} subscriber(s).`);
    return matched;
  }
}

import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { isNewsworthy, type ArticleEventData } from '../articles/article-events.js';
import { toArticleBase, type ArticleBase } from '../articles/article.mapper.js';
import { ArticlesService } from '../articles/articles.service.js';
import { DomainError } from '../common/errors/domain-error.js';
import { Outbox, type OutboxJob } from '../outbox/outbox.service.js';
import { SectionsService } from '../sections/sections.service.js';
import { CHANNELS, PUB_SUB, type ArticleSignal, type RealtimeBus } from './pubsub.js';

/**
 * Turns committed article events into realtime signals. The outbox hands each event to
 * one instance; it checks the article is visible to readers at that moment (published,
 * past embargo: the event of an embargoed article only comes due at its end) and
 * publishes a signal that every instance's subscribers hear (through Redis when set).
 */
@Injectable()
export class RealtimeService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Realtime');
  /** One load per article version, shared by every subscriber that an event reaches. */
  private readonly loads = new Map<string, { at: number; article: Promise<ArticleBase | null> }>();

  constructor(
    private readonly outbox: Outbox,
    private readonly articles: ArticlesService,
    private readonly sections: SectionsService,
    @Inject(PUB_SUB) private readonly bus: RealtimeBus,
  ) {}

  onModuleInit(): void {
    this.outbox.register('realtime', (job: OutboxJob<ArticleEventData>) => this.relay(job), {
      events: ['article.published', 'article.updated'],
      // A live event that is minutes late is no longer live news.
      maxAttempts: 3,
      backoffMs: (attempt) => attempt * 500,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }

  /** Subscriptions listening on this instance now (for /metrics and tests). */
  get activeSubscriptions(): number {
    return this.active;
  }

  /** Subscriptions ever started on this instance (a counter, for /metrics and tests). */
  get subscriptionsStarted(): number {
    return this.started;
  }

  private active = 0;
  private started = 0;

  /** The channel's events, counted as an active subscription from its first read until it ends. */
  asyncIterator(name: keyof typeof CHANNELS): AsyncIterableIterator<unknown> {
    const source = this.bus.engine.asyncIterableIterator<unknown>(this.bus.channel(CHANNELS[name]));
    let counted = false;
    const release = () => {
      if (counted) this.active -= 1;
      counted = false;
    };
    const iterator: AsyncIterableIterator<unknown> = {
      next: () => {
        if (!counted) {
          counted = true;
          this.active += 1;
          this.started += 1;
        }
        return source.next();
      },
      return: (value?: unknown) => {
        release();
        return source.return ? source.return() : Promise.resolve({ done: true, value });
      },
      throw: (error?: unknown) => {
        release();
        return source.throw ? source.throw(error) : Promise.reject(error instanceof Error ? error : new Error(String(error)));
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  private async relay(job: OutboxJob<ArticleEventData>): Promise<void> {
    // A back-filled archive (an import publishing old articles) is not live news.
    if (job.type === 'article.published' && !isNewsworthy(job.payload)) return;
    const article = await this.visible(job.payload.articleId);
    // Unpublished, deleted or not yet out of embargo by now: nothing for readers.
    if (!article) return;
    const [section] = [...(await this.sections.findByIds([article.sectionId])).values()];
    const signal: ArticleSignal = {
      articleId: article.id,
      version: article.version,
      sectionSlug: section?.slug ?? '',
      locale: article.locale,
      isBreaking: article.isBreaking,
    };
    const channel = job.type === 'article.published' ? CHANNELS.published : CHANNELS.updated;
    await this.bus.engine.publish(this.bus.channel(channel), signal);
    this.logger.debug(`${job.type} ${article.id} v${article.version} relayed`);
  }

  /**
   * The article as a reader sees it now, or null. Loaded once per version for all the
   * subscribers one signal reaches; a newer version is a new load.
   */
  articleFor(signal: ArticleSignal): Promise<ArticleBase | null> {
    const key = `${signal.articleId}:${signal.version}`;
    const now = Date.now();
    for (const [k, entry] of this.loads) if (now - entry.at > 5000) this.loads.delete(k);
    let entry = this.loads.get(key);
    if (!entry) {
      entry = { at: now, article: this.visible(signal.articleId).then((a) => (a ? toArticleBase(a) : null)) };
      this.loads.set(key, entry);
    }
    return entry.article;
  }

  private async visible(articleId: string) {
    try {
      return await this.articles.get(null, articleId);
    } catch (error) {
      if (error instanceof DomainError && error.status === 404) return null;
      throw error;
    }
  }
}

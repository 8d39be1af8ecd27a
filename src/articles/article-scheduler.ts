import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { ArticleCacheInvalidation } from './article-cache.js';
import { ArticleWorkflowService } from './article-workflow.service.js';

/**
 * Runs due schedules: once at start (catching up on anything that fell due while the
 * server was down), then every SCHEDULER_INTERVAL_MS. Several instances may run it
 * against one database; each due article is claimed row by row, so it goes live once.
 * Each pass also purges cached answers for embargoes that ended since the last.
 */
@Injectable()
export class ArticleScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly workflow: ArticleWorkflowService,
    private readonly cacheInvalidation: ArticleCacheInvalidation,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.schedulerIntervalMs === 0) return;
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.config.schedulerIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; a pass still running when the next is due is not overlapped. */
  tick(): Promise<void> {
    this.running ??= this.workflow
      .runDue()
      .then(async ({ published, unpublished }) => {
        if (published.length) this.logger.log(`Published on schedule: ${published.join(', ')}`);
        if (unpublished.length) this.logger.log(`Taken down on schedule: ${unpublished.join(', ')}`);
        // Embargoes end with no write: cached lists and feeds learn of it here.
        await this.cacheInvalidation.liftEmbargoes();
      })
      .catch((error: unknown) =>
        this.logger.error(`Scheduled run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
      )
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}

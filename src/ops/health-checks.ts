import { statfs } from 'node:fs/promises';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { newRedis } from '../common/util/redis.js';
import { APP_CONFIG, REDIS_CONFIG, type AppConfig, type RedisConfig } from '../config/config.module.js';

/** Readiness checks beyond the database: Redis when configured, and room on the disk that holds media. */
@Injectable()
export class OpsHealthChecks implements OnApplicationShutdown {
  private redis?: Redis;
  /** Set on SIGTERM: readiness answers 503 so load balancers stop sending while requests drain. */
  draining = false;

  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS_CONFIG) private readonly redisConfig: RedisConfig,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get redisConfigured(): boolean {
    return Boolean(this.redisConfig.url);
  }

  async redisPing(): Promise<HealthIndicatorResult<'redis'>> {
    const indicator = this.indicators.check('redis');
    this.redis ??= newRedis(this.redisConfig.url!, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    this.redis.on('error', () => {});
    try {
      const started = performance.now();
      await this.redis.ping();
      return indicator.up({ latencyMs: Math.round(performance.now() - started) });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Down when less than DISK_MIN_FREE_MB (default 100) is free where DATA_DIR lives. */
  async disk(): Promise<HealthIndicatorResult<'disk'>> {
    const indicator = this.indicators.check('disk');
    const stats = await statfs(this.config.dataDir);
    const free = stats.bavail * stats.bsize;
    const total = stats.blocks * stats.bsize;
    const minFree = this.config.diskMinFreeMb * 1024 * 1024;
    const details = { path: this.config.dataDir, freeBytes: free, totalBytes: total };
    return free < minFree ? indicator.down({ ...details, message: 'Disk almost full' }) : indicator.up(details);
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}

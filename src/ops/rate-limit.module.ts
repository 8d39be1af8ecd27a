import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerModule, ThrottlerStorageService } from '@nestjs/throttler';
import { APP_CONFIG, REDIS_CONFIG, type AppConfig, type RedisConfig } from '../config/config.module.js';
import { RedisThrottlerStorage, RouteClassThrottlerGuard, ROUTE_CLASSES } from './rate-limit.js';

/** The Redis counters made for each app (its REDIS_CONFIG), closed with it. */
const redisStorages = new WeakMap<RedisConfig, RedisThrottlerStorage>();

/** Rate limits per client and route class; counted in Redis when REDIS_URL is set, else in this process. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, REDIS_CONFIG],
      useFactory: (config: AppConfig, redis: RedisConfig) => {
        let storage: RedisThrottlerStorage | ThrottlerStorageService = new ThrottlerStorageService();
        if (redis.url) {
          storage = new RedisThrottlerStorage(redis);
          redisStorages.set(redis, storage);
        }
        return { throttlers: ROUTE_CLASSES.map((name) => ({ name, ttl: 60_000, limit: config.rateLimits[name] })), setHeaders: false, storage };
      },
    }),
  ],
  providers: [RouteClassThrottlerGuard],
  exports: [RouteClassThrottlerGuard],
})
export class RateLimitModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CONFIG) private readonly redis: RedisConfig) {}

  onApplicationShutdown(): void {
    redisStorages.get(this.redis)?.onApplicationShutdown();
  }
}

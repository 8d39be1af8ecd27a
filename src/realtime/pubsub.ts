import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { Logger, type Provider } from '@nestjs/common';
import { PubSub, type PubSubEngine } from 'graphql-subscriptions';
import type * as RedisSubscriptions from 'graphql-redis-subscriptions';
import { newRedis } from '../common/util/redis.js';
import { REDIS_CONFIG, type RedisConfig } from '../config/config.module.js';

const require = createRequire(import.meta.url);

export const PUB_SUB = Symbol('PUB_SUB');

/** What a realtime channel carries: enough to filter on; subscribers' resolvers load the article itself. */
export interface ArticleSignal {
  articleId: string;
  version: number;
  sectionSlug: string;
  locale: string;
  isBreaking: boolean;
}

export const CHANNELS = { published: 'article.published', updated: 'article.updated' } as const;

/** The PubSub engine plus what closing it takes; channel names carry REDIS_KEY_PREFIX. */
export interface RealtimeBus {
  engine: PubSubEngine;
  channel(name: string): string;
  close(): Promise<void>;
  kind: 'redis' | 'in-process';
}

/**
 * With REDIS_URL, events go through Redis, so a subscriber connected to any instance
 * hears a publish made on any other; without it they stay in this process (one instance).
 */
export const pubSubProvider: Provider = {
  provide: PUB_SUB,
  inject: [REDIS_CONFIG],
  useFactory: (config: RedisConfig): RealtimeBus => {
    const logger = new Logger('Realtime');
    const channel = (name: string) => `${config.keyPrefix}realtime:${name}`;
    if (!config.url) {
      logger.log('Realtime events in-process (set REDIS_URL to share them between instances)');
      // Every subscriber is a listener on one emitter: thousands are expected, not a leak.
      const emitter = new EventEmitter().setMaxListeners(0);
      return { engine: new PubSub({ eventEmitter: emitter }), channel, close: async () => {}, kind: 'in-process' };
    }
    const options = { maxRetriesPerRequest: null, lazyConnect: false };
    const publisher = newRedis(config.url, options);
    const subscriber = newRedis(config.url, options);
    for (const client of [publisher, subscriber]) {
      client.on('error', (error: Error) => logger.warn(`Redis (realtime): ${error.message}`));
    }
    logger.log(`Realtime events through Redis at ${new URL(config.url).host}`);
    // CommonJS, loaded only when Redis carries the events.
    const { RedisPubSub } = require('graphql-redis-subscriptions') as typeof RedisSubscriptions;
    const engine = new RedisPubSub({ publisher, subscriber });
    return {
      engine,
      channel,
      kind: 'redis',
      close: async () => {
        await engine.close();
      },
    };
  },
};

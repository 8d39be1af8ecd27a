import { Global, Module } from '@nestjs/common';
import { readAppConfig, type AppConfig } from './app.config.js';
import { readAuthConfig, type AuthConfig } from './auth.config.js';
import { readCacheConfig, type CacheConfig } from './cache.config.js';
import { COMMENTS_CONFIG, readCommentsConfig } from './comments.config.js';
import { readDatabaseConfig, type DatabaseConfig } from './database.config.js';
import { MAIL_CONFIG, readMailConfig } from './mail.config.js';
import { readMediaConfig, type MediaConfig } from './media.config.js';
import { readRedisConfig, REDIS_CONFIG, type RedisConfig } from './redis.config.js';
import { readSubscriptionsConfig, SUBSCRIPTIONS_CONFIG } from './subscriptions.config.js';
import { readSyndicationConfig, SYNDICATION_CONFIG } from './syndication.config.js';
import { readWebhooksConfig, WEBHOOKS_CONFIG } from './webhooks.config.js';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const AUTH_CONFIG = Symbol('AUTH_CONFIG');
export const DATABASE_CONFIG = Symbol('DATABASE_CONFIG');
export const MEDIA_CONFIG = Symbol('MEDIA_CONFIG');
export const CACHE_CONFIG = Symbol('CACHE_CONFIG');
export type { AppConfig, AuthConfig, CacheConfig, DatabaseConfig, MediaConfig, RedisConfig };
export { REDIS_CONFIG, SYNDICATION_CONFIG, WEBHOOKS_CONFIG };

/** Each namespace is read and validated once, at boot; a bad value stops the start with a message. */
@Global()
@Module({
  providers: [
    { provide: APP_CONFIG, useFactory: () => readAppConfig() },
    { provide: AUTH_CONFIG, useFactory: () => readAuthConfig() },
    { provide: DATABASE_CONFIG, useFactory: () => readDatabaseConfig() },
    { provide: MEDIA_CONFIG, useFactory: () => readMediaConfig() },
    { provide: SYNDICATION_CONFIG, useFactory: () => readSyndicationConfig() },
    { provide: REDIS_CONFIG, useFactory: () => readRedisConfig() },
    { provide: CACHE_CONFIG, useFactory: () => readCacheConfig() },
    { provide: MAIL_CONFIG, useFactory: () => readMailConfig() },
    { provide: SUBSCRIPTIONS_CONFIG, useFactory: () => readSubscriptionsConfig() },
    { provide: WEBHOOKS_CONFIG, useFactory: () => readWebhooksConfig() },
    { provide: COMMENTS_CONFIG, useFactory: () => readCommentsConfig() },
  ],
  exports: [
    APP_CONFIG,
    AUTH_CONFIG,
    DATABASE_CONFIG,
    MEDIA_CONFIG,
    SYNDICATION_CONFIG,
    REDIS_CONFIG,
    CACHE_CONFIG,
    MAIL_CONFIG,
    WEBHOOKS_CONFIG,
    SUBSCRIPTIONS_CONFIG,
    COMMENTS_CONFIG,
  ],
})
export class ConfigModule {}

import { Global, Module } from '@nestjs/common';
import { readAppConfig, type AppConfig } from './app.config.js';
import { readAuthConfig, type AuthConfig } from './auth.config.js';
import { readDatabaseConfig, type DatabaseConfig } from './database.config.js';
import { readMediaConfig, type MediaConfig } from './media.config.js';
import { readSyndicationConfig, SYNDICATION_CONFIG } from './syndication.config.js';
import { readWebhooksConfig, WEBHOOKS_CONFIG } from './webhooks.config.js';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const AUTH_CONFIG = Symbol('AUTH_CONFIG');
export const DATABASE_CONFIG = Symbol('DATABASE_CONFIG');
export const MEDIA_CONFIG = Symbol('MEDIA_CONFIG');
export type { AppConfig, AuthConfig, DatabaseConfig, MediaConfig };
export { SYNDICATION_CONFIG, WEBHOOKS_CONFIG };

/** Each namespace is read and validated once, at boot; a bad value stops the start with a message. */
@Global()
@Module({
  providers: [
    { provide: APP_CONFIG, useFactory: () => readAppConfig() },
    { provide: AUTH_CONFIG, useFactory: () => readAuthConfig() },
    { provide: DATABASE_CONFIG, useFactory: () => readDatabaseConfig() },
    { provide: MEDIA_CONFIG, useFactory: () => readMediaConfig() },
    { provide: SYNDICATION_CONFIG, useFactory: () => readSyndicationConfig() },
    { provide: WEBHOOKS_CONFIG, useFactory: () => readWebhooksConfig() },
  ],
  exports: [APP_CONFIG, AUTH_CONFIG, DATABASE_CONFIG, MEDIA_CONFIG, SYNDICATION_CONFIG, WEBHOOKS_CONFIG],
})
export class ConfigModule {}

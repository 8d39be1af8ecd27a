import { createHash, createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { resolveJwtSecret } from '../auth/jwt-secret.js';
import { APP_CONFIG, AUTH_CONFIG, type AppConfig, type AuthConfig } from '../config/config.module.js';

/** A fresh confirmation token: 256 random bits, URL-safe. */
export const newConfirmToken = (): string => randomBytes(32).toString('base64url');

/** What the database keeps of a token. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Unsubscribe tokens. Every email (also one rendered long after the subscription was
 * made, for a fan-out or a digest) must carry the raw token, yet the database may keep
 * only its hash: so the token is an HMAC of the subscription id under a key derived from
 * the server secret (JWT_SECRET, or the one generated in DATA_DIR). Rotating that secret
 * retires the links in emails already sent; new emails carry new ones.
 */
@Injectable()
export class SubscriptionTokens {
  private readonly key: Buffer;

  constructor(@Inject(AUTH_CONFIG) auth: AuthConfig, @Inject(APP_CONFIG) app: AppConfig) {
    this.key = createHmac('sha256', resolveJwtSecret(auth.jwtSecret, app.dataDir)).update('newsroom:subscription-unsubscribe').digest();
  }

  unsubscribeToken(subscriptionId: string): string {
    return createHmac('sha256', this.key).update(subscriptionId).digest('base64url');
  }
}

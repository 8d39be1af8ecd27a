import { isIP } from 'node:net';
import { EnvReader } from './env.js';

export const WEBHOOKS_CONFIG = Symbol('WEBHOOKS_CONFIG');

/** Outbound webhooks: where they may go, how long a receiver gets, how failures are retried. */
export interface WebhooksConfig {
  /**
   * Hosts (names or IP addresses, lower-case, IPv6 without brackets) that webhooks may target
   * even when they are or resolve to private, loopback or link-local addresses.
   */
  allowedHosts: string[];
  /** How long one attempt may take, connecting and answering. */
  timeoutMs: number;
  /** Attempts per delivery before it is marked failed (a replay starts a new round). */
  maxAttempts: number;
  /** Retry n waits retryBaseMs · 2^(n−1), at most retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** A host as URLs name it, for comparing: lower-case, IPv6 without brackets, no trailing dot. */
export function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

export function readWebhooksConfig(env: NodeJS.ProcessEnv = process.env): WebhooksConfig {
  const r = new EnvReader(env);
  const allowedHosts = r.list('WEBHOOK_ALLOWED_HOSTS').map(normalizeHost);
  for (const host of allowedHosts) {
    if (!isIP(host) && !HOST_NAME.test(host)) {
      r.problems.push(
        `WEBHOOK_ALLOWED_HOSTS: "${host}" is not a host name or IP address (give bare hosts, comma-separated, e.g. hooks.internal,10.0.0.5 — no scheme, port or path).`,
      );
    }
  }
  const config: WebhooksConfig = {
    allowedHosts,
    timeoutMs: r.int('WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    maxAttempts: r.int('WEBHOOK_MAX_ATTEMPTS', 10, 1, 50),
    retryBaseMs: r.int('WEBHOOK_RETRY_BASE_MS', 10_000, 0, 3_600_000),
    retryMaxMs: r.int('WEBHOOK_RETRY_MAX_MS', 3_600_000, 0, 24 * 3_600_000),
  };
  if (config.retryMaxMs < config.retryBaseMs) {
    r.problems.push(`WEBHOOK_RETRY_MAX_MS (${config.retryMaxMs}) must be at least WEBHOOK_RETRY_BASE_MS (${config.retryBaseMs}).`);
  }
  r.done();
  return config;
}

/** The wait before retry number `attempt` (1-based): exponential, capped; no jitter, so the delivery log can say when. */
export function webhookRetryDelay(config: Pick<WebhooksConfig, 'retryBaseMs' | 'retryMaxMs'>, attempt: number): number {
  return Math.min(config.retryBaseMs * 2 ** Math.min(attempt - 1, 40), config.retryMaxMs);
}

import { EnvReader } from './env.js';

export const SUBSCRIPTIONS_CONFIG = Symbol('SUBSCRIPTIONS_CONFIG');

/** Reader subscriptions: the links in their emails, how long a confirmation lasts, rate limits and the daily digest. */
export interface SubscriptionsConfig {
  /** The frontend page a confirmation email links to: `{base}` (PUBLIC_BASE_URL), `{token}`; it POSTs the token to /subscriptions/confirm. */
  confirmUrlTemplate: string;
  /** The frontend page an email's "unsubscribe" link opens: `{base}`, `{token}`; it POSTs the token to /subscriptions/unsubscribe. */
  unsubscribeUrlTemplate: string;
  confirmTtlSeconds: number;
  /** Subscribe requests per address per hour, and per client per minute (confirm and unsubscribe count per client too). */
  rateLimit: { perAddressPerHour: number; perClientPerMinute: number };
  /** How often the digest run looks for due digests (0: never on this instance); it also runs at start. */
  digestIntervalMs: number;
  /** The UTC hour from which a day's digest goes out. */
  digestHourUtc: number;
  /** Subscribers read and queued per transaction when an article is fanned out. */
  fanoutBatchSize: number;
}

const PLACEHOLDER = /\{([a-z]+)\}/g;

function linkTemplate(r: EnvReader, name: string, fallback: string): string {
  const value = r.string(name, fallback);
  const used = [...value.matchAll(PLACEHOLDER)].map((m) => m[1]);
  const unknown = used.filter((p) => p !== 'base' && p !== 'token');
  if (unknown.length)
    r.problems.push(`${name}="${value}" uses unknown placeholder(s) ${unknown.map((p) => `{${p}}`).join(', ')}; allowed: {base} {token}.`);
  if (!used.includes('token')) r.problems.push(`${name}="${value}" must contain {token}.`);
  try {
    const sample = new URL(value.replace(PLACEHOLDER, (_m, p: string) => (p === 'base' ? 'http://localhost' : 'x')));
    if (!['http:', 'https:'].includes(sample.protocol)) throw new Error('not http(s)');
  } catch {
    r.problems.push(`${name}="${value}" must make an absolute http(s) URL, e.g. {base}/subscriptions/confirm?token={token}.`);
  }
  return value;
}

export function readSubscriptionsConfig(env: NodeJS.ProcessEnv = process.env): SubscriptionsConfig {
  const r = new EnvReader(env);
  const config: SubscriptionsConfig = {
    confirmUrlTemplate: linkTemplate(r, 'SUBSCRIPTION_CONFIRM_URL_TEMPLATE', '{base}/subscriptions/confirm?token={token}'),
    unsubscribeUrlTemplate: linkTemplate(r, 'SUBSCRIPTION_UNSUBSCRIBE_URL_TEMPLATE', '{base}/subscriptions/unsubscribe?token={token}'),
    confirmTtlSeconds: r.int('SUBSCRIPTION_CONFIRM_TTL_SECONDS', 48 * 3600, 60, 30 * 24 * 3600),
    rateLimit: {
      perAddressPerHour: r.int('SUBSCRIBE_RATE_LIMIT_PER_ADDRESS', 5, 1, 10_000),
      perClientPerMinute: r.int('SUBSCRIBE_RATE_LIMIT_PER_CLIENT', 20, 1, 100_000),
    },
    digestIntervalMs: r.int('DIGEST_INTERVAL_MS', 600_000, 0, 86_400_000),
    digestHourUtc: r.int('DIGEST_HOUR_UTC', 6, 0, 23),
    fanoutBatchSize: r.int('SUBSCRIPTION_FANOUT_BATCH', 500, 1, 10_000),
  };
  r.done();
  return config;
}

/** Fills `{base}` as is and `{token}` percent-encoded. */
export function fillLinkTemplate(template: string, base: string, token: string): string {
  return template.replace(PLACEHOLDER, (match, name: string) => (name === 'base' ? base : name === 'token' ? encodeURIComponent(token) : match));
}

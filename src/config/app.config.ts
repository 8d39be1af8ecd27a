import { resolve } from 'node:path';
import { EnvReader } from './env.js';

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  publicBaseUrl: string;
  siteName: string;
  defaultLocale: string;
  /** The edition served when a reader's Accept-Language names none the site has. */
  fallbackLocale: string;
  corsOrigins: string[];
  bodyLimitBytes: number;
  demoContent: boolean;
  nodeEnv: string;
  logLevel: string;
  /** How often due schedules are run; 0 turns the scheduler off on this instance. */
  schedulerIntervalMs: number;
  previewTokenTtlSeconds: number;
  /**
   * The outbox worker: how often it looks for due jobs (0: only when this instance records one), how long a claim lasts.
   * `worker: false` records jobs but never runs them (the CLI: the servers deliver what it records).
   */
  outbox: { pollMs: number; leaseMs: number; batchSize: number; concurrency: number; worker: boolean };
  graphql: { introspection: boolean; maxDepth: number; maxAliases: number; maxCost: number };
  /** Requests per minute per client, by route class; 0 turns a class's limit off. */
  rateLimits: { reads: number; writes: number; login: number; subscribe: number };
  /** Trust X-Forwarded-For from this many proxy hops (or these addresses), for client IPs behind a load balancer. */
  trustProxy: boolean | number | string;
  /** How long SIGTERM waits for requests and outbox work in flight before it gives up. */
  shutdownGraceMs: number;
  /** After SIGTERM, keep serving this long (readiness says 503) so load balancers stop sending, then stop accepting. */
  shutdownDelayMs: number;
  /** json (one object per line, for log shippers) or text (for a terminal). */
  logFormat: 'json' | 'text';
  /** Readiness fails when less than this is free on the disk under DATA_DIR (media, SQLite). */
  diskMinFreeMb: number;
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
}

export function readAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const r = new EnvReader(env);
  const port = r.int('PORT', 3000, 0, 65535);
  const config: AppConfig = {
    port,
    host: r.string('HOST', '0.0.0.0'),
    dataDir: resolve(r.string('DATA_DIR', './data')),
    publicBaseUrl: (r.url('PUBLIC_BASE_URL', `http://localhost:${port}`, ['http:', 'https:']) ?? '').replace(/\/+$/, ''),
    siteName: r.string('SITE_NAME', 'Sputnik International'),
    defaultLocale: r.string('DEFAULT_LOCALE', 'en'),
    fallbackLocale: r.string('FALLBACK_LOCALE', r.string('DEFAULT_LOCALE', 'en')),
    corsOrigins: r.list('CORS_ORIGINS'),
    bodyLimitBytes: r.int('BODY_LIMIT_BYTES', 1_048_576, 1024, 100 * 1_048_576),
    demoContent: r.bool('DEMO_CONTENT', true),
    nodeEnv: r.string('NODE_ENV', 'development'),
    logLevel: r.string('LOG_LEVEL', 'log'),
    schedulerIntervalMs: r.int('SCHEDULER_INTERVAL_MS', 1000, 0, 3_600_000),
    previewTokenTtlSeconds: r.int('PREVIEW_TOKEN_TTL_SECONDS', 900, 30, 7 * 24 * 3600),
    outbox: {
      pollMs: r.int('OUTBOX_POLL_MS', 1000, 0, 3_600_000),
      leaseMs: r.int('OUTBOX_LEASE_MS', 60_000, 1000, 3_600_000),
      batchSize: r.int('OUTBOX_BATCH_SIZE', 100, 1, 10_000),
      concurrency: r.int('OUTBOX_CONCURRENCY', 16, 1, 1000),
      worker: r.bool('OUTBOX_WORKER', true),
    },
    graphql: {
      introspection: r.bool('GRAPHQL_INTROSPECTION', true),
      maxDepth: r.int('GRAPHQL_MAX_DEPTH', 12, 2, 100),
      maxAliases: r.int('GRAPHQL_MAX_ALIASES', 30, 0, 1000),
      maxCost: r.int('GRAPHQL_MAX_COST', 5000, 10, 1_000_000),
    },
    rateLimits: {
      reads: r.int('RATE_LIMIT_READS_PER_MINUTE', 1200, 0, 1_000_000),
      writes: r.int('RATE_LIMIT_WRITES_PER_MINUTE', 120, 0, 1_000_000),
      login: r.int('RATE_LIMIT_LOGIN_PER_MINUTE', 30, 0, 1_000_000),
      subscribe: r.int('RATE_LIMIT_SUBSCRIBE_PER_MINUTE', 20, 0, 1_000_000),
    },
    trustProxy: parseTrustProxy(r.string('TRUST_PROXY', 'false')),
    shutdownGraceMs: r.int('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    shutdownDelayMs: r.int('SHUTDOWN_DELAY_MS', 1000, 0, 600_000),
    logFormat: r.string('LOG_FORMAT', 'json') as AppConfig['logFormat'],
    metricsToken: r.optional('METRICS_TOKEN'),
    diskMinFreeMb: r.int('DISK_MIN_FREE_MB', 100, 0, 100_000_000),
  };
  if (!['json', 'text'].includes(config.logFormat)) r.problems.push(`LOG_FORMAT="${config.logFormat}" must be json or text.`);
  if (config.metricsToken !== undefined && config.metricsToken.length < 16) r.problems.push('METRICS_TOKEN must be at least 16 characters.');
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(config.defaultLocale)) {
    r.problems.push(`DEFAULT_LOCALE="${config.defaultLocale}" must be a BCP 47 tag such as en or pt-BR.`);
  }
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(config.fallbackLocale)) {
    r.problems.push(`FALLBACK_LOCALE="${config.fallbackLocale}" must be a BCP 47 tag such as en or pt-BR (default: DEFAULT_LOCALE).`);
  }
  if (!['error', 'warn', 'log', 'debug', 'verbose'].includes(config.logLevel)) {
    r.problems.push(`LOG_LEVEL="${config.logLevel}" must be one of error, warn, log, debug, verbose.`);
  }
  r.done();
  return config;
}

/** TRUST_PROXY: true/false, a hop count, or comma-separated addresses/CIDRs (Fastify's trustProxy). */
function parseTrustProxy(raw: string): boolean | number | string {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}

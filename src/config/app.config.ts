import { resolve } from 'node:path';
import { EnvReader } from './env.js';

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  publicBaseUrl: string;
  siteName: string;
  defaultLocale: string;
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
  };
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(config.defaultLocale)) {
    r.problems.push(`DEFAULT_LOCALE="${config.defaultLocale}" must be a BCP 47 tag such as en or pt-BR.`);
  }
  if (!['error', 'warn', 'log', 'debug', 'verbose'].includes(config.logLevel)) {
    r.problems.push(`LOG_LEVEL="${config.logLevel}" must be one of error, warn, log, debug, verbose.`);
  }
  r.done();
  return config;
}

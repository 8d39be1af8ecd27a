import { EnvReader } from './env.js';

export interface CacheConfig {
  /** The response cache for anonymous reads (CACHE_ENABLED); HTTP caching headers are sent either way. */
  enabled: boolean;
  /** How long an entry lives at most; writes purge what they change long before. */
  ttlSeconds: number;
  /** The in-process store's size bound (bodies and headers), least recently used out first. */
  maxBytes: number;
  /** Shared store (and APQ store) on every instance when set; in-process otherwise. */
  redisUrl: string | undefined;
  /** Prefix of every Redis key, so several deployments (or test runs) can share one Redis. */
  keyPrefix: string;
}

export function readCacheConfig(env: NodeJS.ProcessEnv = process.env): CacheConfig {
  const r = new EnvReader(env);
  const config: CacheConfig = {
    enabled: r.bool('CACHE_ENABLED', true),
    ttlSeconds: r.int('CACHE_TTL_SECONDS', 300, 1, 86_400),
    maxBytes: r.int('CACHE_MAX_BYTES', 32 * 1024 * 1024, 64 * 1024, 4 * 1024 * 1024 * 1024),
    redisUrl: r.url('REDIS_URL', undefined, ['redis:', 'rediss:']),
    keyPrefix: r.string('CACHE_KEY_PREFIX', 'newsroom:cache:'),
  };
  if (!/^[\w:.-]{1,100}$/.test(config.keyPrefix)) {
    r.problems.push(`CACHE_KEY_PREFIX="${config.keyPrefix}" may use letters, digits and _ : . - (at most 100).`);
  }
  r.done();
  return config;
}

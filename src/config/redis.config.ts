import { EnvReader } from './env.js';

/** Redis, shared by every instance: PubSub for realtime events (and the response cache). Optional. */
export interface RedisConfig {
  /** Unset: one instance; realtime events stay in-process. */
  url?: string;
  /** Prefixed to every key and channel, so several installations (or test runs) can share a server. */
  keyPrefix: string;
}

export const REDIS_CONFIG = Symbol('REDIS_CONFIG');

export function readRedisConfig(env: NodeJS.ProcessEnv = process.env): RedisConfig {
  const r = new EnvReader(env);
  const url = r.url('REDIS_URL', undefined, ['redis:', 'rediss:']);
  const keyPrefix = r.string('REDIS_KEY_PREFIX', 'newsroom:');
  if (!/^[A-Za-z0-9:_.-]{0,100}$/.test(keyPrefix)) r.problems.push(`REDIS_KEY_PREFIX="${keyPrefix}" may use letters, digits and : _ . - only.`);
  r.done();
  return { url, keyPrefix };
}

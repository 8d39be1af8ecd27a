import { createRequire } from 'node:module';
import type * as IORedis from 'ioredis';

const require = createRequire(import.meta.url);

/**
 * A new ioredis client. ioredis and its dependencies (a few hundred ms of start-up and
 * ~20 MB) are loaded with the first client made (synchronously: it is CommonJS), so a
 * server without REDIS_URL never loads them.
 */
export function newRedis(url: string, options: IORedis.RedisOptions): IORedis.Redis {
  const { Redis } = require('ioredis') as typeof IORedis;
  return new Redis(url, options);
}

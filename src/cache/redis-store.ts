import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { newRedis } from '../common/util/redis.js';
import { STORE_WINDOW_MS, TAG_MEMORY_MS, type CachedAnswer, type CacheLookup, type CacheSnapshot, type CacheStore } from './cache-store.js';

// KEYS: entry, then n tag generations, then n tag sets. ARGV: value, ttl ms, snapshot generation, n.
// Checked and written in one script, so a purge can never fall between the check and the write.
const STORE_SCRIPT = `
local n = tonumber(ARGV[4])
local since = tonumber(ARGV[3])
for i = 1, n do
  local g = redis.call('GET', KEYS[1 + i])
  if g and tonumber(g) > since then return 0 end
end
local ttl = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
for i = 1, n do
  local set = KEYS[1 + n + i]
  redis.call('SADD', set, KEYS[1])
  if redis.call('PTTL', set) < ttl then redis.call('PEXPIRE', set, ttl) end
end
return 1`;

// KEYS: generation counter, then n tag generations, then n tag sets. ARGV: tag memory ms, n.
const PURGE_SCRIPT = `
local gen = redis.call('INCR', KEYS[1])
local n = tonumber(ARGV[2])
for i = 1, n do
  redis.call('SET', KEYS[1 + i], gen, 'PX', tonumber(ARGV[1]))
  local set = KEYS[1 + n + i]
  local members = redis.call('SMEMBERS', set)
  for j = 1, #members, 500 do
    redis.call('DEL', unpack(members, j, math.min(j + 499, #members)))
  end
  redis.call('DEL', set)
end
return gen`;

interface ScriptedRedis extends Redis {
  cacheStore(numKeys: number, ...args: (string | Buffer | number)[]): Promise<number>;
  cachePurge(numKeys: number, ...args: (string | number)[]): Promise<number>;
}

/**
 * The shared store: every instance reads and purges the same entries, so a purge on
 * one instance holds on all. Entries are keys with a TTL (one value: header length,
 * headers as JSON, body); each tag is a set of entry keys, expiring with its
 * longest-lived entry. Single Redis (or a primary), not Redis Cluster: the scripts
 * touch keys of several hash slots.
 */
export class RedisStore implements CacheStore {
  readonly kind = 'redis' as const;
  private readonly redis: ScriptedRedis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.redis = newRedis(url, { maxRetriesPerRequest: 2, lazyConnect: false }) as ScriptedRedis;
    this.redis.defineCommand('cacheStore', { lua: STORE_SCRIPT });
    this.redis.defineCommand('cachePurge', { lua: PURGE_SCRIPT });
  }

  private entryKey(key: string): string {
    return `${this.prefix}e:${createHash('sha1').update(key).digest('base64url')}`;
  }

  async lookup(key: string): Promise<CacheLookup> {
    const results = await this.redis.pipeline().getBuffer(this.entryKey(key)).get(`${this.prefix}gen`).exec();
    if (!results) throw new Error('Redis pipeline returned nothing');
    const [[entryError, raw], [genError, gen]] = results as [[Error | null, Buffer | null], [Error | null, string | null]];
    if (entryError) throw entryError;
    if (genError) throw genError;
    return { answer: raw ? decode(raw) : null, generation: Number(gen ?? 0) };
  }

  async store(key: string, answer: CachedAnswer, tags: string[], ttlMs: number, since: CacheSnapshot): Promise<boolean> {
    if (Date.now() - since.startedAt > STORE_WINDOW_MS) return false;
    const keys = [this.entryKey(key), ...tags.map((t) => `${this.prefix}g:${t}`), ...tags.map((t) => `${this.prefix}t:${t}`)];
    const stored = await this.redis.cacheStore(keys.length, ...keys, encode(answer), ttlMs, since.generation, tags.length);
    return stored === 1;
  }

  async purge(tags: string[]): Promise<void> {
    if (tags.length === 0) return;
    const keys = [`${this.prefix}gen`, ...tags.map((t) => `${this.prefix}g:${t}`), ...tags.map((t) => `${this.prefix}t:${t}`)];
    await this.redis.cachePurge(keys.length, ...keys, TAG_MEMORY_MS, tags.length);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** The connection, for the GraphQL persisted-query store. */
  get client(): Redis {
    return this.redis;
  }
}

function encode(answer: CachedAnswer): Buffer {
  const head = Buffer.from(JSON.stringify({ s: answer.status, h: answer.headers, x: answer.expiresAt }));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(head.length);
  return Buffer.concat([length, head, answer.body]);
}

function decode(raw: Buffer): CachedAnswer {
  const length = raw.readUInt32BE(0);
  const head = JSON.parse(raw.subarray(4, 4 + length).toString('utf8')) as { s: number; h: Record<string, string>; x: number };
  return { status: head.s, headers: head.h, expiresAt: head.x, body: raw.subarray(4 + length) };
}

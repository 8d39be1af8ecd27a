import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { newRedis } from '../common/util/redis.js';
import { ByteBoundedLru, ENTRY_OVERHEAD } from './byte-bounded-lru.js';
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
 * one instance holds on all. Entries are keys with a TTL (one value: a stamp, header
 * length, headers as JSON, body); each tag is a set of entry keys, expiring with its
 * longest-lived entry. Single Redis (or a primary), not Redis Cluster: the scripts
 * touch keys of several hash slots.
 *
 * Near copies: each instance keeps the entries it stored or read (bounded by bytes,
 * least recently used out first), and on a lookup asks Redis for the entry's stamp
 * only (GETRANGE, 16 bytes) instead of the whole answer. The copy is served only when
 * Redis still holds an entry with the same stamp, which is then the same answer byte
 * for byte: a purge deletes the entry and a store writes a new stamp, so a near copy
 * is never staler than Redis itself. Each hit still costs one round trip, but no
 * longer moves the answer (~100 KB for a list) over the network and into a new buffer.
 */
export class RedisStore implements CacheStore {
  readonly kind = 'redis' as const;
  private readonly redis: ScriptedRedis;
  /** This instance's copies of entries it stored or read, with their stamps. */
  private readonly near: ByteBoundedLru<NearCopy>;

  constructor(
    url: string,
    private readonly prefix: string,
    nearBytes: number,
  ) {
    this.redis = newRedis(url, { maxRetriesPerRequest: 2, lazyConnect: false }) as ScriptedRedis;
    this.redis.defineCommand('cacheStore', { lua: STORE_SCRIPT });
    this.redis.defineCommand('cachePurge', { lua: PURGE_SCRIPT });
    this.near = new ByteBoundedLru<NearCopy>(nearBytes);
  }

  private entryKey(key: string): string {
    // `s:` entries start with their stamp (the `e:` entries of earlier versions had none: they are left to expire).
    return `${this.prefix}s:${createHash('sha1').update(key).digest('base64url')}`;
  }

  async lookup(key: string): Promise<CacheLookup> {
    const entryKey = this.entryKey(key);
    const copy = this.near.get(key);
    if (copy) {
      const [stamp, generation] = await this.pipelined<[Buffer | null, string | null]>((p) =>
        p.getrangeBuffer(entryKey, 0, STAMP_BYTES - 1).get(`${this.prefix}gen`),
      );
      if (stamp && stamp.length === STAMP_BYTES && stamp.toString('latin1') === copy.stamp) {
        return { answer: copy.answer, generation: Number(generation ?? 0), near: true };
      }
      this.near.delete(key);
      // Gone (purged, expired: a miss) or replaced by another instance's answer (read it below).
      if (!stamp || stamp.length === 0) return { answer: null, generation: Number(generation ?? 0) };
    }
    const [raw, generation] = await this.pipelined<[Buffer | null, string | null]>((p) => p.getBuffer(entryKey).get(`${this.prefix}gen`));
    if (!raw) return { answer: null, generation: Number(generation ?? 0) };
    const { stamp, answer } = decode(raw);
    this.keepNear(key, stamp, answer, raw.length);
    return { answer, generation: Number(generation ?? 0) };
  }

  async store(key: string, answer: CachedAnswer, tags: string[], ttlMs: number, since: CacheSnapshot): Promise<boolean> {
    if (Date.now() - since.startedAt > STORE_WINDOW_MS) return false;
    const keys = [this.entryKey(key), ...tags.map((t) => `${this.prefix}g:${t}`), ...tags.map((t) => `${this.prefix}t:${t}`)];
    const stamp = randomBytes(STAMP_BYTES * 0.75).toString('base64url');
    const value = encode(stamp, answer);
    const stored = (await this.redis.cacheStore(keys.length, ...keys, value, ttlMs, since.generation, tags.length)) === 1;
    if (stored) this.keepNear(key, stamp, answer, value.length);
    return stored;
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

  private keepNear(key: string, stamp: string, answer: CachedAnswer, size: number): void {
    // A copy too big to keep must not leave an older one in its place.
    this.near.delete(key);
    this.near.set(key, { stamp, answer, bytes: ENTRY_OVERHEAD + key.length * 2 + size });
  }

  /** The results of a pipeline of commands, or its first error. */
  private async pipelined<T extends unknown[]>(build: (p: ReturnType<Redis['pipeline']>) => ReturnType<Redis['pipeline']>): Promise<T> {
    const results = await build(this.redis.pipeline()).exec();
    if (!results) throw new Error('Redis pipeline returned nothing');
    for (const [error] of results) if (error) throw error;
    return results.map(([, value]) => value) as T;
  }
}

/** A stamp's length: 12 random bytes as base64url. */
const STAMP_BYTES = 16;

interface NearCopy {
  stamp: string;
  answer: CachedAnswer;
  bytes: number;
}

function encode(stamp: string, answer: CachedAnswer): Buffer {
  const head = Buffer.from(JSON.stringify({ s: answer.status, h: answer.headers, x: answer.expiresAt }));
  const fixed = Buffer.alloc(STAMP_BYTES + 4);
  fixed.write(stamp, 0, STAMP_BYTES, 'latin1');
  fixed.writeUInt32BE(head.length, STAMP_BYTES);
  return Buffer.concat([fixed, head, answer.body]);
}

function decode(raw: Buffer): { stamp: string; answer: CachedAnswer } {
  const stamp = raw.toString('latin1', 0, STAMP_BYTES);
  const length = raw.readUInt32BE(STAMP_BYTES);
  const start = STAMP_BYTES + 4;
  const head = JSON.parse(raw.toString('utf8', start, start + length)) as { s: number; h: Record<string, string>; x: number };
  return { stamp, answer: { status: head.s, headers: head.h, expiresAt: head.x, body: raw.subarray(start + length) } };
}

/** An answer as the cache keeps it: enough to send it again byte for byte. */
export interface CachedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** When it goes stale by the application's clock (answers that depend on time, such as "the last 48 hours", expire with it). */
  expiresAt: number;
}

/** Where a request stood when it looked in the cache: the purge generation then, and when. */
export interface CacheSnapshot {
  generation: number;
  startedAt: number;
}

export interface CacheLookup {
  answer: CachedAnswer | null;
  /** The purge generation at the time of the lookup (see CacheStore.store). */
  generation: number;
  /** The answer is this instance's copy of the shared entry, checked against it (RedisStore). */
  near?: boolean;
}

/**
 * A response store with purge by tag. Every purge moves a generation counter and
 * records it on each purged tag; `store` refuses an answer any of whose tags was
 * purged after the request looked (its generation), so a read that started before
 * a write committed can never put the old answer back after the write's purge.
 * Tag generations are remembered for TAG_MEMORY_MS; a request older than
 * STORE_WINDOW_MS stores nothing, so a forgotten purge can never be missed.
 */
export interface CacheStore {
  readonly kind: 'memory' | 'redis';
  lookup(key: string): Promise<CacheLookup>;
  /** False when the answer was refused (a tag purged since the snapshot) or could not be kept. */
  store(key: string, answer: CachedAnswer, tags: string[], ttlMs: number, since: CacheSnapshot): Promise<boolean>;
  purge(tags: string[]): Promise<void>;
  close(): Promise<void>;
}

export const STORE_WINDOW_MS = 60_000;
export const TAG_MEMORY_MS = 2 * STORE_WINDOW_MS;

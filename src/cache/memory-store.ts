import { ByteBoundedLru, ENTRY_OVERHEAD } from './byte-bounded-lru.js';
import { STORE_WINDOW_MS, TAG_MEMORY_MS, type CachedAnswer, type CacheLookup, type CacheSnapshot, type CacheStore } from './cache-store.js';

interface Entry {
  answer: CachedAnswer;
  tags: string[];
  bytes: number;
  expiresAt: number;
}

/**
 * The in-process store: a least-recently-used map bounded by bytes, with a tag index
 * for purges. One instance only: another process never hears of its purges (use Redis).
 */
export class MemoryStore implements CacheStore {
  readonly kind = 'memory' as const;
  private readonly entries: ByteBoundedLru<Entry>;
  private readonly byTag = new Map<string, Set<string>>();
  /** Tag → generation of its last purge; insertion order is time order (re-purged tags move to the end). */
  private readonly purged = new Map<string, { generation: number; at: number }>();
  private generation = 0;

  constructor(maxBytes: number) {
    this.entries = new ByteBoundedLru<Entry>(maxBytes, (key, entry) => this.unindex(key, entry));
  }

  get size(): { entries: number; bytes: number } {
    return this.entries.size;
  }

  lookup(key: string): Promise<CacheLookup> {
    const entry = this.entries.get(key);
    if (!entry) return Promise.resolve({ answer: null, generation: this.generation });
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return Promise.resolve({ answer: null, generation: this.generation });
    }
    return Promise.resolve({ answer: entry.answer, generation: this.generation });
  }

  store(key: string, answer: CachedAnswer, tags: string[], ttlMs: number, since: CacheSnapshot): Promise<boolean> {
    const now = Date.now();
    if (now - since.startedAt > STORE_WINDOW_MS) return Promise.resolve(false);
    for (const tag of tags) {
      const last = this.purged.get(tag);
      if (last && last.generation > since.generation) return Promise.resolve(false);
    }
    let bytes = ENTRY_OVERHEAD + key.length * 2 + answer.body.length;
    for (const [name, value] of Object.entries(answer.headers)) bytes += (name.length + value.length) * 2;
    for (const tag of tags) bytes += tag.length * 2 + 64;
    if (!this.entries.set(key, { answer, tags, bytes, expiresAt: now + ttlMs })) return Promise.resolve(false);
    for (const tag of tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    return Promise.resolve(true);
  }

  purge(tags: string[]): Promise<void> {
    const now = Date.now();
    this.generation += 1;
    for (const tag of tags) {
      this.purged.delete(tag);
      this.purged.set(tag, { generation: this.generation, at: now });
      const keys = this.byTag.get(tag);
      if (!keys) continue;
      for (const key of [...keys]) this.entries.delete(key);
      this.byTag.delete(tag);
    }
    for (const [tag, { at }] of this.purged) {
      if (now - at < TAG_MEMORY_MS) break;
      this.purged.delete(tag);
    }
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.entries.clear();
    this.byTag.clear();
    return Promise.resolve();
  }

  /** Takes a key that left the store out of its tags' sets. */
  private unindex(key: string, entry: Entry): void {
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.byTag.delete(tag);
    }
  }
}

/** Rough overhead of a kept answer beyond its bytes (Map slots, objects, header strings). */
export const ENTRY_OVERHEAD = 256;

/**
 * A map bounded by bytes, least recently used out first: the bookkeeping of the in-process
 * store and of the near copies in front of Redis. Each value says what it weighs; a value
 * over a quarter of the bound is not kept (it would push out most of the others). `removed`
 * hears of every value that leaves, whether pushed out, replaced or deleted (not on `clear`).
 */
export class ByteBoundedLru<V extends { bytes: number }> {
  /** Insertion order is recency: `get` moves its value to the end. */
  private readonly values = new Map<string, V>();
  private total = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly removed: (key: string, value: V) => void = () => undefined,
  ) {}

  get size(): { entries: number; bytes: number } {
    return { entries: this.values.size, bytes: this.total };
  }

  /** The value, now the most recently used. */
  get(key: string): V | undefined {
    const value = this.values.get(key);
    if (value) {
      this.values.delete(key);
      this.values.set(key, value);
    }
    return value;
  }

  /** Keeps `value` (replacing the one at `key`), then removes the least recently used until the bound holds; false when it weighs too much to keep, and nothing changed. */
  set(key: string, value: V): boolean {
    if (value.bytes > this.maxBytes / 4) return false;
    this.delete(key);
    this.values.set(key, value);
    this.total += value.bytes;
    for (const [oldKey] of this.values) {
      if (this.total <= this.maxBytes) break;
      this.delete(oldKey);
    }
    return true;
  }

  delete(key: string): void {
    const value = this.values.get(key);
    if (!value) return;
    this.values.delete(key);
    this.total -= value.bytes;
    this.removed(key, value);
  }

  clear(): void {
    this.values.clear();
    this.total = 0;
  }
}

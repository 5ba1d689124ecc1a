/**
 * A per-isolate LRU whose entries expire a fixed time after they were stored: for copies of
 * things another place owns (a Durable Object's record, a remote document) that may change there,
 * so that a change is seen at most `ttlMs` late. Bounded by a total of sizes the caller gives.
 */
export interface ExpiringCacheOptions {
  ttlMs: number;
  /** The most the entries' sizes may add up to; an entry larger on its own is not kept. */
  maxSize: number;
  /** The clock, in milliseconds; tests pass their own. */
  now?: () => number;
}

export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; size: number; expires: number }>();
  private total = 0;
  private readonly now: () => number;

  constructor(private readonly options: ExpiringCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The value stored under `key` less than ttlMs ago, else undefined. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expires <= this.now()) {
      this.total -= entry.size;
      return undefined;
    }
    // Re-inserted: the Map's order is the order of use, oldest first.
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, size = 1): void {
    this.delete(key);
    if (size > this.options.maxSize) return;
    this.entries.set(key, { value, size, expires: this.now() + this.options.ttlMs });
    this.total += size;
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.options.maxSize) break;
      this.entries.delete(oldest);
      this.total -= entry.size;
    }
  }

  /** A new value for a live entry that keeps its expiry: a detail learnt about the same copy. */
  replace(key: string, value: V): void {
    const entry = this.entries.get(key);
    if (entry && entry.expires > this.now()) entry.value = value;
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.total -= entry.size;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  get size(): number {
    return this.total;
  }
}

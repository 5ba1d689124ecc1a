/**
 * A per-isolate LRU whose entries expire a fixed time after they were stored: for copies of
 * things another place owns (a Durable Object's record, a remote document) that may change there,
 * so that a change is seen at most `ttlMs` late. Bounded by a total of sizes the caller gives.
 */
import { SizedLru } from "./sized-lru";

export interface ExpiringCacheOptions {
  ttlMs: number;
  /** The most the entries' sizes may add up to; an entry larger on its own is not kept. */
  maxSize: number;
  /** The clock, in milliseconds; tests pass their own. */
  now?: () => number;
}

export class ExpiringCache<V> {
  private readonly lru: SizedLru<{ value: V; expires: number }>;
  private readonly now: () => number;

  constructor(private readonly options: ExpiringCacheOptions) {
    this.lru = new SizedLru(options.maxSize);
    this.now = options.now ?? Date.now;
  }

  /** The value stored under `key` less than ttlMs ago, else undefined. */
  get(key: string): V | undefined {
    const entry = this.lru.get(key);
    if (!entry) return undefined;
    if (entry.expires > this.now()) return entry.value;
    this.lru.delete(key);
    return undefined;
  }

  /** `ttlMs`: this entry's own time to live, when it has less left than a new one (a copy of a copy). */
  set(key: string, value: V, size = 1, ttlMs = this.options.ttlMs): void {
    this.lru.set(key, { value, expires: this.now() + Math.min(ttlMs, this.options.ttlMs) }, size);
  }

  /** A new value for a live entry that keeps its expiry: a detail learnt about the same copy. */
  replace(key: string, value: V): void {
    const entry = this.lru.peek(key);
    if (entry && entry.expires > this.now()) entry.value = value;
  }

  delete(key: string): void {
    this.lru.delete(key);
  }

  get size(): number {
    return this.lru.size;
  }
}

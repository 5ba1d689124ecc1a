import { describe, expect, it } from "vitest";
import { ExpiringCache } from "../../src/expiring-cache";

describe("expiring cache", () => {
  it("answers an entry until ttlMs after it was stored, then forgets it", () => {
    let now = 1000;
    const cache = new ExpiringCache<string>({ ttlMs: 10, maxSize: 10, now: () => now });
    cache.set("a", "first");
    now = 1009;
    expect(cache.get("a")).toBe("first");
    now = 1010;
    expect(cache.get("a")).toBeUndefined();
    expect(cache.size).toBe(0);
    // Storing again starts a new period.
    cache.set("a", "second");
    now = 1015;
    expect(cache.get("a")).toBe("second");
  });

  it("keeps an entry given less time to live than ttlMs for that time, and never for longer than ttlMs", () => {
    let now = 0;
    const cache = new ExpiringCache<string>({ ttlMs: 10, maxSize: 10, now: () => now });
    cache.set("short", "copy", 1, 4);
    cache.set("long", "asked for more", 1, 50);
    now = 3;
    expect([cache.get("short"), cache.get("long")]).toEqual(["copy", "asked for more"]);
    now = 4;
    expect(cache.get("short")).toBeUndefined();
    now = 10;
    expect(cache.get("long")).toBeUndefined();
  });

  it("replaces a live entry's value without extending its life, and ignores expired or missing ones", () => {
    let now = 0;
    const cache = new ExpiringCache<number>({ ttlMs: 10, maxSize: 10, now: () => now });
    cache.set("a", 1);
    now = 5;
    cache.replace("a", 2);
    expect(cache.get("a")).toBe(2);
    now = 10;
    expect(cache.get("a")).toBeUndefined();
    cache.replace("a", 3);
    cache.replace("b", 3);
    expect([cache.get("a"), cache.get("b")]).toEqual([undefined, undefined]);
  });

  it("drops the least recently used entries beyond maxSize, and never keeps one larger than it", () => {
    const cache = new ExpiringCache<string>({ ttlMs: 1000, maxSize: 10, now: () => 0 });
    cache.set("a", "a", 4);
    cache.set("b", "b", 4);
    expect(cache.get("a")).toBe("a");
    cache.set("c", "c", 4);
    // b was used least recently.
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual(["a", undefined, "c"]);
    expect(cache.size).toBe(8);
    cache.set("huge", "huge", 11);
    expect(cache.get("huge")).toBeUndefined();
    cache.delete("a");
    expect([cache.get("a"), cache.size]).toEqual([undefined, 4]);
  });
});

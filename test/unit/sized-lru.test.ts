import { describe, expect, it } from "vitest";
import { SizedLru } from "../../src/sized-lru";

describe("SizedLru", () => {
  it("drops the least recently used entries once the sizes pass the bound", () => {
    const lru = new SizedLru<string>(10);
    lru.set("a", "A", 4);
    lru.set("b", "B", 4);
    expect(lru.get("a")).toBe("A");
    lru.set("c", "C", 4);
    expect([lru.peek("a"), lru.peek("b"), lru.peek("c")]).toEqual(["A", undefined, "C"]);
    expect([lru.count, lru.size]).toEqual([2, 8]);
  });

  it("peek doesn't count as a use; an entry larger than the bound is not kept, and replacing one drops the old size", () => {
    const lru = new SizedLru<number>(10);
    lru.set("a", 1, 5);
    lru.set("b", 2, 5);
    expect(lru.peek("a")).toBe(1);
    lru.set("c", 3, 5);
    expect(lru.peek("a")).toBeUndefined();
    lru.set("huge", 4, 11);
    expect(lru.peek("huge")).toBeUndefined();
    lru.set("b", 5, 1);
    expect([lru.get("b"), lru.size]).toEqual([5, 6]);
    lru.delete("c");
    lru.clear();
    expect([lru.count, lru.size]).toEqual([0, 0]);
  });
});

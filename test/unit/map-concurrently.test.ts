import { describe, expect, it } from "vitest";
import { mapConcurrently } from "../../src/map-concurrently";

/** A call that resolves when the test says so, counting how many are in flight. */
function gate() {
  const state = { inFlight: 0, most: 0, started: [] as number[] };
  const releases: (() => void)[] = [];
  const fn = async (item: number) => {
    state.started.push(item);
    state.inFlight++;
    state.most = Math.max(state.most, state.inFlight);
    await new Promise<void>((resolve) => releases.push(resolve));
    state.inFlight--;
    return item * 10;
  };
  const releaseAll = async () => {
    while (state.started.length < 20 || releases.length) {
      releases.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { state, fn, releaseAll };
}

describe("mapConcurrently", () => {
  it("keeps at most `limit` calls in flight and answers in the items' order", async () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const { state, fn, releaseAll } = gate();
    const answers = mapConcurrently(items, 6, fn);
    await releaseAll();
    expect(await answers).toEqual(items.map((i) => i * 10));
    expect(state.most).toBe(6);
  });

  it("starts nothing more after a failure, and rejects with the first one", async () => {
    const started: number[] = [];
    const run = mapConcurrently([0, 1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      await new Promise((r) => setTimeout(r, item === 1 ? 1 : 5));
      if (item === 1) throw new Error(`item ${item} failed`);
      return item;
    });
    await expect(run).rejects.toThrow("item 1 failed");
    await new Promise((r) => setTimeout(r, 20));
    // Item 1 fails while item 0 still runs; once item 0 is done its worker starts nothing more.
    expect(started).toEqual([0, 1]);
  });
});

import { describe, expect, it } from "vitest";
import { MemorySpillStore, type SpillStore } from "../../../src/raster/spill-store";
import { SpillingTiles } from "../../../src/raster/spilling-tiles";

/** Tile n: n + 1 bytes, each holding n. */
const tile = (n: number) => new Uint8Array(n + 1).fill(n);

async function collected(pieces: AsyncIterable<Uint8Array>): Promise<number[]> {
  const out: number[] = [];
  for await (const piece of pieces) out.push(...piece);
  return out;
}

/** A store that records the reads made of what it holds. */
function recording(): { store: SpillStore; reads: [number, number][]; inner: MemorySpillStore } {
  const inner = new MemorySpillStore();
  const reads: [number, number][] = [];
  const store: SpillStore = {
    async create() {
      const writer = await inner.create();
      return {
        append: (bytes) => writer.append(bytes),
        discard: () => writer.discard(),
        finish: async () => {
          const object = await writer.finish();
          return { read: (offset, length) => (reads.push([offset, length]), object.read(offset, length)), delete: () => object.delete() };
        },
      };
    },
  };
  return { store, reads, inner };
}

describe("compressed tiles kept within a budget, the rest spilled", () => {
  it("answers the tiles in the order asked, kept ones from memory and spilled runs in one read each", async () => {
    const { store, reads, inner } = recording();
    // Tiles 0-2 (1 + 2 + 3 bytes) fit 6 bytes; 3-7 are spilled, in that order, at offsets 0, 4, 9, 15, 22.
    const tiles = new SpillingTiles(6, store);
    for (let n = 0; n < 8; n++) tiles.add(tile(n));
    await tiles.spill();
    expect(tiles.keptBytes).toBe(6);
    expect(tiles.spilledBytes).toBe(4 + 5 + 6 + 7 + 8);
    const order = [6, 7, 0, 3, 4, 1, 5, 2];
    const expected = order.flatMap((n) => Array.from(tile(n)));
    expect(await collected(await tiles.inOrder(order))).toEqual(expected);
    // Runs of consecutive spilled tiles: 6-7, 3-4, 5.
    expect(reads).toEqual([[15, 15], [0, 9], [9, 6]]);
    expect(inner.live).toBe(0);
  });

  it("spills nothing while everything fits, and deletes the spill when stopped early or discarded", async () => {
    const store = new MemorySpillStore();
    const fits = new SpillingTiles(100, store);
    [0, 1, 2].forEach((n) => fits.add(tile(n)));
    expect(await collected(await fits.inOrder([2, 1, 0]))).toEqual([2, 2, 2, 1, 1, 0]);
    expect(fits.spilledBytes).toBe(0);

    const stopped = new SpillingTiles(1, store);
    [0, 1, 2].forEach((n) => stopped.add(tile(n)));
    const pieces = await stopped.inOrder([0, 1, 2]);
    await pieces.next();
    expect(store.live).toBe(1);
    await pieces.return!();
    expect(store.live).toBe(0);

    const failed = new SpillingTiles(1, store);
    [0, 1].forEach((n) => failed.add(tile(n)));
    await failed.spill();
    expect(store.live).toBe(1);
    await failed.discard();
    expect(store.live).toBe(0);
  });

  it("refuses an order that isn't one of every tile", async () => {
    const tiles = new SpillingTiles(10, new MemorySpillStore());
    tiles.add(tile(0));
    await expect(tiles.inOrder([0, 0])).rejects.toThrow(/order of 2 tiles for 1/);
  });
});

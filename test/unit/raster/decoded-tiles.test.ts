import { describe, expect, it } from "vitest";
import { writeCog } from "../../../src/raster/cog-writer";
import { CountingByteSource, ReadStats } from "../../../src/raster/counting-byte-source";
import { DecodedTiles } from "../../../src/raster/decoded-tiles";
import { headerCache } from "../../../src/raster/header-cache";
import { openCog } from "../../../src/raster/open-cog";
import { readWindow } from "../../../src/raster/read-window";
import { MemoryByteSource } from "../../support/memory-byte-source";
import { band, pattern, utmGrid } from "../../support/raster-fixtures";

describe("decoded tiles kept between reads", () => {
  it("drops the least recently used tiles beyond the budget", () => {
    const cache = new DecodedTiles(300);
    cache.set("a", new Uint8Array(100));
    cache.set("b", new Uint8Array(100));
    cache.set("c", new Uint8Array(100));
    expect(cache.get("a")).toBeDefined(); // a is now the most recently used.
    cache.set("d", new Uint8Array(100));
    expect(cache.get("b")).toBeUndefined();
    expect(["a", "c", "d"].map((k) => cache.get(k)?.length)).toEqual([100, 100, 100]);
    cache.set("huge", new Uint8Array(301));
    expect(cache.get("huge")).toBeUndefined();
  });

  it("spare a second read of the same tiles any request, with the same values", async () => {
    headerCache.clear();
    const raster = band(utmGrid(64, 64), "uint16", pattern("uint16", 0));
    const stats = new ReadStats();
    const cog = await openCog(new CountingByteSource(new MemoryByteSource(writeCog([raster], { tileSize: 16, compression: "deflate" })), stats));
    const cache = new DecodedTiles(1 << 20);
    const window = { x: 10, y: 10, width: 30, height: 20 };
    const first = await readWindow(cog, 0, 0, window, { cache });
    const before = stats.requests.length;
    const second = await readWindow(cog, 0, 0, window, { cache });
    expect(stats.requests.length).toBe(before);
    expect(Array.from(second)).toEqual(Array.from(first));
  });
});

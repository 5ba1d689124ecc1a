import { beforeEach, describe, expect, it } from "vitest";
import { writeCog } from "../../../src/raster/cog-writer";
import { CountingByteSource, ReadStats } from "../../../src/raster/counting-byte-source";
import { headerCache } from "../../../src/raster/header-cache";
import { openCog } from "../../../src/raster/open-cog";
import { readWindow, readWindows } from "../../../src/raster/read-window";
import { fetchTiles } from "../../../src/raster/tile-fetch";
import { MemoryByteSource } from "../../support/memory-byte-source";
import { band, pattern, utmGrid } from "../../support/raster-fixtures";

beforeEach(() => headerCache.clear());

// 256 x 256 uint16 in 64-pixel tiles: a 4 x 4 tile grid, one band.
const grid = utmGrid(256, 256);
const raster = band(grid, "uint16", pattern("uint16", 0));
const cogBytes = writeCog([raster], { tileSize: 64, compression: "deflate", predictor: 2 });

async function counted(bytes: Uint8Array, stats = new ReadStats()) {
  const source = new CountingByteSource(new MemoryByteSource(bytes), stats);
  const cog = await openCog(source);
  return { cog, stats };
}

describe("tile fetching", () => {
  it("reads exactly one tile's bytes for a window inside it, and the header once", async () => {
    const { cog, stats } = await counted(cogBytes);
    const level = cog.header.levels[0]!;
    const data = await readWindow(cog, 0, 0, { x: 70, y: 130, width: 10, height: 10 });
    expect(data[0]).toBe(raster.data[130 * 256 + 70]);
    // Tile (1, 2) is index 2 * 4 + 1 = 9.
    expect(stats.requests).toEqual([
      { key: cog.source.key, offset: 0, length: 16384 },
      { key: cog.source.key, offset: level.tileOffsets[9], length: level.tileByteCounts[9] },
    ]);
    expect(stats.rounds).toBe(2);

    // A warm header: the same read again costs one request and one round.
    const warm = new ReadStats();
    const again = await openCog(new CountingByteSource(cog.source, warm));
    expect(warm.requests).toHaveLength(0);
    await readWindow(again, 0, 0, { x: 70, y: 130, width: 10, height: 10 });
    expect(warm.requests).toHaveLength(1);
    expect(warm.rounds).toBe(1);
  });

  it("merges adjacent tiles of a row into one request", async () => {
    const { cog, stats } = await counted(cogBytes);
    stats.reset();
    const level = cog.header.levels[0]!;
    await readWindow(cog, 0, 0, { x: 10, y: 70, width: 200, height: 20 });
    // Tiles 4..7 (row 1) lie back to back in the file.
    const end = level.tileOffsets[7]! + level.tileByteCounts[7]!;
    expect(stats.requests).toEqual([{ key: cog.source.key, offset: level.tileOffsets[4], length: end - level.tileOffsets[4]! }]);
  });

  it("never has more than 6 requests in flight and reads all tiles in one round", async () => {
    // 16 x 16 tiles of 16 pixels; a gap threshold of 0 bytes and tiles from every other column keep ranges apart.
    const g = utmGrid(256, 256);
    const bytes = writeCog([band(g, "uint8", pattern("uint8", 0))], { tileSize: 16, compression: "deflate" });
    const { cog, stats } = await counted(bytes);
    stats.reset();
    const tiles = [];
    for (let i = 0; i < 256; i += 2) tiles.push({ cog, level: 0, index: i });
    const decoded = await fetchTiles(tiles, { maxGap: 0 });
    expect(decoded).toHaveLength(128);
    expect(stats.requests).toHaveLength(128);
    expect(stats.maxInFlight).toBe(6);
    expect(stats.rounds).toBe(1);
  });

  it("reads windows of several COGs and bands in one round, each tile once", async () => {
    const stats = new ReadStats();
    const other = band(grid, "float32", pattern("float32", 1));
    const a = await counted(cogBytes, stats);
    const b = await counted(writeCog([other, other], { tileSize: 64, compression: "none", interleave: "band" }), stats);
    stats.reset();
    const window = { x: 0, y: 0, width: 64, height: 64 };
    const [first, second, third, again] = await readWindows([
      { cog: a.cog, level: 0, sample: 0, window },
      { cog: b.cog, level: 0, sample: 0, window },
      { cog: b.cog, level: 0, sample: 1, window },
      { cog: a.cog, level: 0, sample: 0, window },
    ]);
    expect(stats.rounds).toBe(1);
    // One tile of `a`, and one tile of each of b's two bands (planes 15 uncompressed 16 KiB tiles apart).
    expect(stats.requests).toHaveLength(3);
    expect(first![65]).toBe(raster.data[256 + 1]);
    expect(second![65]).toBe(other.data[256 + 1]);
    expect(third![65]).toBe(other.data[256 + 1]);
    expect(again).toEqual(first);
  });

  it("reads sparse (unwritten) tiles as nodata without requests", async () => {
    const bytes = writeCog([band(grid, "int16", () => 5, -99)], { tileSize: 64, compression: "none" });
    // Zero the first TileByteCounts entry, as GDAL's SPARSE_OK files leave empty tiles.
    const { cog, stats } = await counted(bytes);
    cog.header.levels[0]!.tileByteCounts[0] = 0;
    stats.reset();
    const data = await readWindow(cog, 0, 0, { x: 60, y: 0, width: 8, height: 1 });
    expect(Array.from(data)).toEqual([-99, -99, -99, -99, 5, 5, 5, 5]);
    expect(stats.requests).toHaveLength(1);
  });
});

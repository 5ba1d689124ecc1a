import { deflateSync } from "node:zlib";
import { beforeEach, describe, expect, it } from "vitest";
import { writeCog } from "../../../src/raster/cog-writer";
import { CountingByteSource, ReadStats } from "../../../src/raster/counting-byte-source";
import { headerCache } from "../../../src/raster/header-cache";
import { openCog } from "../../../src/raster/open-cog";
import { readWindow } from "../../../src/raster/read-window";
import { FieldType, Tag } from "../../../src/raster/tiff-tags";
import { MemoryByteSource } from "../../support/memory-byte-source";
import { band, utmGrid } from "../../support/raster-fixtures";
import { buildTiff, geoTags, imageTags } from "../../support/tiff-builder";

beforeEach(() => headerCache.clear());

/** A 4x4 uint8 image of value 10 y + x as one uncompressed 16x16 tile, with the given extra tags. */
function tinyTiff(extra: ReturnType<typeof geoTags>): Uint8Array {
  const tile = new Uint8Array(256);
  for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) tile[y * 16 + x] = 10 * y + x;
  return buildTiff([{ entries: [...imageTags({ width: 4, height: 4, bits: 8, format: 1, tileSize: 16 }), ...extra], tiles: [tile] }]);
}

describe("COG header", () => {
  it("describes levels, tiles, data type, georeferencing and the full-resolution grid", async () => {
    const grid = utmGrid(100, 60, 20);
    const bytes = writeCog([0, 1].map(() => band(grid, "int16", () => 0, -1)), { tileSize: 32, compression: "deflate", predictor: 2, overviews: [2, 4], interleave: "band" });
    const { header } = await openCog(new MemoryByteSource(bytes));
    expect(header.grid).toEqual(grid);
    expect(header.epsg).toBe(32633);
    expect(header.transform).toEqual({ originX: 500000, originY: 5000000, pixelWidth: 20, pixelHeight: 20 });
    expect(header.dataType).toBe("int16");
    expect(header.samplesPerPixel).toBe(2);
    expect(header.nodata).toBe(-1);
    expect(header.littleEndian).toBe(true);
    expect(header.levels.map((l) => [l.width, l.height, l.tilesAcross, l.tilesDown, l.tileOffsets.length])).toEqual([
      [100, 60, 4, 2, 16],
      [50, 30, 2, 1, 4],
      [25, 15, 1, 1, 2],
    ]);
    const full = header.levels[0]!;
    expect([full.tileWidth, full.tileHeight, full.planar, full.compression, full.predictor]).toEqual([32, 32, true, 8, 2]);
  });

  it("reads geographic CRS codes", async () => {
    const grid = { crs: "EPSG:4326", bbox: [10, 40, 11, 41] as [number, number, number, number], width: 8, height: 8 };
    const { header } = await openCog(new MemoryByteSource(writeCog([band(grid, "uint8", () => 1)], { tileSize: 16, compression: "none" })));
    expect(header.grid).toEqual(grid);
  });

  it("shifts a PixelIsPoint tie point by half a pixel, as GDAL does", async () => {
    const bytes = tinyTiff(geoTags({ originX: 100, originY: 200, pixel: 2, epsg: 32632, pixelIsPoint: true }));
    const { header } = await openCog(new MemoryByteSource(bytes));
    expect(header.grid.bbox).toEqual([99, 193, 107, 201]);
  });

  it("accepts a north-up ModelTransformation and rejects a rotated one", async () => {
    const keys = geoTags({ originX: 0, originY: 0, pixel: 1, epsg: 3857 }).filter((e) => e.tag === Tag.GeoKeyDirectory);
    const matrix = (b: number): ReturnType<typeof geoTags>[number] => ({
      tag: Tag.ModelTransformation,
      type: FieldType.DOUBLE,
      values: [30, b, 0, 1000, 0, -30, 0, 2000, 0, 0, 0, 0, 0, 0, 0, 1],
    });
    const { header } = await openCog(new MemoryByteSource(tinyTiff([matrix(0), ...keys])));
    expect(header.grid.bbox).toEqual([1000, 1880, 1120, 2000]);
    await expect(openCog(new MemoryByteSource(tinyTiff([matrix(5), ...keys])))).rejects.toThrow(/rotated or sheared/);
  });

  it("names what is missing or unsupported in the georeferencing", async () => {
    const userDefined = geoTags({ originX: 0, originY: 0, pixel: 1, epsg: 32767 });
    await expect(openCog(new MemoryByteSource(tinyTiff(userDefined)))).rejects.toThrow(/not identified by an EPSG code/);
    await expect(openCog(new MemoryByteSource(tinyTiff([])))).rejects.toThrow(/not georeferenced/);
    await expect(openCog(new MemoryByteSource(new TextEncoder().encode("<html>not a tiff</html>")))).rejects.toThrow(/not a TIFF/);
  });

  it("reads big-endian BigTIFF files in strips, and ignores masks", async () => {
    // 5 x 3 uint16 image in strips of 2 rows: value 1000 y + x; the last strip holds one row.
    const strip = (rows: number[]): Uint8Array => {
      const bytes = new Uint8Array(rows.length * 5 * 2);
      const view = new DataView(bytes.buffer);
      rows.forEach((y, r) => {
        for (let x = 0; x < 5; x++) view.setUint16((r * 5 + x) * 2, 1000 * y + x, false);
      });
      return deflateSync(bytes);
    };
    const mask = { entries: imageTags({ width: 5, height: 3, bits: 8, format: 1, rowsPerStrip: 3, subfileType: 4 }), tiles: [new Uint8Array(15)], strips: true };
    const bytes = buildTiff(
      [
        {
          entries: [...imageTags({ width: 5, height: 3, bits: 16, format: 1, compression: 8, rowsPerStrip: 2 }), ...geoTags({ originX: 0, originY: 30, pixel: 10, epsg: 32631 })],
          tiles: [strip([0, 1]), strip([2])],
          strips: true,
        },
        mask,
      ],
      { bigTiff: true, littleEndian: false },
    );
    const cog = await openCog(new MemoryByteSource(bytes));
    expect(cog.header.littleEndian).toBe(false);
    expect(cog.header.levels).toHaveLength(1);
    const data = await readWindow(cog, 0, 0, { x: 1, y: 0, width: 4, height: 3 });
    expect(Array.from(data)).toEqual([1, 2, 3, 4, 1001, 1002, 1003, 1004, 2001, 2002, 2003, 2004]);
  });

  it("grows the header read by doubling when the IFDs reach beyond the first 16 KiB", async () => {
    // 1024 x 1024 in 16-pixel tiles: 4096 tiles, 32 KiB of offsets and byte counts in the first IFD.
    const grid = utmGrid(1024, 1024);
    const source = new CountingByteSource(new MemoryByteSource(writeCog([band(grid, "uint8", (x) => x & 0xff)], { tileSize: 16, compression: "deflate" })));
    const cog = await openCog(source);
    expect(cog.header.levels[0]!.tileOffsets).toHaveLength(4096);
    expect(source.stats.requests.map((r) => [r.offset, r.length])).toEqual([
      [0, 16384],
      [16384, 65536 - 16384],
    ]);
    expect(source.stats.rounds).toBe(2);
  });
});

describe("header cache", () => {
  const bytes = writeCog([band(utmGrid(64, 64), "uint8", () => 7)], { tileSize: 32, compression: "deflate" });

  it("serves a warm header without reading, and shares one read between concurrent opens", async () => {
    const stats = new ReadStats();
    const memory = new MemoryByteSource(bytes, "r2:a.tif#etag1");
    await Promise.all([openCog(new CountingByteSource(memory, stats)), openCog(new CountingByteSource(memory, stats))]);
    expect(stats.requests).toHaveLength(1);
    const again = await openCog(new CountingByteSource(memory, stats));
    expect(stats.requests).toHaveLength(1);
    expect(again.header.grid.width).toBe(64);
    // Another ETag is another object: read again.
    await openCog(new CountingByteSource(new MemoryByteSource(bytes, "r2:a.tif#etag2"), stats));
    expect(stats.requests).toHaveLength(2);
  });

  it("evicts the least recently used headers beyond its memory budget", async () => {
    const budget = headerCache.maxBytes;
    try {
      await openCog(new MemoryByteSource(bytes, "a"));
      const one = headerCache.bytes;
      headerCache.maxBytes = 2 * one;
      await openCog(new MemoryByteSource(bytes, "b"));
      await openCog(new MemoryByteSource(bytes, "a"));
      await openCog(new MemoryByteSource(bytes, "c"));
      expect(headerCache.size).toBe(2);
      expect(headerCache.get("a")).toBeDefined();
      expect(headerCache.get("b")).toBeUndefined();
      expect(headerCache.bytes).toBe(2 * one);
    } finally {
      headerCache.maxBytes = budget;
    }
  });
});

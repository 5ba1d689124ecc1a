import { beforeEach, describe, expect, it } from "vitest";
import { writeCog, type CogWriteOptions } from "../../../src/raster/cog-writer";
import type { DataType, Raster } from "../../../src/raster/grid";
import { headerCache } from "../../../src/raster/header-cache";
import { openCog } from "../../../src/raster/open-cog";
import { readWindow, type PixelWindow } from "../../../src/raster/read-window";
import { MemoryByteSource } from "../../support/memory-byte-source";
import { band, pattern, utmGrid } from "../../support/raster-fixtures";

const TYPES: DataType[] = ["uint8", "int8", "uint16", "int16", "uint32", "int32", "float32", "float64"];

/** The values of `raster` inside `window`, row-major, as numbers. */
function expected(raster: Raster, w: PixelWindow): number[] {
  const out: number[] = [];
  for (let y = w.y; y < w.y + w.height; y++) for (let x = w.x; x < w.x + w.width; x++) out.push(raster.data[y * raster.grid.width + x]!);
  return out;
}

async function roundTrip(bands: Raster[], options: CogWriteOptions, windows: PixelWindow[]): Promise<void> {
  const cog = await openCog(new MemoryByteSource(writeCog(bands, options)));
  for (const [b, raster] of bands.entries()) {
    for (const window of windows) {
      const data = await readWindow(cog, 0, b, window);
      expect(data.constructor).toBe(raster.data.constructor);
      expect(Array.from(data)).toEqual(expected(raster, window));
    }
  }
}

// 70 x 45 pixels with 32-pixel tiles: partial edge tiles on both axes, windows across tile borders.
const grid = utmGrid(70, 45);
const WINDOWS: PixelWindow[] = [
  { x: 0, y: 0, width: 70, height: 45 },
  { x: 30, y: 20, width: 5, height: 20 },
  { x: 64, y: 40, width: 6, height: 5 },
];

beforeEach(() => headerCache.clear());

describe("COG write/read round trip", () => {
  for (const type of TYPES) {
    const float = type.startsWith("float");
    const predictors: (1 | 2 | 3)[] = float ? [1, 2, 3] : [1, 2];
    for (const predictor of predictors) {
      it(`${type}, deflate, predictor ${predictor}, one band`, async () => {
        await roundTrip([band(grid, type, pattern(type, 0))], { tileSize: 32, compression: "deflate", predictor }, WINDOWS);
      });
    }
    it(`${type}, uncompressed, 3 bands pixel-interleaved`, async () => {
      const bands = [0, 1, 2].map((b) => band(grid, type, pattern(type, b)));
      await roundTrip(bands, { tileSize: 32, compression: "none" }, WINDOWS);
    });
    it(`${type}, deflate, predictor ${float ? 3 : 2}, 2 bands planar`, async () => {
      const bands = [0, 1].map((b) => band(grid, type, pattern(type, b)));
      await roundTrip(bands, { tileSize: 32, compression: "deflate", predictor: float ? 3 : 2, interleave: "band" }, WINDOWS);
    });
  }

  it("chunky multi-band tiles with the horizontal predictor difference each sample with its own previous sample", async () => {
    const bands = [0, 1, 2, 3].map((b) => band(grid, "int16", pattern("int16", b)));
    await roundTrip(bands, { tileSize: 16, compression: "deflate", predictor: 2 }, WINDOWS);
  });

  it("keeps the nodata value, including NaN", async () => {
    const withNodata = await openCog(new MemoryByteSource(writeCog([band(grid, "int16", () => 1, -9999)], { tileSize: 32, compression: "deflate" })));
    expect(withNodata.header.nodata).toBe(-9999);
    const withNaN = await openCog(new MemoryByteSource(writeCog([band(grid, "float32", () => 1, NaN)], { tileSize: 32, compression: "deflate" })));
    expect(withNaN.header.nodata).toBeNaN();
    const without = await openCog(new MemoryByteSource(writeCog([band(grid, "uint8", () => 1)], { tileSize: 32, compression: "deflate" })));
    expect(without.header.nodata).toBeNull();
  });

  it("reads overviews: 2x2 block means, rounded half up for integers, nodata skipped", async () => {
    // 64 x 64, value x + 64 y: the mean of a 2x2 block at (2i, 2j) is 2i + 0.5 + 64 (2j + 0.5) = 2i + 128j + 32.5.
    const g = utmGrid(64, 64);
    const cog = await openCog(new MemoryByteSource(writeCog([band(g, "uint16", (x, y) => x + 64 * y)], { tileSize: 16, compression: "deflate", predictor: 2, overviews: [2, 4] })));
    expect(cog.header.levels.map((l) => [l.width, l.height])).toEqual([[64, 64], [32, 32], [16, 16]]);
    const level1 = await readWindow(cog, 1, 0, { x: 0, y: 0, width: 32, height: 32 });
    expect(level1[0]).toBe(33);
    expect(level1[3 + 32 * 5]).toBe(2 * 3 + 128 * 5 + 33);
    // 4x4 block at (4i, 4j): mean 4i + 1.5 + 64 (4j + 1.5) = 4i + 256j + 97.5 -> 98.
    const level2 = await readWindow(cog, 2, 0, { x: 15, y: 15, width: 1, height: 1 });
    expect(level2[0]).toBe(4 * 15 + 256 * 15 + 98);

    // Nodata (0) at even x: the 2x2 means average only the odd columns; an all-nodata block stays nodata.
    const masked = band(g, "float32", (x, y) => (x % 2 === 0 || y >= 60 ? 0 : x + y), 0);
    const maskedCog = await openCog(new MemoryByteSource(writeCog([masked], { tileSize: 16, compression: "deflate", overviews: [2] })));
    const ov = await readWindow(maskedCog, 1, 0, { x: 0, y: 0, width: 32, height: 32 });
    expect(ov[2 + 32 * 3]).toBe(5 + 6.5); // columns 4,5 rows 6,7: only x = 5 counts -> mean of 11 and 12
    expect(ov[2 + 32 * 31]).toBe(0);
    expect(maskedCog.header.levels[1]!.nodata).toBe(0);
  });

  it("nearest overviews take the pixel under each output pixel's centre", async () => {
    const g = utmGrid(64, 32);
    const cog = await openCog(new MemoryByteSource(writeCog([band(g, "uint8", (x, y) => x + 2 * y)], { tileSize: 16, compression: "none", overviews: [4], overviewResampling: "nearest" })));
    const ov = await readWindow(cog, 1, 0, { x: 0, y: 0, width: 16, height: 8 });
    // Output pixel (i, j) has its centre over source pixel (4i + 2, 4j + 2).
    expect(ov[5 + 16 * 3]).toBe(4 * 5 + 2 + 2 * (4 * 3 + 2));
  });

  it("rejects windows outside the level", async () => {
    const cog = await openCog(new MemoryByteSource(writeCog([band(grid, "uint8", () => 1)], { tileSize: 32, compression: "none" })));
    await expect(readWindow(cog, 0, 0, { x: 60, y: 0, width: 20, height: 5 })).rejects.toThrow(/outside/);
    await expect(readWindow(cog, 1, 0, { x: 0, y: 0, width: 1, height: 1 })).rejects.toThrow(/no level 1/);
    await expect(readWindow(cog, 0, 1, { x: 0, y: 0, width: 1, height: 1 })).rejects.toThrow(/no sample 1/);
  });
});

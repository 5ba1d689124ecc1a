import { beforeEach, describe, expect, it } from "vitest";
import { writeCog } from "../../../src/raster/cog-writer";
import { CountingByteSource, ReadStats } from "../../../src/raster/counting-byte-source";
import { pointTransform } from "../../../src/raster/crs";
import type { Grid } from "../../../src/raster/grid";
import { headerCache } from "../../../src/raster/header-cache";
import { openCog } from "../../../src/raster/open-cog";
import { readToGrid } from "../../../src/raster/read-to-grid";
import { MemoryByteSource } from "../../support/memory-byte-source";
import { band, utmGrid } from "../../support/raster-fixtures";

beforeEach(() => headerCache.clear());

// 256 x 256 pixels of 10 m, 64-pixel tiles, overviews 2 and 4; value x + 256 y (no nodata).
const source = utmGrid(256, 256);
const value = (x: number, y: number): number => x + 256 * y;
const cogBytes = writeCog([band(source, "uint16", value)], { tileSize: 64, compression: "deflate", predictor: 2, overviews: [2, 4] });

async function open(bytes: Uint8Array, stats = new ReadStats()) {
  return { cog: await openCog(new CountingByteSource(new MemoryByteSource(bytes), stats)), stats };
}

/** A target grid in the source CRS covering source pixels [x0, x0 + w * step) x [y0, y0 + h * step). */
function subGrid(x0: number, y0: number, w: number, h: number, step = 1): Grid {
  const [minX, , , maxY] = source.bbox;
  return { crs: source.crs, bbox: [minX + x0 * 10, maxY - (y0 + h * step) * 10, minX + (x0 + w * step) * 10, maxY - y0 * 10], width: w, height: h };
}

describe("readToGrid", () => {
  it("reads the source grid itself unchanged, in the native type", async () => {
    const { cog } = await open(cogBytes);
    const [raster] = await readToGrid([{ cog, sample: 0 }], source, { resampling: "nearest" });
    expect(raster!.dataType).toBe("uint16");
    // The source declares no nodata, so nearest reports 0 for integers.
    expect(raster!.nodata).toBe(0);
    expect(raster!.data).toEqual(band(source, "uint16", value).data);
  });

  it("fetches only the tiles under the target, adjacent ones in one request", async () => {
    const { cog, stats } = await open(cogBytes);
    stats.reset();
    const [raster] = await readToGrid([{ cog, sample: 0 }], subGrid(70, 10, 80, 40), { resampling: "nearest" });
    expect(raster!.data[0]).toBe(value(70, 10));
    expect(raster!.data[80 * 40 - 1]).toBe(value(149, 49));
    // Columns 70-149 and rows 10-49 lie in tiles 1 and 2 of the first tile row.
    const level = cog.header.levels[0]!;
    expect(stats.requests).toEqual([{ key: cog.source.key, offset: level.tileOffsets[1], length: level.tileOffsets[2]! + level.tileByteCounts[2]! - level.tileOffsets[1]! }]);
  });

  it("reads the overview at least as fine as the target", async () => {
    const { cog } = await open(cogBytes);
    // Half resolution: overview 1, whose pixel (i, j) is the mean of a 2x2 block: 2i + 512j + 128.5, rounded up.
    const [half] = await readToGrid([{ cog, sample: 0 }], subGrid(0, 0, 128, 128, 2), { resampling: "nearest" });
    expect(half!.data[5 + 128 * 7]).toBe(2 * 5 + 512 * 7 + 129);
    // 2.56 source pixels per target pixel: still overview 1 (factor 2), not 2 (factor 4).
    const [coarser] = await readToGrid([{ cog, sample: 0 }], { ...source, width: 100, height: 100 }, { resampling: "nearest" });
    // Target pixel 10's centre is at 10.5 * 2.56 = 26.88 source pixels, in overview pixel 13.
    expect(coarser!.data[10 + 100 * 10]).toBe(2 * 13 + 512 * 13 + 129);
    // A quarter of the resolution: overview 2, 4x4 block means 4i + 1024j + 385.5 -> 386.
    const [quarter] = await readToGrid([{ cog, sample: 0 }], subGrid(0, 0, 64, 64, 4), { resampling: "nearest" });
    expect(quarter!.data[3 + 64 * 2]).toBe(4 * 3 + 1024 * 2 + 386);
  });

  it("fills target pixels outside the source with nodata", async () => {
    const floats = writeCog([band(source, "float32", value)], { tileSize: 64, compression: "deflate" });
    const withNodata = writeCog([band(source, "int16", () => 7, -5)], { tileSize: 64, compression: "deflate" });
    const target = subGrid(-10, 0, 20, 2);
    const [f] = await readToGrid([{ cog: (await open(floats)).cog, sample: 0 }], target, { resampling: "nearest" });
    expect(f!.nodata).toBeNaN();
    expect(Array.from(f!.data.subarray(8, 12))).toEqual([NaN, NaN, value(0, 0), value(1, 0)]);
    const [n] = await readToGrid([{ cog: (await open(withNodata)).cog, sample: 0 }], target, { resampling: "nearest" });
    expect(n!.nodata).toBe(-5);
    expect(Array.from(n!.data.subarray(8, 12))).toEqual([-5, -5, 7, 7]);
    const [none] = await readToGrid([{ cog: (await open(withNodata)).cog, sample: 0 }], subGrid(-100, 0, 20, 2), { resampling: "bilinear" });
    expect(Array.from(none!.data).every(Number.isNaN)).toBe(true);
  });

  it("copies a pixel-aligned part of the grid as is; bilinear there gives the same values as float32", async () => {
    const withNodata = writeCog([band(source, "uint16", (x, y) => (x === 5 ? 0 : value(x, y)), 0)], { tileSize: 64, compression: "deflate", predictor: 2 });
    const { cog } = await open(withNodata);
    const target = subGrid(3, 250, 4, 10);
    const [near] = await readToGrid([{ cog, sample: 0 }], target, { resampling: "nearest" });
    expect(Array.from(near!.data.subarray(0, 4))).toEqual([value(3, 250), value(4, 250), 0, value(6, 250)]);
    // Rows past the bottom of the source (y >= 256) are nodata.
    expect(Array.from(near!.data.subarray(6 * 4))).toEqual(new Array(16).fill(0));
    const [bil] = await readToGrid([{ cog, sample: 0 }], target, { resampling: "bilinear" });
    expect(bil!.dataType).toBe("float32");
    expect(Array.from(bil!.data.subarray(0, 4))).toEqual([value(3, 250), value(4, 250), NaN, value(6, 250)]);
  });

  it("interpolates bilinearly to float32 with NaN as nodata", async () => {
    // A linear field 2x + 3y at pixel centres interpolates to 2(cx - 0.5) + 3(cy - 0.5) anywhere inside.
    const floats = writeCog([band(source, "float32", (x, y) => 2 * x + 3 * y)], { tileSize: 64, compression: "deflate", predictor: 3 });
    const { cog } = await open(floats);
    const [minX, , , maxY] = source.bbox;
    // Shifted a quarter pixel right and down: target pixel (i, j) has its centre at source (i + 0.75, j + 0.75).
    const target: Grid = { crs: source.crs, bbox: [minX + 2.5, maxY - 2.5 - 100, minX + 2.5 + 100, maxY - 2.5], width: 10, height: 10 };
    const [raster] = await readToGrid([{ cog, sample: 0 }], target, { resampling: "bilinear" });
    expect(raster!.dataType).toBe("float32");
    expect(raster!.nodata).toBeNaN();
    expect(raster!.data[4 + 10 * 6]).toBe(2 * 4.25 + 3 * 6.25);
  });

  it("reads several COGs and bands in one parallel round", async () => {
    const stats = new ReadStats();
    const a = await open(cogBytes, stats);
    const b = await open(writeCog([0, 1].map((k) => band(source, "uint8", (x, y) => (x + y + k) % 256)), { tileSize: 64, compression: "deflate", interleave: "band" }), stats);
    stats.reset();
    const rasters = await readToGrid([{ cog: a.cog, sample: 0 }, { cog: b.cog, sample: 0 }, { cog: b.cog, sample: 1 }], subGrid(100, 100, 20, 20), { resampling: "nearest" });
    expect(rasters.map((r) => r.data[0])).toEqual([value(100, 100), 200, 201]);
    expect(stats.rounds).toBe(1);
  });

  it("reprojects: each target pixel takes the source pixel under its centre", async () => {
    const { cog } = await open(cogBytes);
    // A geographic target a little larger than the source's footprint, at about 14 m per pixel.
    const toLonLat = pointTransform("EPSG:32633", "EPSG:4326");
    const corners = [[500000, 4997440], [502560, 4997440], [500000, 5000000], [502560, 5000000]].map(([x, y]) => toLonLat(x!, y!));
    const lons = corners.map((c) => c[0]);
    const lats = corners.map((c) => c[1]);
    const margin = 0.001;
    const target: Grid = { crs: "EPSG:4326", bbox: [Math.min(...lons) - margin, Math.min(...lats) - margin, Math.max(...lons) + margin, Math.max(...lats) + margin], width: 200, height: 200 };
    const [raster] = await readToGrid([{ cog, sample: 0 }], target, { resampling: "nearest" });
    const toUtm = pointTransform("EPSG:4326", "EPSG:32633");
    const [minX, minY, maxX, maxY] = target.bbox;
    let checked = 0;
    for (let j = 0; j < 200; j += 7) {
      for (let i = 0; i < 200; i += 7) {
        const [x, y] = toUtm(minX + ((i + 0.5) * (maxX - minX)) / 200, maxY - ((j + 0.5) * (maxY - minY)) / 200);
        const sx = (x - 500000) / 10;
        const sy = (5000000 - y) / 10;
        const got = raster!.data[j * 200 + i];
        if (sx < 0 || sy < 0 || sx >= 256 || sy >= 256) {
          if (sx < -0.2 || sy < -0.2 || sx >= 256.2 || sy >= 256.2) expect(got).toBe(0);
          continue;
        }
        // The approximate transform is within 0.125 px: skip centres that close to a pixel edge.
        const near = (v: number): boolean => Math.abs(v - Math.round(v)) < 0.13;
        if (near(sx) || near(sy)) continue;
        expect(got).toBe(value(Math.floor(sx), Math.floor(sy)));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });
});

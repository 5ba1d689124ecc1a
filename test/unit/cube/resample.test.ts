import proj4 from "proj4";
import { beforeEach, describe, expect, it } from "vitest";
import type { StacItem } from "../../../src/catalog/stac-types";
import { materialize, planRead, type DataAccess, type LazyCube, type RasterCube } from "../../../src/cube";
import { resampleLazy, warpCube } from "../../../src/cube/resample";
import { writeCog } from "../../../src/raster/cog-writer";
import { CountingByteSource, ReadStats } from "../../../src/raster/counting-byte-source";
import { transformBBox } from "../../../src/raster/crs";
import type { Grid } from "../../../src/raster/grid";
import { openCog } from "../../../src/raster/open-cog";
import { MemoryByteSource } from "../../support/memory-byte-source";
import { rasterCube } from "../../support/raster-cube";
import { band, utmGrid } from "../../support/raster-fixtures";
import { errorCode as code, runCubeProcess } from "../../support/run-process";

// One scene in memory: 64 x 64 px of 10 m (UTM 33N, top-left 500000/5000000), uint16 with nodata 0,
// pixel (x, y) = 1 + x + 100 y; a 2x overview by nearest (pixel i there is pixel 2i + 1 here).
const NATIVE = utmGrid(64, 64);
const dn = (x: number, y: number) => 1 + x + 100 * y;
const COG = writeCog([band(NATIVE, "uint16", dn, 0)], { tileSize: 16, compression: "deflate", overviews: [2], overviewResampling: "nearest" });
const ITEM: StacItem = {
  type: "Feature",
  stac_version: "1.0.0",
  id: "S1",
  bbox: transformBBox(NATIVE.bbox, NATIVE.crs, "EPSG:4326"),
  geometry: null,
  properties: { datetime: "2024-05-01T10:00:00Z" },
  assets: {
    B04: {
      href: "memory://S1/B04.tif",
      type: "image/tiff; application=geotiff; profile=cloud-optimized",
      roles: ["data"],
      "proj:epsg": 32633,
      "proj:transform": [10, 0, 500000, 0, -10, 5000000],
      "raster:bands": [{ nodata: 0, data_type: "uint16" }],
    },
  },
  links: [],
};
const T1 = "2024-05-01T00:00:00Z";

const stats = new ReadStats();
beforeEach(() => stats.reset());

function access(maxBytes?: number): DataAccess {
  return {
    collection: () => Promise.reject(new Error("no collections")),
    items: () => Promise.resolve([ITEM]),
    openAsset: () => openCog(new CountingByteSource(new MemoryByteSource(COG, "memory://S1/B04.tif"), stats)),
    ...(maxBytes ? { maxBytes } : {}),
  };
}

/** The scene as load_collection describes it, limited to the image itself. */
const lazy = (): LazyCube => ({ kind: "lazy", collection: "c", bands: [{ name: "B04" }], spatial: { bbox: [...NATIVE.bbox], crs: NATIVE.crs }, temporal: null, properties: {} });

const run = (id: string, args: Record<string, unknown>, data: DataAccess = access()) => runCubeProcess(id, args, data);

/** A one-plane cube on a UTM 33N grid of `pixel` m from (500000, 5000000), `width` x `height`. */
function cube(values: number[], width: number, height: number, pixel = 10, x: [number, number] = [pixel, pixel]): RasterCube {
  const grid: Grid = { crs: "EPSG:32633", bbox: [500000, 5000000 - height * x[1], 500000 + width * x[0], 5000000], width, height };
  return rasterCube(grid, [T1], ["a"], [Float32Array.from(values)]);
}

const values = (c: unknown, plane = 0) => Array.from((c as RasterCube).planes[plane]!);

describe("resample_spatial on read cubes", () => {
  it("20 m to 10 m by nearest doubles each pixel along x and y, in every plane", async () => {
    const grid: Grid = { crs: "EPSG:32633", bbox: [500000, 4999960, 500040, 5000000], width: 2, height: 2 };
    const input = rasterCube(grid, [T1], ["a", "b"], [Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, NaN)]);
    const result = (await run("resample_spatial", { data: input, resolution: 10 })) as RasterCube;
    expect(result.grid).toEqual({ ...grid, width: 4, height: 4 });
    expect(result.dims).toEqual(input.dims);
    expect(values(result, 0)).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    expect(values(result, 1)).toEqual([5, 5, 6, 6, 5, 5, 6, 6, 7, 7, NaN, NaN, 7, 7, NaN, NaN]);
  });

  // 4 x 4 of 10 m, values 1..16 row by row; at 20 m the 2 x 2 blocks are
  // {1, 2, 5, 6}, {3, 4, 7, 8}, {9, 10, 13, 14}, {11, 12, 15, 16}.
  const SIXTEEN = Array.from({ length: 16 }, (_, i) => i + 1);
  const blocks = [[1, 2, 5, 6], [3, 4, 7, 8], [9, 10, 13, 14], [11, 12, 15, 16]];

  it.each([
    ["average", [3.5, 5.5, 11.5, 13.5]],
    ["sum", [14, 22, 46, 54]],
    ["min", [1, 3, 9, 11]],
    ["max", [6, 8, 14, 16]],
    // Median of four: the mean of the middle two.
    ["med", [3.5, 5.5, 11.5, 13.5]],
    // Type 7 quantiles of [a, b, c, d]: q1 at position 0.75 = a + 0.75 (b - a), q3 at 2.25 = c + 0.25 (d - c).
    ["q1", [1.75, 3.75, 9.75, 11.75]],
    ["q3", [5.25, 7.25, 13.25, 15.25]],
    ["rms", blocks.map((b) => Math.fround(Math.sqrt(b.reduce((s, v) => s + v * v, 0) / 4)))],
  ])("10 m to 20 m by %s combines each 2 x 2 block", async (method, expected) => {
    const result = await run("resample_spatial", { data: cube(SIXTEEN, 4, 4), resolution: 20, method });
    expect((result as RasterCube).grid.width).toBe(2);
    expect(values(result)).toEqual(expected);
  });

  it("leaves no-data out of blocks and takes the most frequent value (first met on ties) for mode", async () => {
    // Blocks: {NaN, 2, 5, 6} -> average 13 / 3; {NaN, NaN, NaN, NaN} -> no-data.
    const holes = [NaN, 2, NaN, NaN, 5, 6, NaN, NaN, 9, 10, 11, 12, 13, 14, 15, 16];
    expect(values(await run("resample_spatial", { data: cube(holes, 4, 4), resolution: 20, method: "average" }))).toEqual([Math.fround(13 / 3), NaN, 11.5, 13.5]);
    // Blocks: {7, 7, 3, 3} (a tie: 7 comes first), {1, 2, 2, 9}, {4, 4, 4, 8}, {NaN, 5, NaN, 6}.
    const repeats = [7, 7, 1, 2, 3, 3, 2, 9, 4, 4, NaN, 5, 4, 8, NaN, 6];
    expect(values(await run("resample_spatial", { data: cube(repeats, 4, 4), resolution: 20, method: "mode" }))).toEqual([7, 2, 4, 5]);
  });

  it("interpolates bilinearly between pixel centres", async () => {
    // 2 x 1 of 20 m, [0, 4], to 10 m along x only: new centres at 0.25, 0.75, 1.25, 1.75 source
    // pixels; the outer two have one neighbour inside, the inner two are 1/4 and 3/4 of the way.
    const result = await run("resample_spatial", { data: cube([0, 4], 2, 1, 20), resolution: [10, 20], method: "bilinear" });
    expect((result as RasterCube).grid).toMatchObject({ width: 4, height: 1 });
    expect(values(result)).toEqual([0, 1, 3, 4]);
  });

  it("interpolates with the cubic convolution kernel", async () => {
    // [1, 2, 4, 8] to half the pixel size: new pixel 3 has its centre at 1.75 source pixels, i.e.
    // at distances 1.25, 0.25, 0.75, 1.75 from the source centres 0.5 ... 3.5. Keys (a = -0.5):
    // weights -0.0703125, 0.8671875, 0.2265625, -0.0234375 (summing to 1), so
    // -0.0703125 + 2 * 0.8671875 + 4 * 0.2265625 - 8 * 0.0234375 = 2.3828125.
    const result = await run("resample_spatial", { data: cube([1, 2, 4, 8], 4, 1, 20), resolution: [10, 20], method: "cubic" });
    expect(values(result)[3]).toBe(2.3828125);
  });

  it.each(["cubic", "cubicspline"])("%s reproduces a linear ramp away from the edges", async (method) => {
    // 8 px of 20 m holding 10 i; at 5 m the centres are at 0.125, 0.375, ... source pixels, where
    // the ramp is 10 (c - 0.5). Interior: all 4 neighbours inside (c in [1.5, 6.5]).
    const ramp = Array.from({ length: 8 }, (_, i) => 10 * i);
    const result = values(await run("resample_spatial", { data: cube(ramp, 8, 1, 20), resolution: [5, 20], method }));
    expect(result).toHaveLength(32);
    result.forEach((v, k) => {
      const c = (k + 0.5) / 4;
      if (c >= 1.5 && c <= 6.5) expect(v, `pixel ${k}`).toBeCloseTo(10 * (c - 0.5), 4);
    });
  });

  it("widens the cubic kernel by the ratio when downsampling", async () => {
    // 16 zeros with 16 at pixel 8 (centre 8.5), to 2x larger pixels: the new pixels centred at 7
    // and 9 see it at 1.5 and 0.5 source pixels, i.e. 0.75 and 0.25 in the stretched kernel:
    // weights 0.2265625 and 0.8671875 out of a total of 2 -> 1.8125 and 6.9375. (An unstretched
    // kernel would give -1 at 7.)
    const spike = Array.from({ length: 16 }, (_, i) => (i === 8 ? 16 : 0));
    const result = values(await run("resample_spatial", { data: cube(spike, 16, 1, 10), resolution: [20, 10], method: "cubic" }));
    expect(result[3]).toBe(1.8125);
    expect(result[4]).toBe(6.9375);
  });

  it("lanczos keeps values at the source pixel centres", () => {
    // The target grid is the source shifted by one pixel: centres coincide, where the windowed
    // sinc is 1 at 0 and 0 at every other whole pixel; the column past the source is no-data.
    const source = cube([3, 1, 4, 1, 5, 9, 2, 6, 5], 3, 3);
    const shifted: Grid = { ...source.grid, bbox: [500010, 4999970, 500040, 5000000] };
    expect(values(warpCube(source, shifted, "lanczos", 1e6)).map((v) => (Number.isNaN(v) ? v : Math.round(v * 1e6) / 1e6))).toEqual([1, 4, NaN, 5, 9, NaN, 6, 5, NaN]);
  });

  it("starts the new grid at the corner `align` names", async () => {
    // 3 x 3 of 10 m (500000..500030, 4999970..5000000) at 20 m: 2 x 2, reaching 10 m beyond the far edges.
    const input = cube(Array.from({ length: 9 }, (_, i) => i), 3, 3);
    const bbox = async (align: string) => ((await run("resample_spatial", { data: input, resolution: 20, align })) as RasterCube).grid.bbox;
    expect(await bbox("upper-left")).toEqual([500000, 4999960, 500040, 5000000]);
    expect(await bbox("lower-left")).toEqual([500000, 4999970, 500040, 5000010]);
    expect(await bbox("upper-right")).toEqual([499990, 4999960, 500030, 5000000]);
    expect(await bbox("lower-right")).toEqual([499990, 4999970, 500030, 5000010]);
  });

  it("warps a UTM cube to EPSG:4326: each pixel holds the UTM pixel under its centre (checked with proj4)", async () => {
    const input = cube(Array.from({ length: 64 * 64 }, (_, i) => i), 64, 64);
    const result = (await run("resample_spatial", { data: input, projection: 4326, resolution: 0.0001 })) as RasterCube;
    expect(result.grid.crs).toBe("EPSG:4326");
    const [west, south, east, north] = result.grid.bbox;
    // Upper-left alignment: the grid starts at the box around the UTM extent.
    const box = transformBBox(input.grid.bbox, "EPSG:32633", "EPSG:4326");
    expect(west).toBeCloseTo(box[0], 10);
    expect(north).toBeCloseTo(box[3], 10);
    expect((east - west) / result.grid.width).toBeCloseTo(0.0001, 12);
    const toUtm = proj4("+proj=longlat +datum=WGS84 +no_defs", "+proj=utm +zone=33 +datum=WGS84 +units=m +no_defs");
    let checked = 0;
    for (let row = 0; row < result.grid.height; row++) {
      for (let col = 0; col < result.grid.width; col++) {
        const [x, y] = toUtm.forward([west + (col + 0.5) * 0.0001, north - (row + 0.5) * ((north - south) / result.grid.height)]) as [number, number];
        const sx = (x - 500000) / 10;
        const sy = (5000000 - y) / 10;
        const value = result.planes[0]![row * result.grid.width + col]!;
        if (sx < 0 || sx >= 64 || sy < 0 || sy >= 64) {
          if (sx < -0.2 || sx > 64.2 || sy < -0.2 || sy > 64.2) expect(value, `${col},${row}`).toBeNaN();
          continue;
        }
        // Within a fifth of a pixel of an edge the warp's approximation may pick the neighbour.
        if (Math.abs(sx - Math.round(sx)) < 0.2 || Math.abs(sy - Math.round(sy)) < 0.2) continue;
        expect(value, `${col},${row}`).toBe(Math.floor(sy) * 64 + Math.floor(sx));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("chooses a pixel size for a new projection when none is given", async () => {
    const input = cube(Array.from({ length: 64 * 64 }, (_, i) => i), 64, 64);
    const result = (await run("resample_spatial", { data: input, projection: 4326 })) as RasterCube;
    // As many pixels along the diagonal as before: here about 64 x 64 again.
    expect(Math.hypot(result.grid.width, result.grid.height)).toBeCloseTo(Math.hypot(64, 64), -1);
  });

  it("returns the cube itself when nothing changes", async () => {
    const input = cube([1, 2, 3, 4], 2, 2);
    expect(await run("resample_spatial", { data: input })).toBe(input);
    expect(await run("resample_spatial", { data: input, resolution: 10, projection: 32633 })).toBe(input);
    const lazyInput = lazy();
    expect(await run("resample_spatial", { data: lazyInput, resolution: [0, 0] })).toBe(lazyInput);
  });

  it("rejects projections it can't warp to and grids too large to hold", async () => {
    expect(await code(run("resample_spatial", { data: cube([1], 1, 1), projection: 1000 }))).toBe("ProcessParameterInvalid");
    expect(await code(run("resample_spatial", { data: cube([1], 1, 1), resolution: 0.01 }, access(1000)))).toBe("ProcessGraphComplexity");
  });
});

describe("resample_spatial on cubes not read yet", () => {
  it("reads straight onto the new grid: 20 m from the 2x overview, the same values as warping after reading", async () => {
    await access().openAsset(ITEM.assets.B04!); // The header, cached from now on: only tiles are counted below.
    stats.reset();
    const result = await run("resample_spatial", { data: lazy(), resolution: 20 });
    expect(result).toMatchObject({ kind: "lazy", target: { resolution: 20, method: "nearest", align: "upper-left" } });
    const read = await materialize(result as LazyCube, access());
    const coarseBytes = stats.bytes;
    expect(read.grid).toEqual({ crs: "EPSG:32633", bbox: NATIVE.bbox, width: 32, height: 32 });
    // New pixel (i, j) is centred on the corner of native pixels 2i..2i+1: nearest takes 2i + 1.
    expect(read.planes[0]![5 * 32 + 7]).toBe(dn(15, 11));
    stats.reset();
    const native = await materialize(lazy(), access());
    expect(coarseBytes).toBeLessThan(stats.bytes / 2);
    expect(values(warpCube(native, read.grid, "nearest", 1e9))).toEqual(values(read));
  });

  it("reprojects in the read onto the grid warping after reading would give", async () => {
    const result = (await run("resample_spatial", { data: lazy(), projection: 4326, resolution: 0.0002, method: "bilinear" })) as LazyCube;
    expect(result.target).toEqual({ crs: "EPSG:4326", resolution: 0.0002, align: "upper-left", method: "bilinear" });
    const read = await materialize(result, access());
    const native = await materialize(lazy(), access());
    const warped = (await run("resample_spatial", { data: native, projection: 4326, resolution: 0.0002, method: "bilinear" })) as RasterCube;
    expect(read.grid).toEqual(warped.grid);
    // Both interpolate between the same pixels (only their transform approximations differ).
    const a = values(read);
    const b = values(warped);
    const both = a.flatMap((v, i) => (Number.isNaN(v) || Number.isNaN(b[i]!) ? [] : [Math.abs(v - b[i]!)]));
    expect(both.length).toBeGreaterThan(500);
    expect(Math.max(...both)).toBeLessThan(50); // DN steps are 1 along x and 100 along y.
  });

  it("reads first and warps after for methods the read can't do and for one kept axis", async () => {
    const average = await run("resample_spatial", { data: lazy(), resolution: 20, method: "average" });
    expect(average).toMatchObject({ kind: "raster", grid: { width: 32, height: 32 } });
    // Mean of native pixels (0, 0), (1, 0), (0, 1), (1, 1).
    expect(values(average)[0]).toBe((dn(0, 0) + dn(1, 0) + dn(0, 1) + dn(1, 1)) / 4);
    const oneAxis = await run("resample_spatial", { data: lazy(), resolution: [0, 20] });
    expect(oneAxis).toMatchObject({ kind: "raster", grid: { width: 64, height: 32 } });
  });

  it("keeps an earlier target's pixel size unless the projection changes", () => {
    const request = { align: "upper-left" as const, method: "nearest" as const };
    const first = resampleLazy(lazy(), { ...request, crs: null, resolution: [20, 30] });
    expect(first.target).toEqual({ ...request, resolution: 20, resolutionY: 30 });
    expect(resampleLazy(first, { ...request, crs: "EPSG:32633", resolution: [0, 0] }).target).toEqual({ ...request, crs: "EPSG:32633" });
    const utm = resampleLazy(lazy(), { ...request, crs: "EPSG:32633", resolution: [20, 20] });
    expect(resampleLazy(utm, { ...request, crs: null, resolution: [0, 0], method: "bilinear" }).target).toEqual({ ...request, crs: "EPSG:32633", resolution: 20, method: "bilinear" });
  });
});

describe("resample_cube_spatial", () => {
  // The target: 10 m pixels shifted 10 m east of and below the data's 20 m grid corner, 4 x 2.
  const TARGET_GRID: Grid = { crs: "EPSG:32633", bbox: [500010, 4999970, 500050, 4999990], width: 4, height: 2 };
  const target = () => rasterCube(TARGET_GRID, null, ["x1", "x2"], [new Float32Array(8), new Float32Array(8)]);

  it("puts a read cube on the target's grid and keeps its own other dimensions", async () => {
    // 3 x 2 of 20 m from 500000/5000000: [1 2 3; 4 5 6]. Target centres x = 500015 ... 500045
    // fall in columns 0, 1, 1, 2; y = 4999985 falls in row 0, 4999975 in row 1.
    const data = cube([1, 2, 3, 4, 5, 6], 3, 2, 20);
    const result = (await run("resample_cube_spatial", { data, target: target() })) as RasterCube;
    expect(result.grid).toEqual(TARGET_GRID);
    expect(result.dims).toEqual(data.dims);
    expect(values(result)).toEqual([1, 2, 2, 3, 4, 5, 5, 6]);
  });

  it("reads a cube not read yet straight onto a read target's grid", async () => {
    const result = (await run("resample_cube_spatial", { data: lazy(), target: target(), method: "near" })) as LazyCube;
    expect(result.kind).toBe("lazy");
    const read = await materialize(result, access());
    expect(read.grid).toEqual(TARGET_GRID);
    // Target pixel (i, j) is native pixel (1 + i, 1 + j).
    expect(values(read)).toEqual([0, 1].flatMap((j) => [0, 1, 2, 3].map((i) => dn(1 + i, 1 + j))));
  });

  it("takes a lazy target's grid from its item metadata without reading it", async () => {
    const coarse = (await run("resample_spatial", { data: lazy(), resolution: 40 })) as LazyCube;
    const result = (await run("resample_cube_spatial", { data: lazy(), target: coarse })) as LazyCube;
    expect(stats.bytes).toBe(0);
    const expected = (await planRead(coarse, access())).grid;
    expect(expected).toMatchObject({ width: 16, height: 16 });
    expect((await materialize(result, access())).grid).toEqual(expected);
  });

  it("reads first when the target reaches beyond the data's extent, leaving no-data there", async () => {
    // The data limited to native columns 0..1, rows 0..63; the target grid spans columns 1..4.
    const narrow: LazyCube = { ...lazy(), spatial: { bbox: [500000, 4999360, 500020, 5000000], crs: "EPSG:32633" } };
    const result = await run("resample_cube_spatial", { data: narrow, target: target() });
    expect(result).toMatchObject({ kind: "raster", grid: TARGET_GRID });
    expect(values(result)).toEqual([dn(1, 1), NaN, NaN, NaN, dn(1, 2), NaN, NaN, NaN]);
  });

  it("resamples with the other methods after reading", async () => {
    const result = await run("resample_cube_spatial", { data: lazy(), target: target(), method: "max" });
    expect(result).toMatchObject({ kind: "raster", grid: TARGET_GRID });
    expect(values(result)[0]).toBe(dn(1, 1));
  });
});

import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Catalog } from "../../src/catalog/catalog";
import { catalogDataAccess } from "../../src/catalog/data-access";
import { estimateBytes, materialize, type DataAccess, type LazyCube, type RasterCube } from "../../src/cube";
import { runProcess } from "../../src/engine";
import { PROCESSES } from "../../src/processes";
import { CountingByteSource, ReadStats } from "../../src/raster/counting-byte-source";
import { ingestCubeScenes, NIR, RED } from "../support/cube-fixture";
import { utmGrid } from "../support/raster-fixtures";
import { labelsNamed } from "../support/raster-cube";

const f = Math.fround;
const scaled = (dn: number) => f(dn * 0.0001 - 0.1);
const ndvi = (n: number, r: number) => f((n - r) / (n + r));

// Three dates on one 64 x 64 px grid (UTM 33N, 10 m, top-left 500000/5000000). Day d = 1, 2, 3.
const red = (d: number) => (x: number, y: number) => (d === 2 && x === 12 && y === 12 ? 0 : 1000 + x + 10 * y + 100 * d);
const nir = (d: number) => (x: number, y: number) => 3000 + 3 * x - y + 200 * d;
const SERIES = [1, 2, 3].map((d) => ({
  id: `D${d}`,
  datetime: `2024-05-${String(10 * d - 9).padStart(2, "0")}T10:00:00Z`,
  grid: utmGrid(64, 64),
  cloud: [5, 10, 80][d - 1]!,
  values: { B04: red(d), B08: nir(d) },
}));

// Two items of one day: M2 lies 32 px east of M1; M1's first 8 columns are nodata.
const shifted = { ...utmGrid(64, 64), bbox: [500320, 4999360, 500960, 5000000] as [number, number, number, number] };
const MOSAIC = [
  { id: "M1", datetime: "2024-06-01T10:00:00Z", grid: utmGrid(64, 64), cloud: 0, values: { B04: (x: number) => (x < 8 ? 0 : 2000 + x) } },
  { id: "M2", datetime: "2024-06-01T10:05:00Z", grid: shifted, cloud: 0, values: { B04: (x: number) => 5000 + x } },
];

const stats = new ReadStats();
const catalog = () => new Catalog(env.DATA);
const assets = { data: env.DATA, files: env.FILES, apiBase: "https://openeo.test/v1" };
const access = (maxBytes?: number): DataAccess =>
  catalogDataAccess(catalog(), assets, { wrap: (source) => new CountingByteSource(source, stats), ...(maxBytes ? { maxBytes } : {}) });

function run(graph: Record<string, unknown>, data: DataAccess = access()): Promise<unknown> {
  return runProcess({ process_graph: graph }, { processes: PROCESSES }, { ctx: { log() {}, data } as never });
}

const UTM = 32633;
const load = (args: Record<string, unknown>) => ({ process_id: "load_collection", arguments: { id: "cube-series", spatial_extent: null, temporal_extent: null, ...args } });
const NARROW = { west: 500100, south: 4999700, east: 500300, north: 4999900, crs: UTM }; // px x 10..29, y 10..29
const callback = (process_id: string, args: Record<string, unknown>) => ({ process_graph: { r: { process_id, arguments: args, result: true } } });

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "cube-series", SERIES, [RED, NIR]);
  await ingestCubeScenes(env.DATA, "cube-mosaic", MOSAIC, [RED]);
});
beforeEach(() => stats.reset());

describe("data cube processes over ingested COGs", () => {
  const maxThenNdvi = (extent: unknown) => ({
    load: load({ temporal_extent: ["2024-05-01", "2024-05-15"], bands: ["red", "nir"] }),
    bbox: { process_id: "filter_bbox", arguments: { data: { from_node: "load" }, extent } },
    max: { process_id: "reduce_dimension", arguments: { data: { from_node: "bbox" }, dimension: "t", reducer: callback("max", { data: { from_parameter: "data" } }) } },
    ndvi: { process_id: "ndvi", arguments: { data: { from_node: "max" } }, result: true },
  });

  it("load_collection + filter_bbox + reduce_dimension(t, max) + ndvi gives per-pixel NDVI of the maxima", async () => {
    const cube = (await run(maxThenNdvi(NARROW))) as RasterCube;
    expect(cube.grid).toEqual({ crs: "EPSG:32633", bbox: [500100, 4999700, 500300, 4999900], width: 20, height: 20 });
    expect(labelsNamed(cube, "t")).toBeNull();
    expect(labelsNamed(cube, "bands")).toBeNull();
    expect(cube.planes).toHaveLength(1);
    const plane = cube.planes[0]!;
    for (const [x, y] of [[10, 10], [29, 29], [12, 12], [20, 15]] as const) {
      // Max over days 1 and 2; day 2's red is nodata at (12, 12), so day 1's counts there.
      const r = Math.max(...[1, 2].map((d) => red(d)(x, y)).filter((v) => v !== 0).map(scaled));
      const n = Math.max(...[1, 2].map((d) => scaled(nir(d)(x, y))));
      expect(plane[(y - 10) * 20 + (x - 10)], `${x},${y}`).toBe(ndvi(n, r));
    }
  });

  it("stays lazy through filters and reads only the tiles under the narrowed extent", async () => {
    const lazy = await run({ load: load({}), bbox: { process_id: "filter_bbox", arguments: { data: { from_node: "load" }, extent: NARROW }, result: true } });
    expect((lazy as LazyCube).kind).toBe("lazy");
    expect(stats.requests).toHaveLength(0);
    const whole = { west: 500000, south: 4999360, east: 500640, north: 5000000, crs: UTM };
    await run(maxThenNdvi(whole)); // headers are cached from here on
    stats.reset();
    await run(maxThenNdvi(whole));
    const wide = stats.bytes;
    stats.reset();
    await run(maxThenNdvi(NARROW));
    // 2 x 2 of the 4 x 4 tiles of 16 px.
    expect(stats.bytes).toBeGreaterThan(0);
    expect(stats.bytes).toBeLessThan(wide / 2);
  });

  it("selects bands by common name, filters time before reading, and applies a callback per value", async () => {
    const cube = (await run({
      load: load({ spatial_extent: NARROW, bands: ["nir"] }),
      time: { process_id: "filter_temporal", arguments: { data: { from_node: "load" }, extent: ["2024-05-20", null] } },
      twice: { process_id: "apply", arguments: { data: { from_node: "time" }, process: callback("multiply", { x: { from_parameter: "x" }, y: 2 }) }, result: true },
    })) as RasterCube;
    expect(labelsNamed(cube, "t")).toEqual(["2024-05-21T00:00:00Z"]);
    expect(labelsNamed(cube, "bands")).toEqual(["B08"]);
    expect(cube.planes[0]![0]).toBe(f(2 * scaled(nir(3)(10, 10))));
    expect(cube.planes[0]![5 * 20 + 7]).toBe(f(2 * scaled(nir(3)(17, 15))));
    expect(new Set(stats.requests.map((r) => /items\/(\w+)\//.exec(r.key)?.[1]))).toEqual(new Set(["D3"]));
  });

  it("filters items by property callbacks (eo:cloud_cover)", async () => {
    const cube = (await run({
      load: load({ spatial_extent: NARROW, bands: ["B04"], properties: { "eo:cloud_cover": callback("lte", { x: { from_parameter: "value" }, y: 50 }) } }),
      one: { process_id: "apply", arguments: { data: { from_node: "load" }, process: callback("add", { x: { from_parameter: "x" }, y: 0 }) }, result: true },
    })) as RasterCube;
    expect(labelsNamed(cube, "t")).toEqual(["2024-05-01T00:00:00Z", "2024-05-11T00:00:00Z"]);
  });

  it("mosaics items of one day (first valid pixel wins), applies scale/offset and marks nodata NaN", async () => {
    const data = access();
    const extent = { west: 500000, south: 4999360, east: 500960, north: 5000000, crs: UTM };
    const lazy = (await run({ load: { ...load({ id: "cube-mosaic", spatial_extent: extent }), result: true } }, data)) as LazyCube;
    const cube = await materialize(lazy, data);
    expect(labelsNamed(cube, "t")).toEqual(["2024-06-01T00:00:00Z"]);
    expect(cube.grid.width).toBe(96);
    const row = Array.from(cube.planes[0]!.subarray(3 * 96, 4 * 96));
    const expected = row.map((_, x) => (x < 8 ? NaN : x < 64 ? scaled(2000 + x) : scaled(5000 + x - 32)));
    expect(row).toEqual(expected);
    expect(await estimateBytes(lazy, data)).toBe(96 * 64 * 1 * 1 * 4);
  });

  it("refuses cubes over the memory limit before reading pixels, and empty selections", async () => {
    await expect(run(maxThenNdvi(NARROW), access(1000))).rejects.toMatchObject({ code: "ProcessGraphComplexity" });
    expect(stats.requests).toHaveLength(0);
    const empty = { ...maxThenNdvi(NARROW), load: load({ temporal_extent: ["2020-01-01", "2020-02-01"] }) };
    await expect(run(empty)).rejects.toMatchObject({ code: "NoDataAvailable" });
  });
});

/**
 * climatological_normal, anomaly, resample_cube_temporal, reduce_spatial and flatten/unflatten_dimension
 * through the engine over ingested COGs (our own writer, known values), and through POST /result
 * in strips where a result is larger than one read.
 */
import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Catalog } from "../../src/catalog/catalog";
import { catalogDataAccess } from "../../src/catalog/data-access";
import type { DataAccess, RasterCube } from "../../src/cube";
import type { VectorCube } from "../../src/cube/vector";
import { runProcess } from "../../src/engine";
import { PROCESSES } from "../../src/processes";
import { CountingByteSource, ReadStats } from "../../src/raster/counting-byte-source";
import { headerCache } from "../../src/raster/header-cache";
import { openCog } from "../../src/raster/open-cog";
import { readWindow } from "../../src/raster/read-window";
import { ingestCubeScenes, NIR, RED } from "../support/cube-fixture";
import { expectError, loginAs, request } from "../support/http";
import { LARGE_GRID, largeRed } from "../support/large-ndvi-scene";
import { MemoryByteSource } from "../support/memory-byte-source";
import { utmGrid } from "../support/raster-fixtures";
import { labelsNamed } from "../support/raster-cube";

const f = Math.fround;
const scaled = (dn: number) => f(dn * 0.0001 - 0.1);

// Four dates over two years on one 32 x 32 px grid (UTM 33N, 10 m); date 1's red is nodata at (3, 3).
const DATES = ["2023-01-10", "2023-07-10", "2024-01-12", "2024-07-15"];
const red = (d: number) => (x: number, y: number) => (d === 1 && x === 3 && y === 3 ? 0 : 1000 + x + 10 * y + 100 * d * d);
const nir = (d: number) => (x: number, y: number) => 3000 + 3 * x - y + 50 * d;
const SERIES = DATES.map((day, i) => ({ id: `C${i + 1}`, datetime: `${day}T10:00:00Z`, grid: utmGrid(32, 32), cloud: 0, values: { B04: red(i + 1), B08: nir(i + 1) } }));
// Only the time steps of these matter (resample_cube_temporal's target).
const TARGETS = ["2023-01-14", "2024-06-01"].map((day, i) => ({ id: `T${i + 1}`, datetime: `${day}T10:00:00Z`, grid: utmGrid(32, 32), cloud: 0, values: { B04: () => 1 } }));
const label = (day: string) => `${day}T00:00:00Z`;

const stats = new ReadStats();
const access = (): DataAccess =>
  catalogDataAccess(new Catalog(env.DATA), { data: env.DATA, files: env.FILES, apiBase: "https://openeo.test/v1" }, { wrap: (source) => new CountingByteSource(source, stats) });
const run = (graph: Record<string, unknown>) => runProcess({ process_graph: graph }, { processes: PROCESSES }, { ctx: { log() {}, data: access() } as never }) as Promise<RasterCube>;

const load = (id = "climate-series", bands = ["B04"]) => ({ process_id: "load_collection", arguments: { id, spatial_extent: null, temporal_extent: null, bands } });
const callback = (process_id: string, args: Record<string, unknown>) => ({ process_graph: { r: { process_id, arguments: args, result: true } } });
const pixel = (cube: RasterCube, plane: number, x: number, y: number) => cube.planes[plane]![y * cube.grid.width + x]!;
/** Float32 mean of the valid values, as a normal is stored. */
const mean = (...xs: number[]) => {
  const valid = xs.filter((v) => !Number.isNaN(v));
  return f(valid.reduce((a, b) => a + b, 0) / valid.length);
};
/** A date's red reflectance as read (NaN for nodata); d = 1..4. */
const redAt = (d: number, x: number, y: number) => (red(d)(x, y) === 0 ? NaN : scaled(red(d)(x, y)));

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "climate-series", SERIES, [RED, NIR]);
  await ingestCubeScenes(env.DATA, "climate-targets", TARGETS, [RED]);
});
beforeEach(() => stats.reset());

describe("climatological_normal and anomaly", () => {
  it("average each month over both years and subtract the month's normal from every date", async () => {
    const normals = { process_id: "climatological_normal", arguments: { data: { from_node: "load" }, period: "month", climatology_period: [2023, 2024] } };
    const normalCube = await run({ load: load(), normals: { ...normals, result: true } });
    expect(labelsNamed(normalCube, "t")).toEqual(["01", "07"]);
    expect(labelsNamed(normalCube, "bands")).toEqual(["B04"]);
    for (const [x, y] of [[0, 0], [3, 3], [31, 17]] as const) {
      // January: dates 1 and 3 (date 1 is nodata at (3, 3)); July: dates 2 and 4.
      expect(pixel(normalCube, 0, x, y), `${x},${y}`).toBe(mean(redAt(1, x, y), redAt(3, x, y)));
      expect(pixel(normalCube, 1, x, y), `${x},${y}`).toBe(mean(redAt(2, x, y), redAt(4, x, y)));
    }

    const anomalies = await run({ load: load(), normals, anomaly: { process_id: "anomaly", arguments: { data: { from_node: "load" }, normals: { from_node: "normals" }, period: "month" }, result: true } });
    expect(labelsNamed(anomalies, "t")).toEqual(DATES.map(label));
    for (const [x, y] of [[0, 0], [3, 3], [31, 17]] as const) {
      const january = mean(redAt(1, x, y), redAt(3, x, y));
      const july = mean(redAt(2, x, y), redAt(4, x, y));
      const expected = [f(redAt(1, x, y) - january), f(redAt(2, x, y) - july), f(redAt(3, x, y) - january), f(redAt(4, x, y) - july)];
      expect([0, 1, 2, 3].map((t) => pixel(anomalies, t, x, y)), `${x},${y}`).toEqual(expected);
    }
  });
});

describe("resample_cube_temporal", () => {
  const resample = (extra: Record<string, unknown>) => ({
    load: load(),
    target: load("climate-targets"),
    resample: { process_id: "resample_cube_temporal", arguments: { data: { from_node: "load" }, target: { from_node: "target" }, ...extra }, result: true },
  });

  it("takes the nearest date for each of the target's dates, without reading the target's pixels", async () => {
    const cube = await run(resample({}));
    expect(labelsNamed(cube, "t")).toEqual(["2023-01-14", "2024-06-01"].map(label));
    // 2023-01-14 -> 2023-01-10 (date 1, with its nodata); 2024-06-01 -> 2024-07-15 (date 4, 44 days off; date 3 is 141).
    for (const [x, y] of [[0, 0], [3, 3], [20, 9]] as const) {
      expect(pixel(cube, 0, x, y), `${x},${y}`).toBe(redAt(1, x, y));
      expect(pixel(cube, 1, x, y), `${x},${y}`).toBe(redAt(4, x, y));
    }
    expect(stats.requests.filter((r) => r.key.includes("climate-targets"))).toEqual([]);
  });

  it("with valid_within, looks further for valid pixels", async () => {
    const cube = await run(resample({ valid_within: 200 }));
    // At (3, 3) date 1 is nodata: the next nearest within 200 days of 2023-01-14 is 2023-07-10 (177 days).
    expect(pixel(cube, 0, 3, 3)).toBe(redAt(2, 3, 3));
    expect(pixel(cube, 0, 4, 3)).toBe(redAt(1, 4, 3));
    const narrow = await run(resample({ valid_within: 5 }));
    expect(pixel(narrow, 0, 3, 3)).toBeNaN();
    expect(pixel(narrow, 1, 0, 0)).toBeNaN(); // nothing within 5 days of 2024-06-01
    // A window past the dates Date can show takes every time step, as 200 days do here.
    const huge = await run(resample({ valid_within: 1e12 }));
    expect(pixel(huge, 0, 3, 3)).toBe(redAt(2, 3, 3));
  });
});

describe("reduce_spatial", () => {
  it("reduces each date's image to its mean over the extent, skipping nodata", async () => {
    const cube = (await run({ load: load(), mean: { process_id: "reduce_spatial", arguments: { data: { from_node: "load" }, reducer: callback("mean", { data: { from_parameter: "data" } }) }, result: true } })) as unknown as VectorCube;
    // x and y are gone: t and bands remain, one value each.
    expect([cube.kind, cube.geometries, cube.dims.map((d) => [d.name, d.labels.length])]).toEqual(["vector", null, [["t", 4], ["bands", 1]]]);
    expect(cube.dims[0]!.labels).toEqual(DATES.map(label));
    const all = Array.from({ length: 32 * 32 }, (_, i) => [i % 32, Math.floor(i / 32)] as const);
    // The mean in double precision, of the float32 values read.
    const exact = (...xs: number[]) => xs.filter((v) => !Number.isNaN(v)).reduce((a, b) => a + b, 0) / xs.filter((v) => !Number.isNaN(v)).length;
    for (const d of [1, 2, 3, 4]) expect(cube.values[d - 1]![0]!, `date ${d}`).toBeCloseTo(exact(...all.map(([x, y]) => redAt(d, x, y))), 10);
  });
});

describe("flatten_dimensions and unflatten_dimension", () => {
  it("merge t and bands into one dimension and split it back", async () => {
    const flat = { process_id: "flatten_dimensions", arguments: { data: { from_node: "load" }, dimensions: ["t", "bands"], target_dimension: "tb" } };
    const flattened = await run({ load: load("climate-series", ["B04", "B08"]), flat: { ...flat, result: true } });
    expect(flattened.dims.map((d) => d.name)).toEqual(["tb"]);
    expect(labelsNamed(flattened, "tb")).toEqual(DATES.flatMap((day) => [`${label(day)}~B04`, `${label(day)}~B08`]));
    // The third combination is date 2's red, the fourth its nir.
    expect(pixel(flattened, 2, 5, 7)).toBe(redAt(2, 5, 7));
    expect(pixel(flattened, 3, 5, 7)).toBe(scaled(nir(2)(5, 7)));

    const split = await run({ load: load("climate-series", ["B04", "B08"]), flat, split: { process_id: "unflatten_dimension", arguments: { data: { from_node: "flat" }, dimension: "tb", target_dimensions: ["when", "band"] }, result: true } });
    expect(split.dims.map((d) => [d.name, d.type, d.labels])).toEqual([["when", "other", DATES.map(label)], ["band", "other", ["B04", "B08"]]]);
    expect(pixel(split, 6, 30, 1)).toBe(redAt(4, 30, 1));
  });
});

describe("synchronous results larger than one read", () => {
  // Two dates of the large scene, red only: 4.3 MiB, over the tests' 4 MiB read.
  const second = (x: number, y: number) => largeRed(x, y) + 7 * ((x + y) % 13);
  beforeAll(async () => {
    await ingestCubeScenes(env.DATA, "climate-large", [
      { id: "L1", datetime: "2024-07-01T10:00:00Z", grid: LARGE_GRID, cloud: 0, values: { B04: largeRed } },
      { id: "L2", datetime: "2024-08-01T10:00:00Z", grid: LARGE_GRID, cloud: 0, values: { B04: second } },
    ], [RED], 256);
  });
  const post = async (graph: Record<string, unknown>) =>
    request("/v1/result", { method: "POST", headers: { Authorization: await loginAs("alice"), "Content-Type": "application/json" }, body: JSON.stringify({ process: { process_graph: graph } }) });
  const large = load("climate-large");

  it("compute anomalies from the normal of the whole period in strips, equal to the whole", async () => {
    const res = await post({
      load: large,
      normals: { process_id: "climatological_normal", arguments: { data: { from_node: "load" }, period: "climatology-period", climatology_period: [2023, 2024] } },
      anomaly: { process_id: "anomaly", arguments: { data: { from_node: "load" }, normals: { from_node: "normals" }, period: "climatology-period" } },
      save: { process_id: "save_result", arguments: { data: { from_node: "anomaly" }, format: "GTiff" }, result: true },
    });
    expect(res.status).toBe(200);
    const link = /^<https?:\/\/[^/]+(\/v1\/logs\/[\w-]+)>/.exec(res.headers.get("Link")!)![1]!;
    headerCache.clear();
    const cog = await openCog(new MemoryByteSource(new Uint8Array(await res.arrayBuffer())));
    expect(cog.header.grid).toEqual(LARGE_GRID);
    for (const y of [0, 63, 64, 600, 1099]) {
      const rows = await Promise.all([0, 1].map((band) => readWindow(cog, 0, band, { x: 0, y, width: 512, height: 1 })));
      for (const x of [0, 255, 511]) {
        const [a, b] = [scaled(largeRed(x, y)), scaled(second(x, y))];
        const normal = mean(a, b);
        expect([rows[0]![x], rows[1]![x]], `x=${x} y=${y}`).toEqual([f(a - normal), f(b - normal)]);
      }
    }
    const log = (await (await request(link, { headers: { Authorization: await loginAs("alice") } })).json()) as { logs: { message: string }[] };
    expect(log.logs.map((l) => l.message).some((m) => /computed in \d+ strips/.test(m))).toBe(true);
  });

  it("refuse reduce_spatial, whose strips would not be the whole", async () => {
    const reduce = { process_id: "reduce_spatial", arguments: { data: { from_node: "load" }, reducer: callback("mean", { data: { from_parameter: "data" } }) }, result: true };
    await expectError(await post({ load: large, reduce }), 400, "ProcessGraphComplexity");
  });
});

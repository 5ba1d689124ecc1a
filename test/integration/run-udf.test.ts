/**
 * run_udf with JavaScript over ingested COGs, in workerd with the real Worker Loader: NDVI, a cloud
 * mask, a temporal median and a whole-cube function as UDFs give the same pixels as the built-in
 * processes; scripts come inline or from the user's files; bad runtimes, missing files and failing
 * UDFs get openEO errors naming what went wrong.
 */
import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Catalog } from "../../src/catalog/catalog";
import { catalogDataAccess } from "../../src/catalog/data-access";
import { materialize, type DataAccess, type RasterCube } from "../../src/cube";
import { runProcess } from "../../src/engine";
import { userFileKey } from "../../src/files/keys";
import { PROCESSES } from "../../src/processes";
import { RunLog } from "../../src/execution/run-log";
import { runEnvironment } from "../../src/execution/sync";
import { pointTransform } from "../../src/raster/crs";
import type { UdfSandbox } from "../../src/sandbox/sandbox";
import { workerLoaderSandbox } from "../../src/sandbox/worker-loader-sandbox";
import { parseXyzConfiguration } from "../../src/tiles/configuration";
import { renderTile } from "../../src/tiles/render-tile";
import { WEB_MERCATOR_HALF } from "../../src/tiles/tile-grid";
import { ingestCubeScenes, NIR, RED } from "../support/cube-fixture";
import { readPng, rgbaOf } from "../support/png-reader";
import { expectError, loginAs, request } from "../support/http";
import { utmGrid } from "../support/raster-fixtures";

// Three dates on one 32 x 32 px grid; day 2 has a no-data pixel in red.
const red = (d: number) => (x: number, y: number) => (d === 2 && x === 5 && y === 7 ? 0 : 1000 + 7 * x + 13 * y + 150 * d);
const nir = (d: number) => (x: number, y: number) => 3000 + 3 * x - y + 200 * d * (x % 3);
const SERIES = [1, 2, 3].map((d) => ({ id: `U${d}`, datetime: `2024-05-0${d}T10:00:00Z`, grid: utmGrid(32, 32), cloud: 0, values: { B04: red(d), B08: nir(d) } }));

/** Sandbox calls by method: blocks of pixels should go in few calls, never one per pixel. */
const calls = { pixels: 0, lanes: 0, value: 0, datacube: 0 };
const sandbox = workerLoaderSandbox(env.LOADER!);
const counted: UdfSandbox = {
  ...sandbox,
  pixels: (...a) => (calls.pixels++, sandbox.pixels(...a)),
  lanes: (...a) => (calls.lanes++, sandbox.lanes(...a)),
  value: (...a) => (calls.value++, sandbox.value(...a)),
  datacube: (...a) => (calls.datacube++, sandbox.datacube(...a)),
};
const access = (): DataAccess => ({
  ...catalogDataAccess(new Catalog(env.DATA), { data: env.DATA, files: env.FILES, apiBase: "https://openeo.example.test/v1", userId: "basic.alice" }),
  sandbox: counted,
});
beforeEach(() => Object.keys(calls).forEach((k) => (calls[k as keyof typeof calls] = 0)));

async function cube(graph: Record<string, unknown>): Promise<RasterCube> {
  const data = access();
  const value = await runProcess({ process_graph: graph }, { processes: PROCESSES }, { ctx: { log() {}, data } as never });
  return materialize(value as never, data);
}

const load = { process_id: "load_collection", arguments: { id: "udf-series", spatial_extent: null, temporal_extent: null, bands: ["B04", "B08"] } };
const udfNode = (code: string, data: unknown = { from_parameter: "data" }, context: unknown = {}) => ({ process_id: "run_udf", arguments: { data, udf: code, runtime: "JavaScript", context }, result: true });
const reduce = (dimension: string, reducer: Record<string, unknown>) => ({ process_id: "reduce_dimension", arguments: { data: { from_node: "load" }, dimension, reducer: { process_graph: { r: reducer } } }, result: true });

const NDVI_UDF = [
  "export function udf(data) {",
  "  const red = data[data.labels.indexOf('B04')];",
  "  const nir = data[data.labels.indexOf('B08')];",
  "  if (red === null || nir === null) return null;",
  "  return (nir - red) / (nir + red);",
  "}",
].join("\n");

const MEDIAN_UDF = [
  "export function udf(data) {",
  "  const values = data.filter((v) => v !== null).sort((a, b) => a - b);",
  "  if (values.length === 0) return null;",
  "  const middle = values.length >> 1;",
  "  return values.length % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;",
  "}",
].join("\n");

/** Planes equal within float32 rounding, no-data where the other has it. */
function expectSamePlanes(actual: RasterCube, expected: RasterCube): void {
  expect(actual.dims.map((d) => d.labels.length)).toEqual(expected.dims.map((d) => d.labels.length));
  expect(actual.planes.length).toBe(expected.planes.length);
  actual.planes.forEach((plane, p) => {
    const other = expected.planes[p]!;
    for (let i = 0; i < plane.length; i++) {
      if (Number.isNaN(other[i]!)) expect(plane[i], `plane ${p} pixel ${i}`).toBeNaN();
      else expect(Math.abs(plane[i]! - other[i]!), `plane ${p} pixel ${i}`).toBeLessThanOrEqual(1e-6);
    }
  });
}

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "udf-series", SERIES, [RED, NIR]);
});

describe("run_udf with JavaScript", () => {
  it("NDVI over bands (reduce_dimension) equals the built-in ndvi, no-data included", async () => {
    const udf = await cube({ load, ndvi: reduce("bands", udfNode(NDVI_UDF)) });
    const builtIn = await cube({ load, ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } }, result: true } });
    expectSamePlanes(udf, builtIn);
    expect(udf.planes[1]!.filter(Number.isNaN).length).toBe(1);
    // 3 dates x 1,024 pixels: one block per date plane, not a call per pixel.
    expect(calls).toEqual({ pixels: 3, lanes: 0, value: 0, datacube: 0 });
  });

  it("a temporal median (reduce_dimension over t) equals the built-in median", async () => {
    const udf = await cube({ load, median: reduce("t", udfNode(MEDIAN_UDF)) });
    const builtIn = await cube({ load, median: reduce("t", { process_id: "median", arguments: { data: { from_parameter: "data" } }, result: true }) });
    expectSamePlanes(udf, builtIn);
  });

  it("a cloud mask per value (apply) with its context equals the built-in comparison", async () => {
    const code = "export function udf(x, context) {\n  return x === null ? null : x > context.threshold ? 1 : 0;\n}\n";
    const apply = (process: Record<string, unknown>) => ({ load, mask: { process_id: "apply", arguments: { data: { from_node: "load" }, process: { process_graph: { r: process } } }, result: true } });
    const udf = await cube(apply(udfNode(code, { from_parameter: "x" }, { threshold: 0.03 })));
    const builtIn = await cube(apply({ process_id: "gt", arguments: { x: { from_parameter: "x" }, y: 0.03 }, result: true }));
    expectSamePlanes(udf, builtIn);
    expect(new Set(udf.planes.flatMap((p) => Array.from(p).filter((v) => !Number.isNaN(v))))).toEqual(new Set([0, 1]));
  });

  it("an array per pixel in apply_dimension (values minus the pixel's mean over time)", async () => {
    const code = "export function udf(data) {\n  const mean = data.reduce((a, b) => a + b, 0) / data.length;\n  return data.map((v) => v - mean);\n}\n";
    const onlyRed = { ...load, arguments: { ...load.arguments, bands: ["B04"], spatial_extent: { west: 500000, south: 4999900, east: 500040, north: 5000000, crs: 32633 } } };
    const udf = await cube({ load: onlyRed, anomaly: { process_id: "apply_dimension", arguments: { data: { from_node: "load" }, dimension: "t", process: { process_graph: { r: udfNode(code) } } }, result: true } });
    const raw = await cube({ load: onlyRed, keep: { process_id: "apply", arguments: { data: { from_node: "load" }, process: { process_graph: { r: { process_id: "absolute", arguments: { x: { from_parameter: "x" } }, result: true } } } }, result: true } });
    // dims: t then bands(1): plane t is date t.
    const pixels = raw.planes[0]!.length;
    for (let i = 0; i < pixels; i++) {
      const values = raw.planes.map((p) => p[i]!);
      const mean = values.reduce((a, b) => a + b, 0) / 3;
      values.forEach((v, t) => expect(udf.planes[t]![i]).toBeCloseTo(v - mean, 5));
    }
    expect(calls).toEqual({ pixels: 0, lanes: 1, value: 0, datacube: 0 });
  });

  it("applyDatacube gets the whole cube and may change its label dimensions", async () => {
    // The mean over time of each band, as a cube with one date left.
    const code = [
      "export function applyDatacube(cube) {",
      "  const [t, bands, height, width] = cube.shape;",
      "  const pixels = height * width;",
      "  const data = new Float32Array(bands * pixels);",
      "  for (let b = 0; b < bands; b++)",
      "    for (let i = 0; i < pixels; i++) {",
      "      let [sum, n] = [0, 0];",
      "      for (let d = 0; d < t; d++) {",
      "        const v = cube.data[(d * bands + b) * pixels + i];",
      "        if (!Number.isNaN(v)) [sum, n] = [sum + v, n + 1];",
      "      }",
      "      data[b * pixels + i] = n ? sum / n : NaN;",
      "    }",
      "  const [time, ...rest] = cube.dimensions;",
      "  return { dimensions: [{ ...time, labels: [time.labels[0]] }, ...rest], shape: [1, bands, height, width], data };",
      "}",
    ].join("\n");
    const udf = await cube({ load, run: udfNode(code, { from_node: "load" }) });
    const builtIn = await cube({ load, mean: reduce("t", { process_id: "mean", arguments: { data: { from_parameter: "data" } }, result: true }) });
    expect(udf.dims.map((d) => [d.name, d.labels.length])).toEqual([["t", 1], ["bands", 2]]);
    expect(udf.planes.length).toBe(builtIn.planes.length);
    udf.planes.forEach((plane, p) => plane.forEach((v, i) => (Number.isNaN(builtIn.planes[p]![i]!) ? expect(v).toBeNaN() : expect(v).toBeCloseTo(builtIn.planes[p]![i]!, 5))));
  });

  it("draws XYZ tiles: an NDVI UDF's tile and an NDVI evalscript's are the built-in ndvi's, pixel for pixel", async () => {
    // The z17 tile over the scene's middle (UTM 33N 500160, 4999840).
    const [mx, my] = pointTransform("EPSG:32633", "EPSG:3857")(500160, 4999840);
    const tile = { z: 17, x: Math.floor(((mx + WEB_MERCATOR_HALF) / (2 * WEB_MERCATOR_HALF)) * 2 ** 17), y: Math.floor(((WEB_MERCATOR_HALF - my) / (2 * WEB_MERCATOR_HALF)) * 2 ** 17) };
    const configuration = parseXyzConfiguration({ colormap: "ndvi" });
    const draw = async (graph: Record<string, unknown>) => {
      const { engineEnv, data } = runEnvironment({ env, userId: "basic.alice", apiBase: "https://openeo.example.test/v1" }, "tile");
      return rgbaOf(readPng(await renderTile({ process_graph: graph }, configuration, tile, engineEnv, data, new RunLog("info"))));
    };
    const firstDate = { ...load, arguments: { ...load.arguments, temporal_extent: ["2024-05-01", "2024-05-02"] } };
    const udf = await draw({ load: firstDate, ndvi: reduce("bands", udfNode(NDVI_UDF)) });
    const builtIn = await draw({ load: firstDate, ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } }, result: true } });
    expect(builtIn.filter((v, i) => i % 4 === 3 && v === 255).length).toBeGreaterThan(1000);
    expect(udf).toEqual(builtIn);
    // An evalscript draws the same tile.
    const evalscript = "//VERSION=3\nfunction setup() {\n  return { input: ['B04', 'B08'], output: { bands: 1, sampleType: 'FLOAT32' } };\n}\nfunction evaluatePixel(s) {\n  return [(s.B08 - s.B04) / (s.B08 + s.B04)];\n}\n";
    const drawn = await draw({ load: firstDate, ndvi: { process_id: "run_udf", arguments: { data: { from_node: "load" }, udf: evalscript, runtime: "EvalscriptV3" }, result: true } });
    expect(drawn).toEqual(builtIn);
  });

  it("reads the script from the user's files, by any of the path's spellings", async () => {
    await env.FILES.put(userFileKey("basic.alice", "udfs/ndvi.js"), NDVI_UDF);
    const builtIn = await cube({ load, ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } }, result: true } });
    for (const path of ["udfs/ndvi.js", "/udfs/ndvi.js", "./udfs/ndvi.js"]) expectSamePlanes(await cube({ load, ndvi: reduce("bands", udfNode(path)) }), builtIn);
    await expect(cube({ load, ndvi: reduce("bands", udfNode("udfs/missing.js")) })).rejects.toMatchObject({ code: "FileNotFound" });
    await expect(cube({ load, ndvi: reduce("bands", udfNode("../other-user/ndvi.js")) })).rejects.toMatchObject({ code: "FileNotFound" });
  });
});

describe("run_udf errors through POST /result", () => {
  async function result(reducer: Record<string, unknown>): Promise<Response> {
    const process = { process_graph: { load, r: reduce("bands", reducer), save: { process_id: "save_result", arguments: { data: { from_node: "r" }, format: "GTiff" }, result: true } } };
    delete (process.process_graph.r as { result?: boolean }).result;
    return request("/v1/result", { method: "POST", headers: { Authorization: await loginAs("alice"), "Content-Type": "application/json" }, body: JSON.stringify({ process }) });
  }

  it("an unknown runtime or version", async () => {
    await expectError(await result({ ...udfNode(NDVI_UDF), arguments: { ...udfNode(NDVI_UDF).arguments, runtime: "Python" } }), 400, "InvalidRuntime");
    await expectError(await result({ ...udfNode(NDVI_UDF), arguments: { ...udfNode(NDVI_UDF).arguments, version: "3.11" } }), 400, "InvalidVersion");
  });

  it("a UDF that throws, loops forever or doesn't parse: 400 UdfFailed with its line", async () => {
    const throwing = "export function udf(data) {\n  const x = data.nothing.here;\n  return x;\n}\n";
    expect((await expectError(await result(udfNode(throwing)), 400, "UdfFailed")).message).toMatch(/^The UDF failed at line 2: TypeError/);
    const looping = "export function udf(data) {\n  while (data) {}\n}\n";
    expect((await expectError(await result(udfNode(looping)), 400, "UdfFailed")).message).toContain("steps");
    expect((await expectError(await result(udfNode("export function udf(data {\n}\n")), 400, "UdfFailed")).message).toMatch(/line 1: it is not valid JavaScript/);
  });
});

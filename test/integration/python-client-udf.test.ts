/**
 * UDFs and evalscripts as the openEO Python client (0.52) sends them: its node ids, its
 * lon/lat spatial_extent, `save_result` with `options: {}`, `run_udf` with only the arguments the
 * user gave (`version` and `context` when set; `version: "latest"` from reduce_temporal_udf), the
 * callback parameter named after the parent (`x` in apply), and `{"from_parameter": "context"}`
 * as the way to hand a parent's context on. Pixels are recomputed from the fixture's digital numbers.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { headerCache } from "../../src/raster/header-cache";
import { openCog } from "../../src/raster/open-cog";
import { transformBBox } from "../../src/raster/crs";
import { readWindow } from "../../src/raster/read-window";
import { ingestCubeScenes, NIR, RED } from "../support/cube-fixture";
import { expectError, loginAs, request } from "../support/http";
import { call, createJob, pathOf, until } from "../support/jobs";
import { MemoryByteSource } from "../support/memory-byte-source";
import { utmGrid } from "../support/raster-fixtures";

const f = Math.fround;
const GRID = utmGrid(16, 16);
// Two dates; the older has a no-data pixel in red at (3, 4).
const DN = {
  B04: (d: number) => (x: number, y: number) => (d === 1 && x === 3 && y === 4 ? 0 : 1200 + 11 * x + 5 * y + 100 * d),
  B08: (d: number) => (x: number, y: number) => 2800 + 9 * x - 4 * y + 300 * d * (x % 2),
};
const DATES = [1, 2];
const SCENES = DATES.map((d) => ({ id: `P${d}`, datetime: `2024-06-0${d * 3}T10:00:00Z`, grid: GRID, cloud: 0, values: { B04: DN.B04(d), B08: DN.B08(d) } }));

/** A band's reflectance on a date, as load_collection scales it (float32); NaN where the DN is no-data. */
function reflectance(band: keyof typeof DN, d: number, x: number, y: number): number {
  const dn = DN[band](d)(x, y);
  return dn === 0 ? NaN : f(dn * 0.0001 - 0.1);
}
const ndvi = (d: number, x: number, y: number) => {
  const [r, n] = [reflectance("B04", d, x, y), reflectance("B08", d, x, y)];
  return (n - r) / (n + r);
};
/** Over the dates, ignoring no-data as the built-in reducers do. */
const overDates = (value: (d: number) => number, combine: (values: number[]) => number) => {
  const values = DATES.map(value).filter((v) => !Number.isNaN(v));
  return values.length ? combine(values) : NaN;
};
const max = (values: number[]) => Math.max(...values);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

// The client's load_collection: the fixture's footprint in degrees, as west/south/east/north without a crs.
const [west, south, east, north] = transformBBox(GRID.bbox, GRID.crs, "EPSG:4326");
const loadcollection1 = {
  process_id: "load_collection",
  arguments: { bands: ["B04", "B08"], id: "py-udf", spatial_extent: { west, south, east, north }, temporal_extent: ["2024-06-01", "2024-06-10"] },
};
const saveresult = (from: string) => ({ process_id: "save_result", arguments: { data: { from_node: from }, format: "GTiff", options: {} }, result: true });
const callback = (node: Record<string, unknown>) => ({ process_graph: { runudf1: { process_id: "run_udf", arguments: node, result: true } } });
const maxTime = (from: string) => ({
  process_id: "reduce_dimension",
  arguments: { data: { from_node: from }, dimension: "t", reducer: { process_graph: { max1: { process_id: "max", arguments: { data: { from_parameter: "data" } }, result: true } } } },
});

const NDVI_JS = [
  "export function udf(data) {",
  '  const red = data[data.labels.indexOf("B04")];',
  '  const nir = data[data.labels.indexOf("B08")];',
  "  if (red === null || nir === null) return null;",
  "  return (nir - red) / (nir + red);",
  "}",
  "",
].join("\n");

/** What cube.reduce_dimension(dimension="bands", reducer=UDF(NDVI_JS, ...)).max_time() builds. */
const ndviGraph = (udfArguments: Record<string, unknown> = {}) => ({
  loadcollection1,
  reducedimension1: {
    process_id: "reduce_dimension",
    arguments: { data: { from_node: "loadcollection1" }, dimension: "bands", reducer: callback({ data: { from_parameter: "data" }, runtime: "JavaScript", udf: NDVI_JS, ...udfArguments }) },
  },
  reducedimension2: maxTime("reducedimension1"),
  saveresult1: saveresult("reducedimension2"),
});

async function post(graph: Record<string, unknown>): Promise<Response> {
  return request("/v1/result", { method: "POST", headers: { Authorization: await loginAs("alice"), "Content-Type": "application/json" }, body: JSON.stringify({ process: { process_graph: graph } }) });
}

/** The GTiff's bands, checked to lie on the fixture's pixel grid. */
async function bandsOf(res: Response): Promise<{ bands: Float32Array[]; at: (x: number, y: number) => number }> {
  expect(res.status, res.status === 200 ? "" : await res.clone().text()).toBe(200);
  headerCache.clear();
  const cog = await openCog(new MemoryByteSource(new Uint8Array(await res.arrayBuffer())));
  const { grid, samplesPerPixel } = cog.header;
  expect(grid.crs).toBe(GRID.crs);
  expect((grid.bbox[2] - grid.bbox[0]) / grid.width).toBe(10);
  expect([grid.bbox[0] % 10, grid.bbox[3] % 10]).toEqual([0, 0]);
  const window = { x: 0, y: 0, width: grid.width, height: grid.height };
  const bands: Float32Array[] = [];
  for (let s = 0; s < samplesPerPixel; s++) bands.push(Float32Array.from(await readWindow(cog, 0, s, window)));
  // Result pixel index of the fixture's pixel (x, y).
  const at = (x: number, y: number) => (y - (GRID.bbox[3] - grid.bbox[3]) / 10) * grid.width + x - (grid.bbox[0] - GRID.bbox[0]) / 10;
  return { bands, at };
}

/** Every fixture pixel of each band equals expected(band, x, y), within float32 rounding; NaN for no-data. */
async function expectPixels(res: Response, bandCount: number, expected: (band: number, x: number, y: number) => number): Promise<void> {
  const { bands, at } = await bandsOf(res);
  expect(bands.length).toBe(bandCount);
  bands.forEach((plane, b) => {
    for (let y = 0; y < GRID.height; y++)
      for (let x = 0; x < GRID.width; x++) {
        const want = expected(b, x, y);
        const got = plane[at(x, y)]!;
        if (Number.isNaN(want)) expect(got, `band ${b} (${x}, ${y})`).toBeNaN();
        else expect(Math.abs(got - want), `band ${b} (${x}, ${y}): ${got} vs ${want}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want)));
      }
  });
}

const BANDS = ["B04", "B08"] as const;

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "py-udf", SCENES, [RED, NIR]);
});

describe("UDFs as the Python client builds them", () => {
  it("UDF(code, runtime='JavaScript') as the bands reducer, then max_time: the NDVI, no-data skipped", async () => {
    await expectPixels(await post(ndviGraph()), 1, (_, x, y) => overDates((d) => ndvi(d, x, y), max));
    // UDF(..., version="ES2023", context={...}) adds both; a lower-case runtime is the same runtime.
    await expectPixels(await post(ndviGraph({ version: "ES2023", context: { a: 1 } })), 1, (_, x, y) => overDates((d) => ndvi(d, x, y), max));
    await expectPixels(await post(ndviGraph({ runtime: "javascript" })), 1, (_, x, y) => overDates((d) => ndvi(d, x, y), max));
  });

  it("reduce_temporal_udf(code, runtime='JavaScript') sends version 'latest': the runtime's version", async () => {
    const mean = "export function udf(data) {\n  const v = data.filter((x) => x !== null);\n  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;\n}\n";
    const graph = {
      loadcollection1,
      reducedimension1: { process_id: "reduce_dimension", arguments: { data: { from_node: "loadcollection1" }, dimension: "t", reducer: callback({ data: { from_parameter: "data" }, runtime: "JavaScript", udf: mean, version: "latest" }) } },
      saveresult1: saveresult("reducedimension1"),
    };
    await expectPixels(await post(graph), 2, (b, x, y) => overDates((d) => reflectance(BANDS[b]!, d, x, y), (v) => sum(v) / v.length));
    const unknown = { ...graph, reducedimension1: { ...graph.reducedimension1, arguments: { ...graph.reducedimension1.arguments, reducer: callback({ data: { from_parameter: "data" }, runtime: "JavaScript", udf: mean, version: "ES5" }) } } };
    await expectError(await post(unknown), 400, "InvalidVersion");
  });

  it("apply(process=UDF) gets its value as parameter x; apply_dimension(process=UDF, dimension='t') an array per pixel", async () => {
    const affine = "\nexport function udf(x, context) {\n  return x === null ? null : x * 2 + 1;\n}\n";
    const apply = {
      loadcollection1,
      apply1: { process_id: "apply", arguments: { data: { from_node: "loadcollection1" }, process: callback({ data: { from_parameter: "x" }, runtime: "JavaScript", udf: affine }) } },
      reducedimension1: maxTime("apply1"),
      saveresult1: saveresult("reducedimension1"),
    };
    await expectPixels(await post(apply), 2, (b, x, y) => overDates((d) => reflectance(BANDS[b]!, d, x, y) * 2 + 1, max));
    // A running sum over time: its maximum is the sum of the dates with data.
    const runningSum = "export function udf(data) {\n  let total = 0;\n  return Array.from(data, (v) => (v === null ? null : (total += v)));\n}\n";
    const applyDimension = {
      loadcollection1,
      applydimension1: { process_id: "apply_dimension", arguments: { data: { from_node: "loadcollection1" }, dimension: "t", process: callback({ data: { from_parameter: "data" }, runtime: "JavaScript", udf: runningSum }) } },
      reducedimension1: maxTime("applydimension1"),
      saveresult1: saveresult("reducedimension1"),
    };
    await expectPixels(await post(applyDimension), 2, (b, x, y) => overDates((d) => reflectance(BANDS[b]!, d, x, y), sum));
  });

  it("context: the UDF's own, or the parent's through {from_parameter: 'context'}", async () => {
    const scale = "export function udf(data, context) {\n  return data === null ? null : data * context.factor;\n}\n";
    const fromParent = {
      loadcollection1,
      apply1: {
        process_id: "apply",
        arguments: { context: { factor: 10 }, data: { from_node: "loadcollection1" }, process: callback({ context: { from_parameter: "context" }, data: { from_parameter: "x" }, runtime: "JavaScript", udf: scale }) },
      },
      reducedimension1: maxTime("apply1"),
      saveresult1: saveresult("reducedimension1"),
    };
    await expectPixels(await post(fromParent), 2, (b, x, y) => overDates((d) => reflectance(BANDS[b]!, d, x, y) * 10, max));
    const offset = "export function udf(d, c) {\n return Array.from(d, (v) => v === null ? null : v + c.offset);\n}\n";
    const own = {
      loadcollection1,
      applydimension1: {
        process_id: "apply_dimension",
        arguments: { data: { from_node: "loadcollection1" }, dimension: "bands", process: callback({ context: { offset: 5 }, data: { from_parameter: "data" }, runtime: "JavaScript", udf: offset }) },
      },
      reducedimension1: maxTime("applydimension1"),
      saveresult1: saveresult("reducedimension1"),
    };
    await expectPixels(await post(own), 2, (b, x, y) => overDates((d) => reflectance(BANDS[b]!, d, x, y) + 5, max));
  });

  it("cube.process('run_udf', data=cube, ...) runs applyDatacube on the whole cube with its context", async () => {
    const times = "export function applyDatacube(cube, context) {\n  const data = cube.data.map((v) => v * context.factor);\n  return { dimensions: cube.dimensions, shape: cube.shape, data };\n}\n";
    const graph = {
      loadcollection1,
      runudf1: { process_id: "run_udf", arguments: { context: { factor: 3 }, data: { from_node: "loadcollection1" }, runtime: "JavaScript", udf: times } },
      reducedimension1: maxTime("runudf1"),
      saveresult1: saveresult("reducedimension1"),
    };
    await expectPixels(await post(graph), 2, (b, x, y) => overDates((d) => reflectance(BANDS[b]!, d, x, y) * 3, max));
  });
});

describe("evalscripts as the Python client builds them", () => {
  const EVALSCRIPT = [
    "//VERSION=3",
    "function setup() {",
    '  return { input: ["B04", "B08", "dataMask"], output: { bands: 2 } };',
    "}",
    "function evaluatePixel(sample) {",
    "  return [(sample.B08 - sample.B04) / (sample.B08 + sample.B04), sample.dataMask];",
    "}",
    "",
  ].join("\n");
  const graph = (version?: string) => ({
    loadcollection1,
    runudf1: { process_id: "run_udf", arguments: { data: { from_node: "loadcollection1" }, runtime: "EvalscriptV3", udf: EVALSCRIPT, ...(version ? { version } : {}) } },
    saveresult1: saveresult("runudf1"),
  });
  // SIMPLE mosaicking: the most recent date, which has data everywhere.
  const expected = (b: number, x: number, y: number) => (b === 0 ? ndvi(2, x, y) : 1);

  it("run_udf(runtime='EvalscriptV3') on the cube: NDVI of the newest date and dataMask; version 3 or latest", async () => {
    await expectPixels(await post(graph()), 2, expected);
    await expectPixels(await post(graph("3")), 2, expected);
    await expectPixels(await post(graph("latest")), 2, expected);
  });

  it("as a reducer (which the client lets one build) it is refused, naming why", async () => {
    const reducer = {
      loadcollection1,
      reducedimension1: { process_id: "reduce_dimension", arguments: { data: { from_node: "loadcollection1" }, dimension: "bands", reducer: callback({ data: { from_parameter: "data" }, runtime: "EvalscriptV3", udf: EVALSCRIPT }) } },
      saveresult1: saveresult("reducedimension1"),
    };
    expect((await expectError(await post(reducer), 400, "ProcessParameterInvalid")).message).toContain("runs on a data cube, not inside a callback");
  });

  it("execute_batch: the client's POST /jobs body; the job's GTiff holds the same pixels", async () => {
    const id = await createJob({ process: { process_graph: graph() }, title: "evalscript ndvi" });
    expect((await call("POST", `/jobs/${id}/results`, { user: "alice" })).status).toBe(202);
    expect((await until(id, ["finished", "error"])).status).toBe("finished");
    const results = (await (await call("GET", `/jobs/${id}/results`, { user: "alice" })).json()) as { assets: Record<string, { href: string }> };
    const [asset] = Object.values(results.assets);
    await expectPixels(await request(pathOf(asset!.href)), 2, expected);
  });
});

/**
 * Sentinel Hub evalscripts (V3) through run_udf, in the style of Sentinel Hub's public custom
 * scripts (true colour, NDVI with dataMask, a scene classification mask, a multi-temporal maximum),
 * over ingested COGs whose digital numbers are known here: every expected value is recomputed from
 * those numbers, not from our processes.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../src/catalog/catalog";
import { catalogDataAccess } from "../../src/catalog/data-access";
import { materialize, type RasterCube } from "../../src/cube";
import { runProcess } from "../../src/engine";
import { PROCESSES } from "../../src/processes";
import { workerLoaderSandbox } from "../../src/sandbox/worker-loader-sandbox";
import { ingestCubeScenes, type FixtureBand } from "../support/cube-fixture";
import { utmGrid } from "../support/raster-fixtures";

// Reflectance = DN / 10,000 (no offset), as collections ingested with --offset 0 are; SCL is a class.
const band = (key: string, common: string, wavelength: number, scale = 0.0001): FixtureBand => ({ key, common, wavelength, scale, offset: 0 });
const BANDS = [band("B02", "blue", 0.49), band("B03", "green", 0.56), band("B04", "red", 0.665), band("B08", "nir", 0.842), band("SCL", "scl", 0, 1)];
const WIDTH = 16;
/** DN of band `key` at day d (1..3), pixel (x, y); 0 is no data: pixel (3, 4) has none on day 3, pixel (6, 6) none on any day. */
function dn(key: string, d: number, x: number, y: number): number {
  if ((d === 3 && x === 3 && y === 4) || (x === 6 && y === 6)) return 0;
  const base = { B02: 400, B03: 700, B04: 900, B08: 2500, SCL: 0 }[key]!;
  if (key === "SCL") return (x + y + d) % 5 === 0 ? 9 : 4; // 9: cloud high probability, 4: vegetation
  return base + 10 * x + 7 * y + (key === "B08" ? 300 * d * ((x + d) % 3) : 50 * d);
}
const SCENES = [1, 2, 3].map((d) => ({
  id: `E${d}`,
  datetime: `2024-06-0${d}T10:00:00Z`,
  grid: utmGrid(WIDTH, WIDTH),
  cloud: 0,
  values: Object.fromEntries(BANDS.map((b) => [b.key, (x: number, y: number) => dn(b.key, d, x, y)])),
}));

const data = () => ({ ...catalogDataAccess(new Catalog(env.DATA), { data: env.DATA, files: env.FILES, apiBase: "https://openeo.example.test/v1" }), sandbox: workerLoaderSandbox(env.LOADER!) });

async function evaluate(script: string, bands = ["B02", "B03", "B04", "B08", "SCL"], days = ["2024-06-01", "2024-06-04"]): Promise<RasterCube> {
  const access = data();
  const graph = {
    load: { process_id: "load_collection", arguments: { id: "evalscript-scenes", spatial_extent: null, temporal_extent: days, bands } },
    run: { process_id: "run_udf", arguments: { data: { from_node: "load" }, udf: script, runtime: "EvalscriptV3" }, result: true },
  };
  return materialize((await runProcess({ process_graph: graph }, { processes: PROCESSES }, { ctx: { log() {}, data: access } as never })) as never, access);
}

/** The expected value of every pixel, or NaN. */
function expectPlane(plane: Float32Array, expected: (x: number, y: number) => number, tolerance = 1e-6): void {
  for (let y = 0; y < WIDTH; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const [got, want] = [plane[y * WIDTH + x]!, expected(x, y)];
      if (Number.isNaN(want)) expect(got, `(${x}, ${y})`).toBeNaN();
      else expect(Math.abs(got - want), `(${x}, ${y}): ${got} vs ${want}`).toBeLessThanOrEqual(tolerance);
    }
  }
}

/** The most recent day with data at a pixel (SIMPLE mosaicking), or undefined. */
const latestDay = (x: number, y: number) => [3, 2, 1].find((d) => dn("B04", d, x, y) !== 0);
const f32 = Math.fround;

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "evalscript-scenes", SCENES, BANDS);
});

describe("evalscripts (V3) through run_udf", () => {
  it("true colour: 2.5 x reflectance of the most recent date with data, dataMask 0 where none has any", async () => {
    const script = [
      "//VERSION=3",
      "function setup() {",
      "  return { input: ['B02', 'B03', 'B04', 'dataMask'], output: { bands: 4 } };",
      "}",
      "function evaluatePixel(sample) {",
      "  return [2.5 * sample.B04, 2.5 * sample.B03, 2.5 * sample.B02, sample.dataMask];",
      "}",
    ].join("\n");
    const cube = await evaluate(script);
    expect(cube.dims).toEqual([{ name: "bands", type: "bands", labels: [1, 2, 3, 4].map((n) => ({ name: `default_${n}` })) }]);
    ["B04", "B03", "B02"].forEach((key, b) =>
      expectPlane(cube.planes[b]!, (x, y) => {
        const d = latestDay(x, y);
        return d === undefined ? 0 : 2.5 * f32(dn(key, d, x, y) * 0.0001);
      }, 1e-6),
    );
    expectPlane(cube.planes[3]!, (x, y) => (latestDay(x, y) === undefined ? 0 : 1));
    // Pixel (3, 4) has no data on day 3: it shows day 2.
    expect(cube.planes[0]![4 * WIDTH + 3]).toBeCloseTo(2.5 * dn("B04", 2, 3, 4) * 0.0001, 6);
  });

  it("NDVI with DN units and two outputs, each named by its id", async () => {
    const script = [
      "//VERSION=3",
      "function setup() {",
      "  return {",
      "    input: [{ bands: ['B04', 'B08', 'dataMask'], units: 'DN' }],",
      "    output: [{ id: 'ndvi', bands: 1, sampleType: 'FLOAT32' }, { id: 'dn', bands: 2, sampleType: 'UINT16' }],",
      "  };",
      "}",
      "function evaluatePixel(s) {",
      "  return { ndvi: [s.dataMask ? (s.B08 - s.B04) / (s.B08 + s.B04) : NaN], dn: [s.B04, s.B08] };",
      "}",
    ].join("\n");
    const cube = await evaluate(script);
    expect(cube.dims[0]!.labels).toEqual(["ndvi_1", "dn_1", "dn_2"].map((name) => ({ name })));
    const at = (key: string) => (x: number, y: number) => {
      const d = latestDay(x, y);
      return d === undefined ? 0 : dn(key, d, x, y);
    };
    expectPlane(cube.planes[1]!, at("B04"), 0);
    expectPlane(cube.planes[2]!, at("B08"), 0);
    expectPlane(cube.planes[0]!, (x, y) => (latestDay(x, y) === undefined ? NaN : (at("B08")(x, y) - at("B04")(x, y)) / (at("B08")(x, y) + at("B04")(x, y))));
  });

  it("a scene classification mask: clouds (SCL 8, 9, 10) and no data as 0, the rest 1", async () => {
    const script = [
      "//VERSION=3",
      "function setup() {",
      "  return { input: ['SCL', 'dataMask'], output: { bands: 1, sampleType: 'UINT8' } };",
      "}",
      "const CLOUDS = [8, 9, 10];",
      "function evaluatePixel(sample) {",
      "  if (!sample.dataMask || CLOUDS.includes(sample.SCL)) return [0];",
      "  return [1];",
      "}",
    ].join("\n");
    const cube = await evaluate(script, ["SCL"]);
    // SCL 0 is no data: (3, 4) falls back to day 2, (6, 6) has none.
    expectPlane(cube.planes[0]!, (x, y) => {
      const d = [3, 2, 1].find((day) => dn("SCL", day, x, y) !== 0);
      return d === undefined || dn("SCL", d, x, y) === 9 ? 0 : 1;
    });
  });

  it("a multi-temporal maximum NDVI (ORBIT mosaicking: every date, most recent first)", async () => {
    const script = [
      "//VERSION=3",
      "function setup() {",
      "  return { input: ['B04', 'B08', 'dataMask'], output: { bands: 2 }, mosaicking: 'ORBIT' };",
      "}",
      "function evaluatePixel(samples, scenes) {",
      "  let max = -Infinity;",
      "  for (const s of samples) if (s.dataMask) max = Math.max(max, (s.B08 - s.B04) / (s.B08 + s.B04));",
      "  return [max === -Infinity ? NaN : max, scenes.orbits.length];",
      "}",
    ].join("\n");
    const cube = await evaluate(script, ["B04", "B08"]);
    expectPlane(cube.planes[0]!, (x, y) => {
      const ndvis = [1, 2, 3].filter((d) => dn("B04", d, x, y) !== 0).map((d) => {
        const [r, n] = [f32(dn("B04", d, x, y) * 0.0001), f32(dn("B08", d, x, y) * 0.0001)];
        return (n - r) / (n + r);
      });
      return ndvis.length ? Math.max(...ndvis) : NaN;
    });
    expectPlane(cube.planes[1]!, () => 3);
    expect(cube.timeSpan).toEqual(["2024-06-01T00:00:00Z", "2024-06-03T00:00:00Z"]);
  });

  it("a time series: preProcessScenes drops a date, updateOutput gives one band per date left, most recent first", async () => {
    const script = [
      "//VERSION=3",
      "function setup() {",
      "  return { input: ['B04', 'dataMask'], output: { id: 'series', bands: 1, sampleType: 'FLOAT32' }, mosaicking: 'ORBIT' };",
      "}",
      "function preProcessScenes(collections) {",
      "  collections.scenes.orbits = collections.scenes.orbits.filter((orbit) => orbit.dateFrom !== '2024-06-02T00:00:00Z');",
      "  return collections;",
      "}",
      "function updateOutput(outputs, collection) {",
      "  outputs.series.bands = collection.scenes.length;",
      "}",
      "function evaluatePixel(samples) {",
      "  return samples.map((s) => (s.dataMask ? s.B04 : -1));",
      "}",
    ].join("\n");
    const cube = await evaluate(script, ["B04"]);
    expect(cube.dims[0]!.labels).toEqual([{ name: "series_1" }, { name: "series_2" }]);
    for (const [band, d] of [3, 1].entries()) expectPlane(cube.planes[band]!, (x, y) => (dn("B04", d, x, y) === 0 ? -1 : f32(dn("B04", d, x, y) * 0.0001)));
    expect(cube.timeSpan).toEqual(["2024-06-01T00:00:00Z", "2024-06-03T00:00:00Z"]);
  });

  it("fills samples of nine input names (band names and their aliases) and of none but dataMask", async () => {
    const names = ["B02", "blue", "B03", "green", "B04", "red", "B08", "nir", "SCL"];
    const script = [
      "//VERSION=3",
      "function setup() {",
      `  return { input: ${JSON.stringify([...names, "dataMask"])}, output: [{ id: 'sum', bands: 1, sampleType: 'FLOAT32' }, { id: 'last', bands: 1, sampleType: 'FLOAT32' }] };`,
      "}",
      "function evaluatePixel(s) {",
      `  return { sum: [${names.map((n) => `s.${n}`).join(" + ")}], last: [s.dataMask ? s.SCL : -1] };`,
      "}",
    ].join("\n");
    const cube = await evaluate(script);
    const reflectances = (d: number, x: number, y: number) => ["B02", "B03", "B04", "B08"].reduce((sum, key) => sum + 2 * f32(dn(key, d, x, y) * 0.0001), 0);
    expectPlane(cube.planes[0]!, (x, y) => {
      const d = latestDay(x, y);
      return d === undefined ? 0 : reflectances(d, x, y) + dn("SCL", d, x, y);
    }, 1e-5);
    expectPlane(cube.planes[1]!, (x, y) => {
      const d = latestDay(x, y);
      return d === undefined ? -1 : dn("SCL", d, x, y);
    });
    const onlyMask = "//VERSION=3\nfunction setup() {\n  return { input: ['dataMask'], output: { bands: 1, sampleType: 'FLOAT32' } };\n}\nfunction evaluatePixel(s) {\n  return [s.dataMask];\n}\n";
    expectPlane((await evaluate(onlyMask, ["B04"])).planes[0]!, () => 1);
  });

  it("bad scripts get errors that say what is wrong", async () => {
    const setup = (body: string) => `//VERSION=3\nfunction setup() {\n  return ${body};\n}\nfunction evaluatePixel(s) {\n  return [s.B04];\n}\n`;
    await expect(evaluate("function setup() {}\nfunction evaluatePixel() {}\n")).rejects.toMatchObject({ code: "UdfFailed", message: expect.stringContaining("//VERSION=3") });
    await expect(evaluate(setup("{ input: ['B05'], output: { bands: 1 } }"))).rejects.toMatchObject({ code: "UdfFailed", message: expect.stringContaining("'B05'") });
    await expect(evaluate(setup("{ input: ['B04'], output: { bands: 2 } }"))).rejects.toMatchObject({ code: "UdfFailed", message: expect.stringContaining("declares 2 bands") });
    await expect(evaluate(setup("{ input: ['B04'], output: { bands: 1 }, mosaicking: 'ALL' }"))).rejects.toMatchObject({ message: expect.stringContaining("mosaicking") });
    await expect(evaluate("//VERSION=3\nfunction setup() {\n  return { input: ['B04'], output: { bands: 1 } };\n}\n")).rejects.toMatchObject({ message: expect.stringContaining("no function evaluatePixel") });
  });
});

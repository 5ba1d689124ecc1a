/**
 * Sentinel Hub's Statistical API (POST /api/v1/statistics) over an ingested collection whose
 * digital numbers are known here: statistics per interval and band, percentiles and histograms
 * recomputed in the test from those numbers (the mask excluded); intervals and the last one's
 * behaviour; a failing interval's error; the same numbers the openEO way (aggregate_temporal_period
 * then aggregate_spatial); bad requests in Sentinel Hub's error shape.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { BudgetExceeded, RUN_LIMITS, WorkBudget } from "../../src/budget";
import { Catalog } from "../../src/catalog/catalog";
import { catalogDataAccess } from "../../src/catalog/data-access";
import { pointTransform } from "../../src/raster/crs";
import type { UdfSandbox } from "../../src/sandbox/sandbox";
import { workerLoaderSandbox } from "../../src/sandbox/worker-loader-sandbox";
import { parseStatisticalRequest } from "../../src/sentinel-hub/statistics/request";
import { runStatisticalRequest } from "../../src/sentinel-hub/statistics/run-statistics";
import { ingestCubeScenes, type FixtureBand } from "../support/cube-fixture";
import { loginAs, request } from "../support/http";
import { utmGrid } from "../support/raster-fixtures";

const band = (key: string, common: string, wavelength: number): FixtureBand => ({ key, common, wavelength, scale: 0.0001, offset: 0 });
const BANDS = [band("B04", "red", 0.665), band("B08", "nir", 0.842)];
const SIDE = 16;
const DAYS = [1, 2, 3, 8, 12];
/** DN on day d; pixel (2, 3) has no data on day 3, (4, 0) none on day 8. */
const dn = (key: string, d: number, x: number, y: number) =>
  (d === 3 && x === 2 && y === 3) || (d === 8 && x === 4 && y === 0) ? 0 : { B04: 900, B08: 2600 }[key]! + 11 * x + 5 * y + ((x * y) % 7) * 13 + 100 * d * (key === "B08" ? 3 : 1);
const day = (d: number) => `2024-07-${String(d).padStart(2, "0")}`;
const SCENES = DAYS.map((d) => ({ id: `S${d}`, datetime: `${day(d)}T10:00:00Z`, grid: utmGrid(SIDE, SIDE), cloud: 5, values: Object.fromEntries(BANDS.map((b) => [b.key, (x: number, y: number) => dn(b.key, d, x, y)])) }));
const BBOX = [500000, 4999840, 500160, 5000000];
const UTM = "http://www.opengis.net/def/crs/EPSG/0/32633";
/**
 * The grid without its top-right block (x 10..15, y 0..7): its inner edges lie 2 to 3 m from pixel
 * edges, its outer ones beyond the box (whose intersection with the bbox is the bbox, the grid unchanged).
 */
const L_SHAPE: [number, number][] = [[499990, 4999830], [500170, 4999830], [500170, 4999918], [500098, 4999918], [500098, 5000010], [499990, 5000010], [499990, 4999830]];
const inL = (x: number, y: number) => !(x >= 10 && y < 8);

const f32 = Math.fround;
const refl = (key: string, d: number, x: number, y: number) => f32(dn(key, d, x, y) * 0.0001);
const ndviAt = (d: number, x: number, y: number) => f32((refl("B08", d, x, y) - refl("B04", d, x, y)) / (refl("B08", d, x, y) + refl("B04", d, x, y)));

const SCRIPT = [
  "//VERSION=3",
  "function setup() {",
  "  return { input: ['B04', 'B08', 'dataMask'], output: [{ id: 'ndvi', bands: 1 }, { id: 'bands', bands: 2 }, { id: 'dataMask', bands: 1 }] };",
  "}",
  "function evaluatePixel(s) {",
  "  return { ndvi: [(s.B08 - s.B04) / (s.B08 + s.B04)], bands: [s.B04, s.B08], dataMask: [s.dataMask] };",
  "}",
].join("\n");

interface Stats {
  min: number | string;
  max: number | string;
  mean: number | string;
  stDev: number | string;
  sampleCount: number;
  noDataCount: number;
  percentiles?: Record<string, number>;
}
interface Histogram {
  bins: { lowEdge: number; highEdge: number; count: number }[];
  overflowCount: number;
  underflowCount: number;
}
interface Entry {
  interval: { from: string; to: string };
  outputs?: Record<string, { bands: Record<string, { stats: Stats; histogram?: Histogram }> }>;
  error?: { type: string; message: string };
}

function body(o: { timeRange?: unknown; of?: string; last?: string; evalscript?: string; calculations?: unknown; bounds?: unknown; aggregation?: Record<string, unknown>; dataFilter?: Record<string, unknown> } = {}) {
  return {
    input: { bounds: o.bounds ?? { bbox: BBOX, properties: { crs: UTM } }, data: [{ type: "byoc-sh-stats", dataFilter: { ...o.dataFilter } }] },
    aggregation: {
      timeRange: o.timeRange ?? { from: "2024-07-01T00:00:00Z", to: "2024-07-06T00:00:00Z" },
      aggregationInterval: { of: o.of ?? "P1D", ...(o.last ? { lastIntervalBehavior: o.last } : {}) },
      width: SIDE,
      height: SIDE,
      evalscript: o.evalscript ?? SCRIPT,
      ...o.aggregation,
    },
    ...(o.calculations ? { calculations: o.calculations } : {}),
  };
}

async function post(json: unknown): Promise<Response> {
  return request("/api/v1/statistics", { method: "POST", headers: { Authorization: await loginAs("alice"), "Content-Type": "application/json" }, body: JSON.stringify(json) });
}

async function statistics(json: unknown): Promise<{ data: Entry[]; status: string }> {
  const res = await post(json);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { data: Entry[]; status: string };
}

/** The valid values of a pixel function over the grid (undefined: no data), min..sd recomputed the textbook way. */
function expected(value: (x: number, y: number) => number | undefined) {
  const values: number[] = [];
  for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) {
    const v = value(x, y);
    if (v !== undefined) values.push(v);
  }
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) * (v - mean), 0) / (n - 1));
  return { values, n, min: Math.min(...values), max: Math.max(...values), mean, sd };
}

function expectStats(stats: Stats, e: ReturnType<typeof expected>, noData: number) {
  expect(stats.sampleCount).toBe(SIDE * SIDE);
  expect(stats.noDataCount).toBe(noData);
  expect(stats.min).toBe(e.min);
  expect(stats.max).toBe(e.max);
  expect(stats.mean as number).toBeCloseTo(e.mean, 12);
  expect(stats.stDev as number).toBeCloseTo(e.sd, 12);
}

/** Two passes of one day, at 10:00 and 14:00, told apart by their values. */
const HOURS = [10, 14];
const hourDn = (hour: number, x: number, y: number) => 100 * hour + 7 * x + y;

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "sh-stats", SCENES, BANDS);
  const hourly = HOURS.map((hour) => ({ id: `H${hour}`, datetime: `2024-07-05T${hour}:00:00Z`, grid: utmGrid(SIDE, SIDE), cloud: 5, values: Object.fromEntries(BANDS.map((b) => [b.key, (x: number, y: number) => hourDn(hour, x, y)])) }));
  await ingestCubeScenes(env.DATA, "sh-stats-hours", hourly, BANDS);
});

describe("POST /api/v1/statistics", () => {
  it("answers statistics per day (P1D) and band, leaving out days without scenes; the dataMask output masks, B0.. name the bands", async () => {
    const json = await statistics(body());
    expect(json.status).toBe("OK");
    expect(json.data.map((e) => e.interval)).toEqual([1, 2, 3].map((d) => ({ from: `${day(d)}T00:00:00Z`, to: `${day(d + 1)}T00:00:00Z` })));
    for (const [i, d] of [1, 2, 3].entries()) {
      const outputs = json.data[i]!.outputs!;
      expect(Object.keys(outputs).sort()).toEqual(["bands", "ndvi"]);
      expect(Object.keys(outputs.bands!.bands)).toEqual(["B0", "B1"]);
      const gap = (x: number, y: number) => d === 3 && x === 2 && y === 3;
      const noData = d === 3 ? 1 : 0;
      expectStats(outputs.ndvi!.bands.B0!.stats, expected((x, y) => (gap(x, y) ? undefined : ndviAt(d, x, y))), noData);
      expectStats(outputs.bands!.bands.B0!.stats, expected((x, y) => (gap(x, y) ? undefined : refl("B04", d, x, y))), noData);
      expectStats(outputs.bands!.bands.B1!.stats, expected((x, y) => (gap(x, y) ? undefined : refl("B08", d, x, y))), noData);
      expect(outputs.ndvi!.bands.B0!.histogram).toBeUndefined();
    }
  });

  it("cuts the range by P5D with SKIP (the default), SHORTEN or EXTEND; an interval's scenes are mosaicked as the script says (SIMPLE, most recent first)", async () => {
    const timeRange = { from: "2024-07-01T00:00:00Z", to: "2024-07-13T00:00:00Z" };
    const intervals = async (last?: string) => (await statistics(body({ timeRange, of: "P5D", ...(last ? { last } : {}) }))).data.map((e) => e.interval);
    const first = [{ from: "2024-07-01T00:00:00Z", to: "2024-07-06T00:00:00Z" }, { from: "2024-07-06T00:00:00Z", to: "2024-07-11T00:00:00Z" }];
    expect(await intervals()).toEqual(first);
    expect(await intervals("SHORTEN")).toEqual([...first, { from: "2024-07-11T00:00:00Z", to: "2024-07-13T00:00:00Z" }]);
    expect(await intervals("EXTEND")).toEqual([...first, { from: "2024-07-11T00:00:00Z", to: "2024-07-16T00:00:00Z" }]);
    // Days 1 to 3: day 3 wherever it has data, day 2 at its gap.
    const json = await statistics(body({ timeRange, of: "P5D" }));
    expectStats(json.data[0]!.outputs!.ndvi!.bands.B0!.stats, expected((x, y) => ndviAt(x === 2 && y === 3 ? 2 : 3, x, y)), 0);
    expectStats(json.data[1]!.outputs!.ndvi!.bands.B0!.stats, expected((x, y) => (x === 4 && y === 0 ? undefined : ndviAt(8, x, y))), 1);
    // EXTEND reads past timeRange.to: day 12 lies after the 11th, inside the last interval of four days.
    const extended = await statistics(body({ timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-11T00:00:00Z" }, of: "P4D", last: "EXTEND" }));
    expect(extended.data.map((e) => e.interval)).toEqual([{ from: "2024-07-01T00:00:00Z", to: "2024-07-05T00:00:00Z" }, { from: "2024-07-05T00:00:00Z", to: "2024-07-09T00:00:00Z" }, { from: "2024-07-09T00:00:00Z", to: "2024-07-13T00:00:00Z" }]);
    expectStats(extended.data[2]!.outputs!.bands!.bands.B1!.stats, expected((x, y) => refl("B08", 12, x, y)), 0);
    // A month from the first: every scene.
    const month = await statistics(body({ timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-08-01T00:00:00Z" }, of: "P1M" }));
    expect(month.data.map((e) => e.interval)).toEqual([{ from: "2024-07-01T00:00:00Z", to: "2024-08-01T00:00:00Z" }]);
    expectStats(month.data[0]!.outputs!.bands!.bands.B1!.stats, expected((x, y) => refl("B08", 12, x, y)), 0);
  });

  it("masks pixels outside input.bounds.geometry and where an output's own band named dataMask is 0; bands named in setup() name the results", async () => {
    const script = [
      "//VERSION=3",
      "function setup() { return { input: ['B04', 'dataMask'], output: [{ id: 'red', bands: ['red', 'dataMask'] }] }; }",
      "function evaluatePixel(s) { return { red: [s.B04, s.dataMask && s.B04 < 0.11 ? 1 : 0] }; }",
    ].join("\n");
    const json = await statistics(body({ evalscript: script, bounds: { bbox: BBOX, geometry: { type: "Polygon", coordinates: [L_SHAPE] }, properties: { crs: UTM } } }));
    expect(json.data).toHaveLength(3);
    const stats = json.data[0]!.outputs!.red!.bands;
    expect(Object.keys(stats)).toEqual(["red"]);
    const inside = (x: number, y: number) => inL(x, y) && refl("B04", 1, x, y) < 0.11;
    const e = expected((x, y) => (inside(x, y) ? refl("B04", 1, x, y) : undefined));
    expect(e.n).toBeGreaterThan(10);
    expect(stats.red!.stats.sampleCount).toBe(SIDE * SIDE);
    expect(stats.red!.stats.noDataCount).toBe(SIDE * SIDE - e.n);
    expect([stats.red!.stats.min, stats.red!.stats.max]).toEqual([e.min, e.max]);
  });

  it("computes percentiles with each interpolation, and histograms by nBins, binWidth and explicit bins, per output and band or by default", async () => {
    const k = [0, 10, 25, 50, 90, 100];
    const calculations = {
      ndvi: { statistics: { default: { percentiles: { k } } }, histograms: { B0: { nBins: 4 } } },
      bands: {
        statistics: { B0: { percentiles: { k, interpolation: "linear" } }, B1: { percentiles: { k: [33.3, 50], interpolation: "midpoint" } } },
        histograms: { B0: { binWidth: 0.005, lowEdge: 0.09, highEdge: 0.12 }, default: { bins: [0.32, 0.33, 0.34, 0.35] } },
      },
    };
    const json = await statistics(body({ calculations, timeRange: { from: "2024-07-02T00:00:00Z", to: "2024-07-03T00:00:00Z" } }));
    const bands = json.data[0]!.outputs!;
    const ndvi = expected((x, y) => ndviAt(2, x, y));
    const red = expected((x, y) => refl("B04", 2, x, y));
    const nir = expected((x, y) => refl("B08", 2, x, y));
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    // Ranks from 0 to n - 1: higher takes the rank above p (n - 1) / 100, linear interpolates.
    const at = (values: number[], p: number, how: "higher" | "linear" | "midpoint") => {
      const s = sorted(values);
      const r = (p / 100) * (s.length - 1);
      const [lo, hi] = [s[Math.floor(r)]!, s[Math.ceil(r)]!];
      return how === "higher" ? hi : how === "midpoint" ? (lo + hi) / 2 : lo + (r - Math.floor(r)) * (hi - lo);
    };
    expect(bands.ndvi!.bands.B0!.stats.percentiles).toEqual(Object.fromEntries(k.map((p) => [`${p}.0`, at(ndvi.values, p, "higher")])));
    const linear = bands.bands!.bands.B0!.stats.percentiles!;
    for (const p of k) expect(linear[`${p}.0`]).toBeCloseTo(at(red.values, p, "linear"), 12);
    expect(bands.bands!.bands.B1!.stats.percentiles).toEqual({ "33.3": at(nir.values, 33.3, "midpoint"), "50.0": at(nir.values, 50, "midpoint") });

    const counts = (values: number[], edges: number[]) => edges.slice(0, -1).map((low, i) => values.filter((v) => v >= low && (i === edges.length - 2 ? v <= edges[i + 1]! : v < edges[i + 1]!)).length);
    const h = bands.ndvi!.bands.B0!.histogram!;
    const w = (ndvi.max - ndvi.min) / 4;
    expect(h.bins.map((b) => b.lowEdge)).toEqual([0, 1, 2, 3].map((i) => ndvi.min + i * w));
    expect(h.bins.at(-1)!.highEdge).toBe(ndvi.max);
    expect(h.bins.map((b) => b.count)).toEqual(counts(ndvi.values, [...h.bins.map((b) => b.lowEdge), ndvi.max]));
    expect([h.underflowCount, h.overflowCount]).toEqual([0, 0]);
    const byWidth = bands.bands!.bands.B0!.histogram!;
    const edges = Array.from({ length: 7 }, (_, i) => 0.09 + i * 0.005);
    expect(byWidth.bins.map((b) => b.lowEdge)).toEqual(edges.slice(0, -1));
    expect(byWidth.bins.map((b) => b.count)).toEqual(counts(red.values, edges));
    expect(byWidth.overflowCount).toBe(red.values.filter((v) => v > edges.at(-1)!).length);
    expect(byWidth.overflowCount).toBeGreaterThan(0);
    const explicit = bands.bands!.bands.B1!.histogram!;
    expect(explicit.bins.map((b) => [b.lowEdge, b.highEdge])).toEqual([[0.32, 0.33], [0.33, 0.34], [0.34, 0.35]]);
    expect(explicit.bins.map((b) => b.count)).toEqual(counts(nir.values, [0.32, 0.33, 0.34, 0.35]));
    expect(explicit.underflowCount + explicit.overflowCount + explicit.bins.reduce((n, b) => n + b.count, 0)).toBe(SIDE * SIDE);
    expect(explicit.underflowCount).toBe(nir.values.filter((v) => v < 0.32).length);
  });

  it("reports an interval whose script fails as its entry's error, the others as they are (status PARTIAL)", async () => {
    const failing = SCRIPT.replace("function evaluatePixel(s) {", "function evaluatePixel(s) {\n  if (s.B04 > 0.16) throw new Error('too bright');");
    const json = await statistics(body({ evalscript: failing, timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-11T00:00:00Z" }, of: "P5D" }));
    expect(json.status).toBe("PARTIAL");
    expect(json.data[0]!.outputs!.ndvi).toBeDefined();
    expect(json.data[1]).toEqual({ interval: { from: "2024-07-06T00:00:00Z", to: "2024-07-11T00:00:00Z" }, error: { type: "EXECUTION_ERROR", message: expect.stringContaining("too bright") } });
  });

  it("answers \"NaN\" where an interval has scenes but no valid pixel", async () => {
    const none = SCRIPT.replace("dataMask: [s.dataMask]", "dataMask: [0]");
    const json = await statistics(body({ evalscript: none, timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-02T00:00:00Z" }, calculations: { default: { statistics: { default: { percentiles: { k: [50] } } }, histograms: { default: { nBins: 2 } } } } }));
    expect(json.data[0]!.outputs!.ndvi!.bands.B0).toEqual({
      stats: { min: "NaN", max: "NaN", mean: "NaN", stDev: "NaN", sampleCount: SIDE * SIDE, noDataCount: SIDE * SIDE, percentiles: { "50.0": "NaN" } },
      histogram: { bins: [], overflowCount: 0, underflowCount: 0 },
    });
  });

  it("computes intervals larger than one read in strips of rows, the same as in one read", async () => {
    // evaluatePixel's calls counted: one a strip here (a strip is less than a sandbox call's block).
    let calls = 0;
    const counting = (sandbox: UdfSandbox): UdfSandbox => ({ ...sandbox, evaluate: (code, req) => (calls++, sandbox.evaluate(code, req)) });
    const data = (maxBytes: number) => ({ ...catalogDataAccess(new Catalog(env.DATA), { data: env.DATA, files: env.FILES, apiBase: "https://openeo.example.test/v1" }, { maxBytes }), sandbox: counting(workerLoaderSandbox(env.LOADER!)) });
    const calculations = { default: { statistics: { default: { percentiles: { k: [5, 50, 95] } } }, histograms: { default: { nBins: 7 } } } };
    // 208 x 208 px of 2 bands: 346,112 bytes a date; within 319,488 bytes a read, the three dates
    // of the first interval are read 64 rows at a time, the one date of the second 192 rows.
    const request = parseStatisticalRequest(body({ of: "P5D", timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-11T00:00:00Z" }, aggregation: { width: 208, height: 208 }, calculations }));
    const strips = await runStatisticalRequest(request, data(319_488));
    // 208 rows in strips of 64 (4), then of 192 (2).
    expect(calls).toBe(6);
    calls = 0;
    const whole = await runStatisticalRequest(request, data(2 ** 26));
    expect(calls).toBe(2);
    expect(strips.data).toHaveLength(2);
    expect(strips).toEqual(whole);
    // 13 x 13 output pixels a source pixel: the statistics of the fixture's pixels, each 169 times.
    const ndvi = strips.data[1]! as { outputs: Record<string, { bands: Record<string, { stats: Stats }> }> };
    expect(ndvi.outputs.ndvi!.bands.B0!.stats).toMatchObject({ sampleCount: 208 * 208, noDataCount: 169, min: expected((x, y) => (x === 4 && y === 0 ? undefined : ndviAt(8, x, y))).min });
  });

  it("takes outputs and bands named as Object's members (toString, constructor, __proto__, valueOf) as any other name", async () => {
    const script = [
      "//VERSION=3",
      "function setup() { return { input: ['B04', 'B08', 'dataMask'], output: [{ id: 'toString', bands: ['__proto__', 'valueOf'] }, { id: 'constructor', bands: 1 }, { id: 'dataMask', bands: 1 }] }; }",
      "function evaluatePixel(s) { return { toString: [s.B04, s.B08], constructor: [s.B04 + s.B08], dataMask: [s.dataMask] }; }",
    ].join("\n");
    const calculations = { toString: { statistics: { valueOf: { percentiles: { k: [50] } } }, histograms: { ["__proto__"]: { nBins: 2 } } }, default: { statistics: { default: { percentiles: { k: [0] } } } } };
    const json = await statistics(body({ evalscript: script, calculations, timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-02T00:00:00Z" } }));
    // Looked up by a string variable: TypeScript types `outputs.toString` as Object's method.
    const outputs = json.data[0]!.outputs!;
    const output = (id: string) => outputs[id]!.bands;
    const band = (id: string, name: string) => output(id)[name]!;
    expect(Object.keys(outputs)).toEqual(["toString", "constructor"]);
    expect(Object.keys(output("toString"))).toEqual(["__proto__", "valueOf"]);
    const red = expected((x, y) => refl("B04", 1, x, y));
    const nir = expected((x, y) => refl("B08", 1, x, y));
    expectStats(band("toString", "__proto__").stats, red, 0);
    expect(band("toString", "__proto__").histogram!.bins.map((b) => b.count).reduce((a, b) => a + b)).toBe(SIDE * SIDE);
    expect(band("toString", "valueOf").stats.percentiles).toEqual({ "50.0": [...nir.values].sort((a, b) => a - b)[Math.ceil(0.5 * (nir.n - 1))] });
    expect(band("constructor", "B0").stats.percentiles).toEqual({ "0.0": Math.min(...expected((x, y) => f32(refl("B04", 1, x, y) + refl("B08", 1, x, y))).values) });
  });

  it("gives intervals shorter than a day (PT12H) only the scenes taken inside them", async () => {
    const red = "//VERSION=3\nfunction setup() { return { input: ['B04', 'dataMask'], output: [{ id: 'red', bands: 1 }, { id: 'dataMask', bands: 1 }] }; }\nfunction evaluatePixel(s) { return { red: [s.B04], dataMask: [s.dataMask] }; }";
    const hours = { input: { ...body().input, data: [{ type: "byoc-sh-stats-hours", dataFilter: {} }] } };
    const json = await statistics({ ...body({ evalscript: red, of: "PT12H", timeRange: { from: "2024-07-05T00:00:00Z", to: "2024-07-06T00:00:00Z" } }), ...hours });
    expect(json.data.map((e) => e.interval)).toEqual([{ from: "2024-07-05T00:00:00Z", to: "2024-07-05T12:00:00Z" }, { from: "2024-07-05T12:00:00Z", to: "2024-07-06T00:00:00Z" }]);
    for (const [i, hour] of HOURS.entries()) expectStats(json.data[i]!.outputs!.red!.bands.B0!.stats, expected((x, y) => f32(hourDn(hour, x, y) * 0.0001)), 0);
    // An interval of the day without a pass is left out.
    const late = await statistics({ ...body({ evalscript: red, of: "PT6H", timeRange: { from: "2024-07-05T00:00:00Z", to: "2024-07-06T00:00:00Z" } }), ...hours });
    expect(late.data.map((e) => e.interval.from)).toEqual(["2024-07-05T06:00:00Z", "2024-07-05T12:00:00Z"]);
  });

  it("refuses a response of more than a million values, before reading where setup() tells, else once updateOutput does", async () => {
    const expectTooLarge = async (res: Response, values: number) => {
      const json = (await res.json()) as { error: { status: number; message: string } };
      expect([res.status, json.error.message]).toEqual([400, expect.stringContaining(`would hold ${values.toLocaleString("en")} values`)]);
    };
    const all = { default: { statistics: { default: { percentiles: { k: Array.from({ length: 100 }, (_, i) => i) } } }, histograms: { default: { nBins: 1000 } } } };
    // 15 outputs of 64 bands, 2 intervals: each band 6 statistics, 100 percentiles and 1000 bins of 3 numbers.
    const outputs = Array.from({ length: 15 }, (_, i) => `{ id: 'o${i}', bands: 64 }`).join(", ");
    const wide = `//VERSION=3\nfunction setup() { return { input: ['B04', 'dataMask'], output: [${outputs}, { id: 'dataMask', bands: 1 }] }; }\nfunction evaluatePixel(s) { return {}; }`;
    await expectTooLarge(await post(body({ evalscript: wide, calculations: all, timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-03T00:00:00Z" } })), 2 * 15 * 64 * (6 + 100 + 3 * 1000));
    // A binWidth without both edges counts as the most bins it may make (1000).
    const byWidth = { default: { histograms: { default: { binWidth: 0.01 } } } };
    await expectTooLarge(await post(body({ evalscript: wide, calculations: byWidth, timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-07T00:00:00Z" } })), 6 * 15 * 64 * (6 + 3 * 1000));
    // setup() declares 2 bands; updateOutput makes each output 64, three intervals of them too many.
    const growing = [
      "//VERSION=3",
      "function setup() { return { input: ['B04', 'dataMask'], output: [{ id: 'a', bands: 1 }, { id: 'b', bands: 1 }, { id: 'dataMask', bands: 1 }] }; }",
      "function updateOutput(outputs) { outputs.a.bands = 64; outputs.b.bands = 64; }",
      "function evaluatePixel(s) { return { a: new Array(64).fill(s.B04), b: new Array(64).fill(s.B04), dataMask: [s.dataMask] }; }",
    ].join("\n");
    const three = { from: "2024-07-01T00:00:00Z", to: "2024-07-04T00:00:00Z" };
    await expectTooLarge(await post(body({ evalscript: growing, calculations: all, timeRange: three })), 3 * 2 * 64 * 3106);
    const two = await statistics(body({ evalscript: growing, calculations: all, timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-03T00:00:00Z" } }));
    expect(Object.keys(two.data[1]!.outputs!.b!.bands)).toHaveLength(64);
  });

  it("charges the run's budget a pixel for each scene evaluatePixel sees and for each band's statistics, and stops where it runs out", async () => {
    const data = { ...catalogDataAccess(new Catalog(env.DATA), { data: env.DATA, files: env.FILES, apiBase: "https://openeo.example.test/v1" }), sandbox: workerLoaderSandbox(env.LOADER!) };
    // Two intervals: days 1 to 3 (three scenes), day 8 (one); three reported bands (ndvi, and the two of bands).
    const request = parseStatisticalRequest(body({ of: "P5D", timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-11T00:00:00Z" } }));
    const pixels = SIDE * SIDE;
    const operations = pixels * (3 + 1) + 2 * 3 * pixels;
    const budget = new WorkBudget();
    expect((await runStatisticalRequest(request, data, budget)).data).toHaveLength(2);
    expect(budget.operations).toBe(operations);
    await expect(runStatisticalRequest(request, data, new WorkBudget({ ...RUN_LIMITS, maxOperations: operations - 1 }))).rejects.toThrow(BudgetExceeded);
    // A percentile sorts ndvi's valid samples, n log2 n: 256 in the first interval, 255 in the second (day 8's gap).
    const sorted = parseStatisticalRequest(body({ of: "P5D", timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-11T00:00:00Z" }, calculations: { ndvi: { statistics: { default: { percentiles: { k: [50] } } } } } }));
    const sorting = new WorkBudget();
    await runStatisticalRequest(sorted, data, sorting);
    expect(sorting.operations).toBe(operations + 256 * 8 + Math.ceil(255 * Math.log2(255)));
  });

  it("reserves an interval's planes, its scratch, a strip's cube and the strip's outputs together, refusing what only together exceed one value's budget", async () => {
    // 1800 x 1800 px: 4 output planes (52 MB) and the scratch (13 MB) under the 64 MiB one value may take; with a
    // strip's cube (2 bands) and its 4 outputs, over it.
    const res = await post(body({ aggregation: { width: 1800, height: 1800 }, timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-02T00:00:00Z" } }));
    const json = (await res.json()) as { error: { message: string } };
    expect([res.status, json.error.message]).toEqual([400, expect.stringMatching(/an interval's 4 output planes over the grid, with a strip of \d+ rows of its 1 dates would take \d+ MiB, more than the 64 MiB/)]);
  });

  it("keeps values as the output's sampleType stores them (UINT16: rounded, clamped at 0)", async () => {
    const script = "//VERSION=3\nfunction setup() { return { input: ['B04', 'dataMask'], output: [{ id: 'dn', bands: 2, sampleType: 'UINT16' }, { id: 'dataMask', bands: 1 }] }; }\nfunction evaluatePixel(s) { return { dn: [s.B04 * 10000 + 0.3, -s.B04], dataMask: [s.dataMask] }; }";
    const json = await statistics(body({ evalscript: script, timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-02T00:00:00Z" } }));
    const bands = json.data[0]!.outputs!.dn!.bands;
    expectStats(bands.B0!.stats, expected((x, y) => dn("B04", 1, x, y)), 0);
    expect([bands.B1!.stats.min, bands.B1!.stats.max]).toEqual([0, 0]);
  });

  it("names bands as updateOutput names them, else as setup() does while their number holds", async () => {
    const script = (update: string) => [
      "//VERSION=3",
      "function setup() { return { input: ['B04', 'dataMask'], output: [{ id: 'x', bands: ['a', 'b'] }, { id: 'y', bands: ['p', 'q'] }, { id: 'dataMask', bands: 1 }] }; }",
      `function updateOutput(outputs) { ${update} }`,
      "function evaluatePixel(s) { return { x: [s.B04, s.B04], y: [s.B04, s.B04], dataMask: [s.dataMask] }; }",
    ].join("\n");
    const names = async (update: string) => {
      const outputs = (await statistics(body({ evalscript: script(update), timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-02T00:00:00Z" } }))).data[0]!.outputs!;
      return [Object.keys(outputs.x!.bands), Object.keys(outputs.y!.bands)];
    };
    expect(await names("outputs.x.bands = ['c', 'd'];")).toEqual([["c", "d"], ["p", "q"]]);
    expect(await names("outputs.y.bands = 2;")).toEqual([["a", "b"], ["p", "q"]]);
  });

  it("leaves out an interval whose scenes preProcessScenes drops, as one without data", async () => {
    const script = [
      "//VERSION=3",
      "function setup() { return { input: ['B04', 'dataMask'], output: [{ id: 'red', bands: 1 }, { id: 'dataMask', bands: 1 }], mosaicking: 'ORBIT' }; }",
      "function preProcessScenes(collections) { collections.scenes.orbits = collections.scenes.orbits.filter((o) => o.dateFrom !== '2024-07-02T00:00:00Z'); return collections; }",
      "function evaluatePixel(samples) { return { red: [samples[0].B04], dataMask: [samples[0].dataMask] }; }",
    ].join("\n");
    const json = await statistics(body({ evalscript: script }));
    expect(json.status).toBe("OK");
    expect(json.data.map((e) => e.interval.from)).toEqual(["2024-07-01T00:00:00Z", "2024-07-03T00:00:00Z"]);
    expectStats(json.data[1]!.outputs!.red!.bands.B0!.stats, expected((x, y) => (x === 2 && y === 3 ? undefined : refl("B04", 3, x, y))), 1);
  });

  it("refuses bad requests and requests over its budgets in Sentinel Hub's error shape, before reading", async () => {
    const expectShError = async (res: Response, status: number, code: string, text: RegExp) => {
      const json = (await res.json()) as { error: { status: number; message: string; code: string } };
      expect([res.status, json.error.code, json.error.message]).toEqual([status, code, expect.stringMatching(text)]);
    };
    const bad = "COMMON_BAD_PAYLOAD";
    await expectShError(await post(body({ of: "1 day" })), 400, bad, /ISO 8601 duration/);
    await expectShError(await post(body({ of: "P0D" })), 400, bad, /empty/);
    await expectShError(await post(body({ last: "ROUND" })), 400, bad, /lastIntervalBehavior/);
    await expectShError(await post(body({ timeRange: { from: "2000-01-01T00:00:00Z", to: "2024-01-01T00:00:00Z" } })), 400, bad, /more than 400 intervals/);
    await expectShError(await post(body({ of: "PT1S", timeRange: { from: "2000-01-01T00:00:00Z", to: "2024-01-01T00:00:00Z" } })), 400, bad, /more than 400 intervals/);
    await expectShError(await post(body({ aggregation: { width: 2500, height: 2500 }, of: "P1D", timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-31T00:00:00Z" } })), 400, bad, /pixels one request may evaluate/);
    await expectShError(await post(body({ aggregation: { width: undefined, height: undefined } })), 400, bad, /width and height, or resx and resy/);
    await expectShError(await post(body({ calculations: { ndvi: { histograms: { B0: { nBins: 100_000 } } } } })), 400, bad, /nBins/);
    await expectShError(await post(body({ calculations: { ndvi: { histograms: { B0: { binWidth: 1e-9, lowEdge: 0, highEdge: 1 } } } } })), 400, bad, /more than 1000 bins/);
    await expectShError(await post(body({ calculations: { ndvi: { statistics: { B0: { percentiles: { k: Array.from({ length: 101 }, (_, i) => i) } } } } } })), 400, bad, /percentiles/);
    await expectShError(await post(body({ calculations: { ndvi: { statistics: { B0: { percentiles: { k: [50], interpolation: "cubic" } } } } } })), 400, bad, /interpolation/);
    await expectShError(await post(body({ calculations: { nope: {} } })), 400, bad, /'nope'/);
    // Checked against setup() before the catalogue is searched: the missing collection is not what is reported.
    const missing = body({ calculations: { nope: {} } });
    missing.input.data[0]!.type = "byoc-sh-missing";
    await expectShError(await post(missing), 400, bad, /'nope'/);
    await expectShError(await post(body({ calculations: { ndvi: { statistics: { B7: {} } } } })), 400, bad, /'B7'/);
    await expectShError(await post({ ...body(), aggregation: { ...body().aggregation, evalscript: undefined } }), 400, bad, /evalscript/);
    const unmasked = "//VERSION=3\nfunction setup() { return { input: ['B04'], output: [{ id: 'red', bands: 1 }, { id: 'both', bands: ['B04', 'dataMask'] }] }; }\nfunction evaluatePixel(s) { return { red: [s.B04], both: [s.B04, 1] }; }";
    await expectShError(await post(body({ evalscript: unmasked })), 400, bad, /output 'dataMask' .*red has none/);
    const renamed = "//VERSION=3\nfunction setup() { return { input: ['B04', 'dataMask'], output: [{ id: 'x', bands: ['v', 'dataMask'] }] }; }\nfunction updateOutput(outputs) { outputs.x.bands = ['v', 'w']; }\nfunction evaluatePixel(s) { return { x: [s.B04, s.dataMask] }; }";
    await expectShError(await post(body({ evalscript: renamed })), 400, bad, /output 'dataMask' .*x has none/);
    // CRSs proj4 doesn't know, with a box or a geometry: the caller's to change, not a server fault.
    for (const code of ["3035", "2056", "31287"]) {
      const crs = `http://www.opengis.net/def/crs/EPSG/0/${code}`;
      await expectShError(await post(body({ bounds: { bbox: [4321000, 3210000, 4322000, 3211000], properties: { crs } } })), 400, bad, new RegExp(`EPSG:${code} is not supported`));
      const square = [[[4321000, 3210000], [4322000, 3210000], [4322000, 3211000], [4321000, 3211000], [4321000, 3210000]]];
      await expectShError(await post(body({ bounds: { geometry: { type: "Polygon", coordinates: square }, properties: { crs } } })), 400, bad, new RegExp(`EPSG:${code} is not supported`));
    }
    await expectShError(await request("/api/v1/statistics", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body()) }), 401, "COMMON_UNAUTHORIZED", /./);
  });
});

describe("the openEO way", () => {
  const toLonLat = pointTransform("EPSG:32633", "EPSG:4326");
  const reducers = { mean: "mean", min: "min", max: "max", stDev: "sd" } as const;

  const graph = (reducer: string) => ({
    load: { process_id: "load_collection", arguments: { id: "sh-stats", spatial_extent: { west: BBOX[0], south: BBOX[1], east: BBOX[2], north: BBOX[3], crs: 32633 }, temporal_extent: ["2024-07-01", "2024-07-06"], bands: ["B04"] } },
    daily: { process_id: "aggregate_temporal_period", arguments: { data: { from_node: "load" }, period: "day", reducer: { process_graph: { m: { process_id: "mean", arguments: { data: { from_parameter: "data" } }, result: true } } } } },
    zones: {
      process_id: "aggregate_spatial",
      arguments: { data: { from_node: "daily" }, geometries: { type: "Polygon", coordinates: [L_SHAPE.map(([x, y]) => toLonLat(x, y))] }, reducer: { process_graph: { r: { process_id: reducer, arguments: { data: { from_parameter: "data" } }, result: true } } } },
    },
    save: { process_id: "save_result", arguments: { data: { from_node: "zones" }, format: "GeoJSON" }, result: true },
  });

  it("aggregate_temporal_period by day, then aggregate_spatial's mean, min, max and sd agree with the statistics of P1D, value for value", async () => {
    const script = "//VERSION=3\nfunction setup() { return { input: ['B04', 'dataMask'], output: [{ id: 'red', bands: 1 }, { id: 'dataMask', bands: 1 }] }; }\nfunction evaluatePixel(s) { return { red: [s.B04], dataMask: [s.dataMask] }; }";
    const json = await statistics(body({ evalscript: script, bounds: { bbox: BBOX, geometry: { type: "Polygon", coordinates: [L_SHAPE] }, properties: { crs: UTM } } }));
    expect(json.data).toHaveLength(3);
    for (const [name, reducer] of Object.entries(reducers)) {
      const res = await request("/v1/result", { method: "POST", headers: { Authorization: await loginAs("alice"), "Content-Type": "application/json" }, body: JSON.stringify({ process: { process_graph: graph(reducer) } }) });
      expect(res.status, await res.clone().text()).toBe(200);
      const properties = ((await res.json()) as { features: { properties: Record<string, number | null> }[] }).features[0]!.properties;
      for (const entry of json.data) {
        const date = entry.interval.from;
        const ours = entry.outputs!.red!.bands.B0!.stats[name as keyof Stats] as number;
        // openEO labels days by their day of the year.
        const doy = (Date.parse(date) - Date.UTC(Number(date.slice(0, 4)), 0, 1)) / 86_400_000 + 1;
        const openeo = properties[`${date.slice(0, 4)}-${String(doy).padStart(3, "0")}/B04`];
        expect(openeo, `${name} on ${date} (${JSON.stringify(Object.keys(properties))})`).toBeTypeOf("number");
        expect(Math.abs(ours - openeo!), `${name} on ${date}`).toBeLessThanOrEqual(Math.abs(ours) * 1e-6);
      }
    }
    // The L holds 208 pixels; day 3's gap is one of them.
    expect(json.data.map((e) => e.outputs!.red!.bands.B0!.stats.noDataCount)).toEqual([48, 48, 49]);
  });
});

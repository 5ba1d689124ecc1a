/**
 * The Process API's scenes and shapes beyond one box and one image: mosaickingOrder leastCC,
 * preProcessScenes / updateOutput / updateOutputMetadata (the userdata response), a geometry that
 * clips, and requests too large for one read computed in strips of rows. Expected values are
 * recomputed from the fixture's digital numbers.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../src/catalog/catalog";
import { catalogDataAccess } from "../../src/catalog/data-access";
import { headerCache } from "../../src/raster/header-cache";
import { openCog } from "../../src/raster/open-cog";
import { readWindow } from "../../src/raster/read-window";
import { workerLoaderSandbox } from "../../src/sandbox/worker-loader-sandbox";
import { parseProcessRequest } from "../../src/sentinel-hub/process-request";
import { runProcessRequest } from "../../src/sentinel-hub/run-process-request";
import { ingestCubeScenes, type FixtureBand } from "../support/cube-fixture";
import { loginAs, request } from "../support/http";
import { MemoryByteSource } from "../support/memory-byte-source";
import { utmGrid } from "../support/raster-fixtures";
import { untar } from "../support/tar-reader";

const band = (key: string, common: string, wavelength: number): FixtureBand => ({ key, common, wavelength, scale: 0.0001, offset: 0 });
const BANDS = [band("B04", "red", 0.665), band("B08", "nir", 0.842)];
const SIDE = 16;
/** DN at day d (1..3); pixel (2, 3) has no data on day 3. Day 2 is cloudy (80 %), days 1 and 3 clear (5 %). */
const dn = (key: string, d: number, x: number, y: number) => (d === 3 && x === 2 && y === 3 ? 0 : { B04: 900, B08: 2600 }[key]! + 11 * x + 5 * y + 100 * d * (key === "B08" ? 3 : 1));
const SCENES = [1, 2, 3].map((d) => ({ id: `C${d}`, datetime: `2024-07-0${d}T10:00:00Z`, grid: utmGrid(SIDE, SIDE), cloud: d === 2 ? 80 : 5, values: Object.fromEntries(BANDS.map((b) => [b.key, (x: number, y: number) => dn(b.key, d, x, y)])) }));
const BBOX = [500000, 4999840, 500160, 5000000];
const f32 = Math.fround;
const reflectance = (key: string, d: number, x: number, y: number) => f32(dn(key, d, x, y) * 0.0001);
const ndviAt = (d: number, x: number, y: number) => (reflectance("B08", d, x, y) - reflectance("B04", d, x, y)) / (reflectance("B08", d, x, y) + reflectance("B04", d, x, y));

const NDVI = [
  "//VERSION=3",
  "function setup() {",
  "  return { input: ['B04', 'B08', 'dataMask'], output: { id: 'ndvi', bands: 1, sampleType: 'FLOAT32' } };",
  "}",
  "function evaluatePixel(s) {",
  "  return [s.dataMask ? (s.B08 - s.B04) / (s.B08 + s.B04) : -9];",
  "}",
].join("\n");

function body(overrides: { evalscript?: string; dataFilter?: Record<string, unknown>; bounds?: Record<string, unknown>; output?: Record<string, unknown> } = {}) {
  return {
    input: {
      bounds: { bbox: BBOX, properties: { crs: "http://www.opengis.net/def/crs/EPSG/0/32633" }, ...overrides.bounds },
      data: [{ type: "byoc-sh-clouds", dataFilter: { timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-03T23:59:59Z" }, ...overrides.dataFilter } }],
    },
    output: { width: SIDE, height: SIDE, responses: [{ identifier: "ndvi", format: { type: "image/tiff" } }], ...overrides.output },
    evalscript: overrides.evalscript ?? NDVI,
  };
}

async function post(json: unknown): Promise<Response> {
  return request("/api/v1/process", { method: "POST", headers: { Authorization: await loginAs("alice"), "Content-Type": "application/json" }, body: JSON.stringify(json) });
}

/** Every band of a GeoTIFF answer. */
async function bandsOf(bytes: Uint8Array): Promise<{ width: number; height: number; bands: Float32Array[] }> {
  headerCache.clear();
  const cog = await openCog(new MemoryByteSource(bytes));
  const { width, height } = cog.header.grid;
  const bands = [];
  for (let b = 0; b < cog.header.samplesPerPixel; b++) bands.push(Float32Array.from((await readWindow(cog, 0, b, { x: 0, y: 0, width, height })) as ArrayLike<number>));
  return { width, height, bands };
}

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "sh-clouds", SCENES, BANDS);
});

describe("Process API scenes", () => {
  it("mosaics the least cloudy scene first with leastCC (ties: the most recent)", async () => {
    const res = await post(body({ dataFilter: { mosaickingOrder: "leastCC" } }));
    expect(res.status, await res.clone().text()).toBe(200);
    const [ndvi] = (await bandsOf(new Uint8Array(await res.arrayBuffer()))).bands;
    // Days 3 and 1 are equally clear: 3 first; where it has no data, day 1 (not the cloudy day 2, as mostRecent would).
    for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) expect(ndvi![y * SIDE + x], `(${x}, ${y})`).toBeCloseTo(ndviAt(x === 2 && y === 3 ? 1 : 3, x, y), 6);
  });

  it("calls preProcessScenes, updateOutput and updateOutputMetadata, and answers userData as JSON", async () => {
    const script = [
      "//VERSION=3",
      "function setup() {",
      "  return { input: ['B04', 'dataMask'], output: { id: 'series', bands: 1, sampleType: 'FLOAT32' }, mosaicking: 'ORBIT' };",
      "}",
      "function preProcessScenes(collections) {",
      "  collections.scenes.orbits = collections.scenes.orbits.filter((orbit) => orbit.cloudCoverage < 50);",
      "  return collections;",
      "}",
      "function updateOutput(outputs, collection) {",
      "  outputs.series.bands = collection.scenes.length;",
      "}",
      "function evaluatePixel(samples) {",
      "  return samples.map((s) => (s.dataMask ? s.B04 : -1));",
      "}",
      "function updateOutputMetadata(scenes, inputMetadata, outputMetadata) {",
      "  outputMetadata.userData = { dates: scenes.orbits.map((o) => o.dateFrom), clouds: scenes.orbits.map((o) => o.cloudCoverage), tiles: scenes.orbits.map((o) => o.tiles.map((t) => t.tileOriginalId)), factor: inputMetadata.normalizationFactor };",
      "}",
    ].join("\n");
    const responses = [{ identifier: "series", format: { type: "image/tiff" } }, { identifier: "userdata", format: { type: "application/json" } }];
    const res = await post(body({ evalscript: script, output: { responses } }));
    expect(res.status, await res.clone().text()).toBe(200);
    const files = untar(new Uint8Array(await res.arrayBuffer()));
    expect([...files.keys()]).toEqual(["series.tif", "userdata.json"]);
    expect(JSON.parse(new TextDecoder().decode(files.get("userdata.json")))).toEqual({
      dates: ["2024-07-03T00:00:00Z", "2024-07-01T00:00:00Z"],
      clouds: [5, 5],
      tiles: [["C3"], ["C1"]],
      factor: 0.0001,
    });
    // One band per clear scene, the most recent first; the cloudy day 2 is never read.
    const { bands } = await bandsOf(files.get("series.tif")!);
    expect(bands).toHaveLength(2);
    for (const [i, d] of [3, 1].entries()) {
      for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) expect(bands[i]![y * SIDE + x], `band ${i + 1} (${x}, ${y})`).toBeCloseTo(dn("B04", d, x, y) === 0 ? -1 : reflectance("B04", d, x, y), 6);
    }
  });

  it("refuses hooks that answer what Sentinel Hub doesn't allow", async () => {
    const withHooks = (hooks: string) => ["//VERSION=3", "function setup() { return { input: ['B04'], output: { bands: 1 }, mosaicking: 'ORBIT' }; }", "function evaluatePixel(s) { return [0]; }", hooks].join("\n");
    const refused = async (script: string, text: RegExp) => {
      const responses = [{ identifier: "default", format: { type: "image/tiff" } }, { identifier: "userdata", format: { type: "application/json" } }];
      const res = await post(body({ evalscript: script, output: { responses } }));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(text);
    };
    await refused(withHooks("function updateOutput(outputs) { outputs.default.bands = 0; }"), /updateOutput\(\).*number of bands/);
    await refused(withHooks("function preProcessScenes(c) { c.scenes.orbits = [{ dateFrom: '1999-01-01' }]; return c; }"), /preProcessScenes/);
    await refused(withHooks("function updateOutputMetadata(s, i, o) { o.userData = 'x'.repeat(2000000); }"), /userData/);
  });
});

describe("Process API bounds and sizes", () => {
  it("clips to input.bounds.geometry: pixels whose centre lies outside have no data", async () => {
    const triangle = { type: "Polygon", coordinates: [[[500000, 5000000], [500160, 5000000], [500000, 4999840], [500000, 5000000]]] };
    const res = await post(body({ bounds: { bbox: undefined, geometry: triangle } }));
    expect(res.status, await res.clone().text()).toBe(200);
    const [ndvi] = (await bandsOf(new Uint8Array(await res.arrayBuffer()))).bands;
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        // The centre (5 + 10x, 5 + 10y) metres from the top-left corner is inside where their sum is at most 160.
        if (10 * x + 5 + 10 * y + 5 <= 160) expect(ndvi![y * SIDE + x], `(${x}, ${y})`).toBeCloseTo(ndviAt(x === 2 && y === 3 ? 2 : 3, x, y), 6);
        else expect(ndvi![y * SIDE + x], `(${x}, ${y})`).toBeNaN();
      }
    }
  });

  it("BICUBIC up- and downsampling: a linear field comes out exact inside, the same in strips as in one read", async () => {
    // B04 and B08 are linear in x and y: cubic convolution (as bilinear) reproduces them exactly
    // where its support lies inside the data; nearest would not. Day 1 only: no pixel lacks data.
    const script = [
      "//VERSION=3",
      "function setup() {",
      "  return { input: ['B04'], output: { bands: 1, sampleType: 'FLOAT32' } };",
      "}",
      "function evaluatePixel(s) {",
      "  return [s.B04 * 10000];",
      "}",
    ].join("\n");
    const day1 = { timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-01T23:59:59Z" } };
    const data = (maxBytes: number) => ({ ...catalogDataAccess(new Catalog(env.DATA), { data: env.DATA, files: env.FILES, apiBase: "https://openeo.example.test/v1" }, { maxBytes }), sandbox: workerLoaderSandbox(env.LOADER!) });
    for (const [side, processing] of [[128, { upsampling: "BICUBIC" }], [8, { downsampling: "BICUBIC", upsampling: "NEAREST" }]] as const) {
      const json = body({ evalscript: script, dataFilter: day1, output: { width: side, height: side, responses: [{ identifier: "default", format: { type: "image/tiff" } }] } });
      (json.input.data[0] as Record<string, unknown>).processing = processing;
      const request = parseProcessRequest(json);
      const [whole] = await runProcessRequest(request, data(2 ** 26));
      const { bands } = await bandsOf(whole!.bytes);
      const scale = SIDE / side;
      let checked = 0;
      for (let j = 0; j < side; j++) {
        for (let i = 0; i < side; i++) {
          // The output pixel's centre in source pixel coordinates (centres at k + 0.5).
          const [x, y] = [(i + 0.5) * scale - 0.5, (j + 0.5) * scale - 0.5];
          const reach = 2 * Math.max(1, scale);
          if (x - reach < 0 || y - reach < 0 || x + reach > SIDE - 1 || y + reach > SIDE - 1) continue;
          expect(bands[0]![j * side + i], `${side} px: (${i}, ${j})`).toBeCloseTo(f32(dn("B04", 1, x, y) * 0.0001) * 10000, 1);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(side === 8 ? 0 : 5000);
      if (side === 128) {
        // A read of 40,000 bytes holds 64 rows of 128 warped pixels (512 bytes a row) and their share of the 16 x 16 source.
        const [strips] = await runProcessRequest(request, data(40_000));
        expect((await bandsOf(strips!.bytes)).bands[0]).toEqual(bands[0]);
      }
    }
    const lanczos = body();
    (lanczos.input.data[0] as Record<string, unknown>).processing = { upsampling: "LANCZOS" };
    const refused = await post(lanczos);
    expect([refused.status, ((await refused.json()) as { error: { message: string } }).error.message]).toEqual([400, expect.stringContaining("NEAREST, BILINEAR, BICUBIC")]);
  });

  it("refuses a geometry whose rasterizing would cost more than the run's operations", async () => {
    // 120,000 vertices on a circle (a body under 4 MiB), rasterized on 2,500 rows: 300 million operations, over the 250 million of a run.
    const n = 120_000;
    const at = (v: number) => Math.round(v * 10) / 10;
    const ring = Array.from({ length: n }, (_, k) => [at(500080 + 80 * Math.cos((2 * Math.PI * k) / n)), at(4999920 + 80 * Math.sin((2 * Math.PI * k) / n))]);
    const res = await post(body({ bounds: { bbox: undefined, geometry: { type: "Polygon", coordinates: [[...ring, ring[0]]] } }, output: { width: 2500, height: 2500 } }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/rasterizing input\.bounds\.geometry/);
  });

  it("computes a request larger than one read in strips of rows, the same as in one read", async () => {
    const data = (maxBytes: number) => ({ ...catalogDataAccess(new Catalog(env.DATA), { data: env.DATA, files: env.FILES, apiBase: "https://openeo.example.test/v1" }, { maxBytes }), sandbox: workerLoaderSandbox(env.LOADER!) });
    const triangle = { type: "Polygon", coordinates: [[[500000, 5000000], [500160, 5000000], [500000, 4999840], [500000, 5000000]]] };
    // 13 output pixels a source pixel: no output pixel centre falls on a source pixel's edge, where rounding would decide.
    const request = parseProcessRequest(body({ bounds: { geometry: triangle }, output: { width: 208, height: 208 } }));
    // 208 x 208 px, 2 bands, 3 dates: 1,038,336 bytes; at most 64 rows (319,488 bytes) a read.
    const [strips] = await runProcessRequest(request, data(319_488));
    const [whole] = await runProcessRequest(request, data(2 ** 26));
    const a = await bandsOf(strips!.bytes);
    const b = await bandsOf(whole!.bytes);
    expect([a.width, a.height]).toEqual([208, 208]);
    expect(a.bands[0]).toEqual(b.bands[0]);
    // Nearest: output pixel (i, j) takes source pixel (floor(i / 13), floor(j / 13)).
    for (let j = 0; j < 208; j += 7) {
      for (let i = 0; i < 208; i += 5) {
        const [x, y] = [Math.floor(i / 13), Math.floor(j / 13)];
        const inside = ((i + 0.5) + (j + 0.5)) * (160 / 208) <= 160;
        if (inside) expect(a.bands[0]![j * 208 + i], `(${i}, ${j})`).toBeCloseTo(ndviAt(x === 2 && y === 3 ? 2 : 3, x, y), 6);
        else expect(a.bands[0]![j * 208 + i], `(${i}, ${j})`).toBeNaN();
      }
    }
  });
});

/**
 * Sentinel Hub's Batch Statistical API over an ingested collection whose digital numbers are known
 * here: features from a GeoJSON file in the caller's files (UTM, its crs member as GDAL writes it),
 * run on the real queue; each feature's JSON in the caller's files equal to the same request made to
 * POST /api/v1/statistics with the feature's geometry, and its statistics recomputed from the
 * numbers; status transitions and GET .../status; stop through a queue played by the test, with
 * inline features cut into two chunks; bad requests in Sentinel Hub's error shape.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { jobStub } from "../../src/jobs/job-store";
import { transformBBox } from "../../src/raster/crs";
import type { BatchMessage } from "../../src/jobs/messages";
import { ingestCubeScenes, type FixtureBand } from "../support/cube-fixture";
import { request } from "../support/http";
import { call, expectShError, json } from "../support/sentinel-hub-http";
import { API_BASE, keysUnder, playedQueue } from "../support/played-queue";
import { utmGrid } from "../support/raster-fixtures";

const band = (key: string, common: string, wavelength: number): FixtureBand => ({ key, common, wavelength, scale: 0.0001, offset: 0 });
const BANDS = [band("B04", "red", 0.665), band("B08", "nir", 0.842)];
const SIDE = 16;
const DAYS = [1, 2];
/** DN on day d; pixel (2, 3) has no data on day 2. */
const dn = (key: string, d: number, x: number, y: number) => (d === 2 && x === 2 && y === 3 ? 0 : { B04: 900, B08: 2600 }[key]! + 13 * x + 7 * y + ((x * y) % 5) * 11 + 100 * d);
const day = (d: number) => `2024-07-${String(d).padStart(2, "0")}`;
const SCENES = DAYS.map((d) => ({ id: `S${d}`, datetime: `${day(d)}T10:00:00Z`, grid: utmGrid(SIDE, SIDE), cloud: 5, values: Object.fromEntries(BANDS.map((b) => [b.key, (x: number, y: number) => dn(b.key, d, x, y)])) }));
const refl = (key: string, d: number, x: number, y: number) => Math.fround(dn(key, d, x, y) * 0.0001);

const SCRIPT = [
  "//VERSION=3",
  "function setup() { return { input: ['B04', 'dataMask'], output: [{ id: 'red', bands: 1 }, { id: 'dataMask', bands: 1 }] }; }",
  "function evaluatePixel(s) { return { red: [s.B04], dataMask: [s.dataMask] }; }",
].join("\n");

/** A rectangle of whole fixture pixels (10 m, the grid's top left corner at 500000, 5000000): columns x0..x1 - 1, rows y0..y1 - 1. */
const rect = (x0: number, y0: number, x1: number, y1: number) => [[[500000 + 10 * x0, 5000000 - 10 * y1], [500000 + 10 * x1, 5000000 - 10 * y1], [500000 + 10 * x1, 5000000 - 10 * y0], [500000 + 10 * x0, 5000000 - 10 * y0], [500000 + 10 * x0, 5000000 - 10 * y1]]];
const FEATURES = [
  { type: "Feature", id: "field-a", properties: {}, geometry: { type: "Polygon", coordinates: rect(0, 0, 5, 4) } },
  // No id: named by its index.
  { type: "Feature", properties: { name: "b" }, geometry: { type: "Polygon", coordinates: rect(1, 2, 4, 6) } },
  // Two rectangles with a gap of two columns between them: the gap is in the box, outside the geometry.
  { type: "Feature", id: 7, properties: {}, geometry: { type: "MultiPolygon", coordinates: [rect(8, 8, 10, 12), rect(12, 8, 16, 12)] } },
];
/** Each feature's pixels, as the rectangles above say. */
const PIXELS: Record<string, { box: number; inside: (x: number, y: number) => boolean }> = {
  "field-a": { box: 20, inside: (x, y) => x < 5 && y < 4 },
  "1": { box: 12, inside: (x, y) => x >= 1 && x < 4 && y >= 2 && y < 6 },
  "7": { box: 32, inside: (x, y) => ((x >= 8 && x < 10) || x >= 12) && y >= 8 && y < 12 },
};
const UTM_COLLECTION = { type: "FeatureCollection", crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::32633" } }, features: FEATURES };

const DATA = [{ type: "byoc-sh-statbatch", dataFilter: {} }];
const AGGREGATION = { timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-03T00:00:00Z" }, aggregationInterval: { of: "P1D" }, resx: 10, resy: 10, evalscript: SCRIPT };
const CALCULATIONS = { red: { statistics: { default: { percentiles: { k: [50] } } } } };
const batchBody = (overrides: Record<string, unknown> = {}) => ({
  input: { features: { s3: { url: "s3://my-bucket/parcels/fields.geojson", accessKey: "AK", secretAccessKey: "SK" } }, data: DATA },
  aggregation: AGGREGATION,
  calculations: CALCULATIONS,
  output: { s3: { url: "s3://my-bucket/stats/run1", accessKey: "AK", secretAccessKey: "SK" } },
  ...overrides,
});

const upload = async (path: string, content: string) => expect((await call("PUT", `/v1/files/${path}`, content)).status).toBeLessThan(300);

async function until(id: string, statuses: string[]): Promise<Record<string, any>> {
  for (let i = 0; i < 300; i++) {
    const view = await json(await call("GET", `/api/v1/statistics/batch/${id}`));
    if (statuses.includes(view.status)) return view;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`batch statistical request ${id} did not reach ${statuses.join(" or ")}`);
}

/** min, max, mean and sample sd of the valid values, and the 50th percentile as "higher" takes it (ranks 0 to n - 1). */
function expected(values: number[]) {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sorted = [...values].sort((a, b) => a - b);
  return { n, min: sorted[0], max: sorted.at(-1), mean, sd: Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)), p50: sorted[Math.ceil(0.5 * (n - 1))] };
}

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "sh-statbatch", SCENES, BANDS);
  await upload("parcels/fields.geojson", JSON.stringify(UTM_COLLECTION));
});

describe("POST /api/v1/statistics/batch", () => {
  it("analyses, runs every feature on the queue, and writes each feature's answer, equal to the Statistical API's for its geometry", async () => {
    const created = await json(await call("POST", "/api/v1/statistics/batch", batchBody()), 201);
    const id = created.id as string;
    expect(created).toMatchObject({ status: "CREATED", completionPercentage: 0, userAction: "NONE" });
    // The S3 credentials are not kept.
    expect(created.request.input.features).toEqual({ s3: { url: "s3://my-bucket/parcels/fields.geojson" } });
    expect(created.request.output).toEqual({ s3: { url: "s3://my-bucket/stats/run1" } });
    expect(created.request.aggregation).toEqual(AGGREGATION);

    expect((await call("POST", `/api/v1/statistics/batch/${id}/analyse`)).status).toBe(204);
    expect(await json(await call("GET", `/api/v1/statistics/batch/${id}/status`))).toMatchObject({ id, status: "ANALYSIS_DONE", userAction: "ANALYSE" });
    expect((await call("POST", `/api/v1/statistics/batch/${id}/start`)).status).toBe(204);
    const done = await until(id, ["DONE", "FAILED"]);
    expect(done, JSON.stringify(done)).toMatchObject({ status: "DONE", completionPercentage: 100, userAction: "START" });
    // The features stored for the chunks are dropped once the run is done.
    expect(await keysUnder(`jobs/basic.alice/${id}/`)).toEqual([]);
    const status = await json(await call("GET", `/api/v1/statistics/batch/${id}/status`));
    expect(status).toMatchObject({ id, status: "DONE", completionPercentage: 100 });
    expect(status.request).toBeUndefined();
    await expectShError(await call("POST", `/api/v1/statistics/batch/${id}/stop`), 400, /DONE/);
    await expectShError(await call("POST", `/api/v1/statistics/batch/${id}/analyse`), 400, /DONE/);

    for (const [index, feature] of FEATURES.entries()) {
      const name = String(feature.id ?? index);
      const written = await json(await call("GET", `/v1/files/stats/run1/${name}.json`));
      const alone = await json(await call("POST", "/api/v1/statistics", {
        input: { bounds: { geometry: feature.geometry, properties: { crs: "http://www.opengis.net/def/crs/EPSG/0/32633" } }, data: DATA },
        aggregation: AGGREGATION,
        calculations: CALCULATIONS,
      }));
      expect(written).toEqual(alone);
      expect(written.data.map((e: { interval: unknown }) => e.interval)).toEqual(DAYS.map((d) => ({ from: `${day(d)}T00:00:00Z`, to: `${day(d + 1)}T00:00:00Z` })));
      const { box, inside } = PIXELS[name]!;
      for (const [i, d] of DAYS.entries()) {
        const values: number[] = [];
        for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) if (inside(x, y) && dn("B04", d, x, y) !== 0) values.push(refl("B04", d, x, y));
        const e = expected(values);
        const stats = written.data[i].outputs.red.bands.B0.stats;
        expect(stats.sampleCount).toBe(box);
        expect(stats.noDataCount).toBe(box - e.n);
        expect([stats.min, stats.max, stats.percentiles]).toEqual([e.min, e.max, { "50.0": e.p50 }]);
        expect(stats.mean).toBeCloseTo(e.mean, 12);
        expect(stats.stDev).toBeCloseTo(e.sd, 12);
      }
    }
    // The gap of day 2 is inside the second feature only.
    expect((await json(await call("GET", "/v1/files/stats/run1/1.json"))).data[1].outputs.red.bands.B0.stats.noDataCount).toBe(1);

    const list = await json(await call("GET", "/api/v1/statistics/batch?count=100"));
    expect(list.data.map((r: { id: string }) => r.id)).toContain(id);
    expect((await json(await call("GET", "/api/v1/batch/process?count=100"))).data.map((r: { id: string }) => r.id)).not.toContain(id);
  });

  it("runs features in CRS84 (a FeatureCollection without a crs member) end to end", async () => {
    // Columns and rows 3 to 12 of the fixture in longitude and latitude, shrunk a little: well inside the fixture.
    const [w, s, e, n] = transformBBox([500030, 4999870, 500130, 4999970], "EPSG:32633", "EPSG:4326");
    const [x0, y0, x1, y1] = [w + (e - w) * 0.05, s + (n - s) * 0.05, e - (e - w) * 0.05, n - (n - s) * 0.05];
    const geometry = { type: "Polygon", coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] };
    const collection = { type: "FeatureCollection", features: [{ type: "Feature", id: "lonlat", properties: {}, geometry }] };
    await upload("parcels/lonlat.geojson", JSON.stringify(collection));
    const aggregation = { ...AGGREGATION, resx: undefined, resy: undefined, width: 4, height: 4 };
    const body = batchBody({ input: { features: { s3: { url: "s3://b/parcels/lonlat.geojson" } }, data: DATA }, aggregation, output: { s3: { url: "s3://b/lonlat" } } });
    const { id } = await json(await call("POST", "/api/v1/statistics/batch", body), 201);
    expect((await call("POST", `/api/v1/statistics/batch/${id}/start`)).status).toBe(204);
    expect(await until(id, ["DONE", "FAILED"])).toMatchObject({ status: "DONE" });
    const written = await json(await call("GET", "/v1/files/lonlat/lonlat.json"));
    const alone = await json(await call("POST", "/api/v1/statistics", { input: { bounds: { geometry, properties: { crs: "http://www.opengis.net/def/crs/OGC/1.3/CRS84" } }, data: DATA }, aggregation, calculations: CALCULATIONS }));
    expect(written).toEqual(alone);
    // Every one of the 4 x 4 pixels is one of the fixture's pixels in columns and rows 2 to 13.
    const inside: number[] = [];
    for (let y = 2; y <= 13; y++) for (let x = 2; x <= 13; x++) inside.push(refl("B04", 1, x, y));
    const stats = written.data[0].outputs.red.bands.B0.stats;
    expect([stats.sampleCount, stats.noDataCount]).toEqual([16, 0]);
    expect(stats.min).toBeGreaterThanOrEqual(Math.min(...inside));
    expect(stats.max).toBeLessThanOrEqual(Math.max(...inside));
    expect(stats.max).toBeGreaterThan(stats.min);
  });

  it("stops a request being processed: features of chunks in stay written, the rest are dropped when their messages come", async () => {
    // 60 features of one pixel each, inline: two chunks (50 and 10 features).
    const features = Array.from({ length: 60 }, (_, i) => ({ type: "Feature", id: `p${i}`, properties: {}, geometry: { type: "Polygon", coordinates: rect(i % SIDE, Math.floor(i / SIDE), (i % SIDE) + 1, Math.floor(i / SIDE) + 1) } }));
    const body = batchBody({ input: { features: { geojson: { ...UTM_COLLECTION, features } }, data: DATA }, output: { s3: { url: "s3://b/stopped" } } });
    const { id } = await json(await call("POST", "/api/v1/statistics/batch", body), 201);
    const { deliver, take } = playedQueue();
    const started = await jobStub(env, id).start();
    expect(await deliver({ kind: "job.run", job_id: id, user_id: "basic.alice", run_id: started!.run, api_base: API_BASE })).toBe("ack");
    const chunks = take() as Extract<BatchMessage, { kind: "job.features" }>[];
    expect(chunks.map((m) => [m.kind, m.index])).toEqual([["job.features", 0], ["job.features", 1]]);
    expect(await deliver(chunks[1]!)).toBe("ack");
    expect(await json(await call("GET", `/api/v1/statistics/batch/${id}/status`))).toMatchObject({ status: "PROCESSING", completionPercentage: 50 });
    expect(await keysUnder(`jobs/basic.alice/${id}/`)).toEqual(["features.json", `runs/${started!.run}/chunks/00000.features.json`, `runs/${started!.run}/chunks/00001.features.json`, `runs/${started!.run}/chunks/features.json`]);
    expect((await call("POST", `/api/v1/statistics/batch/${id}/stop`)).status).toBe(204);
    // What the run stored goes; the request's own features stay for a start again.
    expect(await keysUnder(`jobs/basic.alice/${id}/`)).toEqual(["features.json"]);
    expect(await deliver(chunks[0]!)).toBe("ack");
    expect(take()).toEqual([]);
    expect(await json(await call("GET", `/api/v1/statistics/batch/${id}`))).toMatchObject({ status: "STOPPED", stoppedStatusReason: "USER_ACTION", userAction: "STOP" });
    const listing = await json(await call("GET", "/v1/files?limit=1000"));
    const written = (listing.files as { path: string }[]).map((f) => f.path).filter((p) => p.startsWith("stopped/")).sort();
    expect(written).toEqual(Array.from({ length: 10 }, (_, i) => `stopped/p${50 + i}.json`).sort());
    // One pixel's statistics: the pixel's value.
    const p55 = await json(await call("GET", "/v1/files/stopped/p55.json"));
    expect(p55.data[0].outputs.red.bands.B0.stats).toMatchObject({ min: refl("B04", 1, 55 % SIDE, 3), max: refl("B04", 1, 55 % SIDE, 3), sampleCount: 1, noDataCount: 0 });
    await expectShError(await call("POST", `/api/v1/statistics/batch/${id}/stop`), 400, /STOPPED/);
  });

  it("stops a chunk already running: no feature is written after the stop, and the request starts again from STOPPED", async () => {
    const features = FEATURES.map((f, i) => ({ ...f, id: `h${i}` }));
    const body = batchBody({ input: { features: { geojson: { ...UTM_COLLECTION, features } }, data: DATA }, output: { s3: { url: "s3://b/held" } } });
    const { id } = await json(await call("POST", "/api/v1/statistics/batch", body), 201);
    // The chunk's first read of data waits until the test lets it go on.
    let held: () => void = () => {};
    let reached: () => void = () => {};
    const atRead = new Promise<void>((resolve) => (reached = resolve));
    const release = new Promise<void>((resolve) => (held = resolve));
    let first = true;
    const { deliver, take } = playedQueue({
      beforeRead: async () => {
        if (!first) return;
        first = false;
        reached();
        await release;
      },
    });
    const started = await jobStub(env, id).start();
    expect(await deliver({ kind: "job.run", job_id: id, user_id: "basic.alice", run_id: started!.run, api_base: API_BASE })).toBe("ack");
    const [chunk] = take();
    const running = deliver(chunk!);
    await atRead;
    expect((await call("POST", `/api/v1/statistics/batch/${id}/stop`)).status).toBe(204);
    held();
    expect(await running).toBe("ack");
    const listing = await json(await call("GET", "/v1/files?limit=1000"));
    expect((listing.files as { path: string }[]).filter((f) => f.path.startsWith("held/"))).toEqual([]);
    expect(await json(await call("GET", `/api/v1/statistics/batch/${id}`))).toMatchObject({ status: "STOPPED" });
    // Started again from STOPPED, on the real queue, it runs to the end.
    expect((await call("POST", `/api/v1/statistics/batch/${id}/start`)).status).toBe(204);
    expect(await until(id, ["DONE", "FAILED"])).toMatchObject({ status: "DONE" });
    const again = await json(await call("GET", "/v1/files?limit=1000"));
    expect((again.files as { path: string }[]).map((f) => f.path).filter((p) => p.startsWith("held/")).sort()).toEqual(["held/h0.json", "held/h1.json", "held/h2.json"]);
  });

  it("plans a retried first invocation from the features its run read first, not from the file as it is now", async () => {
    await upload("parcels/snap.geojson", JSON.stringify(UTM_COLLECTION));
    const body = batchBody({ input: { features: { s3: { url: "s3://b/parcels/snap.geojson" } }, data: DATA }, output: { s3: { url: "s3://b/snap" } } });
    const { id } = await json(await call("POST", "/api/v1/statistics/batch", body), 201);
    // The first invocation fails storing its chunk's features; the file changes before it is retried.
    let failed = false;
    const { deliver, take } = playedQueue({
      beforePut: (key) => {
        if (!failed && key.endsWith("00000.features.json")) {
          failed = true;
          throw new Error("R2 is down");
        }
      },
    });
    const started = await jobStub(env, id).start();
    const run: BatchMessage = { kind: "job.run", job_id: id, user_id: "basic.alice", run_id: started!.run, api_base: API_BASE };
    expect(await deliver(run)).toBe("retry");
    await upload("parcels/snap.geojson", JSON.stringify({ ...UTM_COLLECTION, features: [{ ...FEATURES[0], id: "other" }] }));
    expect(await deliver(run, 2)).toBe("ack");
    const chunks = take();
    expect(chunks.map((m) => m.kind)).toEqual(["job.features"]);
    expect(await deliver(chunks[0]!)).toBe("ack");
    const [assembly] = take();
    expect(await deliver(assembly!)).toBe("ack");
    expect(await json(await call("GET", `/api/v1/statistics/batch/${id}`))).toMatchObject({ status: "DONE" });
    const listing = await json(await call("GET", "/v1/files?limit=1000"));
    expect((listing.files as { path: string }[]).map((f) => f.path).filter((p) => p.startsWith("snap/")).sort()).toEqual(["snap/1.json", "snap/7.json", "snap/field-a.json"]);
    // The kept features go with the run's other pieces.
    expect(await keysUnder(`jobs/basic.alice/${id}/`)).toEqual([]);
  });

  it("plans from the features another invocation of the run kept first, when two race to keep them", async () => {
    const body = batchBody({ input: { features: { geojson: UTM_COLLECTION }, data: DATA }, output: { s3: { url: "s3://b/raced" } } });
    const { id } = await json(await call("POST", "/api/v1/statistics/batch", body), 201);
    const other = { crs: "http://www.opengis.net/def/crs/EPSG/0/32633", features: [{ id: "first", geometry: FEATURES[0]!.geometry }] };
    const { deliver, take } = playedQueue({
      beforePut: async (key) => {
        if (key.endsWith("/chunks/features.json")) await env.RESULTS.put(key, JSON.stringify(other));
      },
    });
    const started = await jobStub(env, id).start();
    expect(await deliver({ kind: "job.run", job_id: id, user_id: "basic.alice", run_id: started!.run, api_base: API_BASE })).toBe("ack");
    const [chunk] = take();
    expect(await deliver(chunk!)).toBe("ack");
    const listing = await json(await call("GET", "/v1/files?limit=1000"));
    expect((listing.files as { path: string }[]).map((f) => f.path).filter((p) => p.startsWith("raced/"))).toEqual(["raced/first.json"]);
  });

  it("leaves no stored features behind when stopped while its chunks are being planned", async () => {
    const features = Array.from({ length: 60 }, (_, i) => ({ type: "Feature", id: `q${i}`, properties: {}, geometry: { type: "Polygon", coordinates: rect(i % SIDE, Math.floor(i / SIDE), (i % SIDE) + 1, Math.floor(i / SIDE) + 1) } }));
    const body = batchBody({ input: { features: { geojson: { ...UTM_COLLECTION, features } }, data: DATA }, output: { s3: { url: "s3://b/planning" } } });
    const { id } = await json(await call("POST", "/api/v1/statistics/batch", body), 201);
    // The request is stopped as the second chunk's features are about to be stored.
    const { deliver, take } = playedQueue({
      beforePut: async (key) => {
        if (key.endsWith("00001.features.json")) expect((await call("POST", `/api/v1/statistics/batch/${id}/stop`)).status).toBe(204);
      },
    });
    const started = await jobStub(env, id).start();
    expect(await deliver({ kind: "job.run", job_id: id, user_id: "basic.alice", run_id: started!.run, api_base: API_BASE })).toBe("ack");
    expect(take()).toEqual([]);
    expect(await keysUnder(`jobs/basic.alice/${id}/`)).toEqual(["features.json"]);
    expect(await json(await call("GET", `/api/v1/statistics/batch/${id}`))).toMatchObject({ status: "STOPPED" });
  });

  it("runs a chunk's features in one environment: the collection is looked up once, not once a feature", async () => {
    const body = batchBody({ input: { features: { geojson: UTM_COLLECTION }, data: DATA }, output: { s3: { url: "s3://b/shared" } } });
    const { id } = await json(await call("POST", "/api/v1/statistics/batch", body), 201);
    const reads: string[] = [];
    const { deliver, take } = playedQueue({ beforeRead: (key) => void reads.push(key) });
    const started = await jobStub(env, id).start();
    expect(await deliver({ kind: "job.run", job_id: id, user_id: "basic.alice", run_id: started!.run, api_base: API_BASE })).toBe("ack");
    const chunks = take();
    expect(chunks).toHaveLength(1);
    expect(await deliver(chunks[0]!)).toBe("ack");
    expect(reads.filter((key) => key.endsWith("/collection.json"))).toEqual(["collections/sh-statbatch/collection.json"]);
    // Each of the three features still searched its own items.
    expect(reads.filter((key) => key.endsWith("/items.json"))).toHaveLength(3);
  });

  it("keeps inline features in R2 beside the request, not in its row: a body over the row's 900 KB is accepted, analysed and shown without them", async () => {
    // 80 circles of 500 positions, each 10 x 10 pixels: about 1.5 MB of GeoJSON.
    const circle = (cx: number, cy: number) => [Array.from({ length: 500 }, (_, i) => (i === 499 ? 0 : (i / 499) * 2 * Math.PI)).map((a) => [cx + 49.123456789 * Math.cos(a), cy + 49.123456789 * Math.sin(a)])];
    const features = Array.from({ length: 80 }, (_, i) => ({ type: "Feature", id: `c${i}`, properties: {}, geometry: { type: "Polygon", coordinates: circle(500050 + 10 * (i % 6), 4999950 - 10 * Math.floor(i / 14)) } }));
    const collection = { ...UTM_COLLECTION, features };
    const body = batchBody({ input: { features: { geojson: collection }, data: DATA }, output: { s3: { url: "s3://b/circles" } } });
    expect(JSON.stringify(body).length).toBeGreaterThan(1_000_000);
    const created = await json(await call("POST", "/api/v1/statistics/batch", body), 201);
    const id = created.id as string;
    expect(created.request.input).toEqual({ features: { storedGeojson: true }, data: DATA });
    expect(await (await env.RESULTS.get(`jobs/basic.alice/${id}/features.json`))!.json()).toEqual(collection);
    const job = await jobStub(env, id).get();
    expect(JSON.stringify(job).length).toBeLessThan(10_000);
    expect((await call("POST", `/api/v1/statistics/batch/${id}/analyse`)).status).toBe(204);
    expect(await json(await call("GET", `/api/v1/statistics/batch/${id}`))).toMatchObject({ status: "ANALYSIS_DONE", request: { input: { features: { storedGeojson: true } } } });
    // A body too large to keep is refused before its features are read (this one names no file).
    const huge = batchBody({ input: { features: { s3: { url: "s3://b/parcels/none.geojson" } }, data: DATA }, aggregation: { ...AGGREGATION, evalscript: `${SCRIPT}\n//${"x".repeat(1_000_000)}` } });
    await expectShError(await call("POST", "/api/v1/statistics/batch", huge), 413, /900000 bytes/);
    // A caller can't point a request at features kept for another.
    await expectShError(await call("POST", "/api/v1/statistics/batch", batchBody({ input: { features: { storedGeojson: true }, data: DATA } })), 400, /storedGeojson is the back-end's own mark/);
    // Beside a file too: kept, it would make every later step look for inline features that were never stored.
    await expectShError(await call("POST", "/api/v1/statistics/batch", batchBody({ input: { features: { s3: { url: "s3://b/parcels/fields.geojson" }, storedGeojson: true }, data: DATA } })), 400, /storedGeojson is the back-end's own mark/);
  });

  it("fails a request whose features file changed into a bad one after it was accepted, with the error in its view", async () => {
    await upload("parcels/changing.geojson", JSON.stringify(UTM_COLLECTION));
    const body = batchBody({ input: { features: { s3: { url: "s3://b/parcels/changing.geojson" } }, data: DATA } });
    const { id } = await json(await call("POST", "/api/v1/statistics/batch", body), 201);
    await upload("parcels/changing.geojson", JSON.stringify({ ...UTM_COLLECTION, features: [FEATURES[0], FEATURES[0]] }));
    await expectShError(await call("POST", `/api/v1/statistics/batch/${id}/analyse`), 400, /'field-a' is given to more than one feature/);
    expect((await call("POST", `/api/v1/statistics/batch/${id}/start`)).status).toBe(204);
    const failed = await until(id, ["DONE", "FAILED"]);
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toMatch(/more than one feature/);
  });

  it("fails, without retrying, a request whose features file changed into a CRS the back-end doesn't know", async () => {
    await upload("parcels/reprojected.geojson", JSON.stringify(UTM_COLLECTION));
    const body = batchBody({ input: { features: { s3: { url: "s3://b/parcels/reprojected.geojson" } }, data: DATA }, output: { s3: { url: "s3://b/reprojected" } } });
    const { id } = await json(await call("POST", "/api/v1/statistics/batch", body), 201);
    await upload("parcels/reprojected.geojson", JSON.stringify({ ...UTM_COLLECTION, crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::2056" } } }));
    const { deliver } = playedQueue();
    const started = await jobStub(env, id).start();
    expect(await deliver({ kind: "job.run", job_id: id, user_id: "basic.alice", run_id: started!.run, api_base: API_BASE })).toBe("ack");
    const failed = await json(await call("GET", `/api/v1/statistics/batch/${id}`));
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toMatch(/EPSG:2056 is not supported/);
  });

  it("refuses bad requests before accepting them, in Sentinel Hub's error shape", async () => {
    const post = (body: unknown) => call("POST", "/api/v1/statistics/batch", body);
    const withFeatures = (features: unknown) => batchBody({ input: { features, data: DATA } });
    const inline = (collection: unknown) => withFeatures({ geojson: collection });
    await expectShError(await post(withFeatures({})), 400, /either s3\.url .* or geojson/);
    await expectShError(await post(withFeatures({ s3: { url: "s3://b/x.geojson" }, geojson: UTM_COLLECTION })), 400, /either/);
    await expectShError(await post(withFeatures({ s3: { url: "https://b/x.geojson" } })), 400, /S3 URL/);
    await expectShError(await post(withFeatures({ s3: { url: "s3://b/" } })), 400, /must name a file/);
    await expectShError(await post(withFeatures({ s3: { url: "s3://b/parcels/none.geojson" } })), 400, /no file 'parcels\/none\.geojson'/);
    await upload("parcels/not-json.gpkg", "SQLite format 3");
    await expectShError(await post(withFeatures({ s3: { url: "s3://b/parcels/not-json.gpkg" } })), 400, /not JSON/);
    await upload("parcels/huge.geojson", " ".repeat(10 * 2 ** 20 + 1));
    await expectShError(await post(withFeatures({ s3: { url: "s3://b/parcels/huge.geojson" } })), 400, /10485761 bytes; .* at most 10485760/);
    await expectShError(await post(batchBody({ output: undefined })), 400, /output/);
    await expectShError(await post(batchBody({ output: { s3: {} } })), 400, /output\.s3\.url/);
    await expectShError(await post(batchBody({ output: { s3: { url: `s3://b/${"d/".repeat(400)}` } } })), 400, /prefix is too long/);
    // An output prefix that is a file, or lies under one: no result could be written there.
    await upload("taken/report.txt", "a file");
    await expectShError(await post(batchBody({ output: { s3: { url: "s3://b/taken/report.txt" } } })), 400, /'taken\/report\.txt' is a file in your files/);
    await expectShError(await post(batchBody({ output: { s3: { url: "s3://b/taken/report.txt/deeper" } } })), 400, /'taken\/report\.txt' is a file in your files/);
    // A feature named as the features file, in its folder, would write its result over it.
    await upload("parcels2/fields.json", JSON.stringify({ ...UTM_COLLECTION, features: [{ ...FEATURES[0], id: "fields" }] }));
    await expectShError(await post(batchBody({ input: { features: { s3: { url: "s3://b/parcels2/fields.json" } }, data: DATA }, output: { s3: { url: "s3://b/parcels2/" } } })), 400, /feature 'fields''s result would be written over the features file 'parcels2\/fields\.json'/);
    await expectShError(await post(inline({ type: "FeatureCollection", features: [] })), 400, /no features/);
    await expectShError(await post(inline({ type: "Feature" })), 400, /FeatureCollection/);
    await expectShError(await post(inline({ ...UTM_COLLECTION, crs: { type: "name", properties: { name: "EPSG:bad" } } })), 400, /crs/);
    await expectShError(await post(inline({ ...UTM_COLLECTION, crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::3035" } } })), 400, /Feature 'field-a': .*EPSG:3035 is not supported/);
    await expectShError(await post(inline({ ...UTM_COLLECTION, features: [{ ...FEATURES[0], geometry: { type: "Point", coordinates: [500000, 5000000] } }] })), 400, /'field-a' must have a Polygon or MultiPolygon/);
    await expectShError(await post(inline({ ...UTM_COLLECTION, features: [{ ...FEATURES[0], id: "../up" }] })), 400, /feature 0's id/);
    const ring = Array.from({ length: 10_001 }, (_, i) => [500000 + Math.cos((i / 10_000) * 2 * Math.PI) * 50, 4999900 + Math.sin((i / 10_000) * 2 * Math.PI) * 50]);
    await expectShError(await post(inline({ ...UTM_COLLECTION, features: [{ ...FEATURES[0], geometry: { type: "Polygon", coordinates: [ring] } }] })), 400, /10001 positions; .* at most 10,000/);
    // A feature's own Statistical API request is checked: too large a grid names the feature.
    await expectShError(await post(batchBody({ aggregation: { ...AGGREGATION, resx: 0.001, resy: 0.001 } })), 400, /Feature 'field-a'/);
    await expectShError(await post(batchBody({ aggregation: { ...AGGREGATION, aggregationInterval: { of: "P1Q" } } })), 400, /Feature 'field-a': .*aggregationInterval/);
    // The evalscript's setup() and the calculations against its outputs, once for all features.
    await expectShError(await post(batchBody({ calculations: { ndvi: { statistics: { default: { percentiles: { k: [50] } } } } } })), 400, /'ndvi', which the evalscript's setup\(\) doesn't declare \(outputs: red\)/);
    await expectShError(await post(batchBody({ aggregation: { ...AGGREGATION, evalscript: "//VERSION=3\nfunction setup() { return {}; }" } })), 400, /setup\(\) must answer `input`/);
    // As the Statistical API checks setup(): a dataMask output required, the response's size bounded.
    const unmasked = "//VERSION=3\nfunction setup() { return { input: ['B04'], output: [{ id: 'red', bands: 1 }] }; }\nfunction evaluatePixel(s) { return { red: [s.B04] }; }";
    await expectShError(await post(batchBody({ aggregation: { ...AGGREGATION, evalscript: unmasked } })), 400, /output 'dataMask'/);
    await expectShError(await post(batchBody({ calculations: { default: { histograms: { default: { nBins: 1000 } }, statistics: { default: { percentiles: { k: Array.from({ length: 100 }, (_, i) => i) } } } } }, aggregation: { ...AGGREGATION, timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-17T00:00:00Z" }, aggregationInterval: { of: "PT1H" } } })), 400, /would hold 1,192,704 values/);
    await expectShError(await request("/api/v1/statistics/batch", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(batchBody()) }), 401, /./);
    for (const [method, path] of [["GET", ""], ["GET", "/status"], ["POST", "/analyse"], ["POST", "/start"], ["POST", "/stop"]]) {
      await expectShError(await call(method!, `/api/v1/statistics/batch/00000000-0000-0000-0000-000000000000${path}`), 404, /./);
    }
    const { id } = await json(await post(batchBody()), 201);
    await expectShError(await call("GET", `/api/v1/statistics/batch/${id}`, undefined, "bob"), 404, /./);
    await expectShError(await call("GET", `/api/v1/batch/process/${id}`), 404, /./);
    await expectShError(await call("POST", `/api/v1/statistics/batch/${id}/stop`), 400, /CREATED/);
    // A file put where the results go after the request was accepted: refused at start.
    const later = (await json(await post(batchBody({ output: { s3: { url: "s3://b/later" } } })), 201)).id as string;
    await upload("later", "now a file");
    await expectShError(await call("POST", `/api/v1/statistics/batch/${later}/start`), 400, /'later' is a file in your files/);
    expect(await json(await call("GET", `/api/v1/statistics/batch/${later}`))).toMatchObject({ status: "CREATED" });
  });
});

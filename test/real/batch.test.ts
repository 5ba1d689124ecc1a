/**
 * Batch jobs over the real Sentinel-2 data: each job runs the same graph as a synchronous request
 * (POST /v1/result) and its result must equal that one pixel for pixel. SYNC_MAX_CUBE_BYTES is
 * lowered to 8 MiB, so that the whole 29RKH tile (9.2 MiB of float32 red and NIR) is computed in
 * chunks, while the 33TWL composite (3.75 MiB) still runs in one invocation. The results are read
 * as a STAC client would: through the signed links, by GDAL over HTTP with Range requests.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalWorker, type LocalWorker } from "../../scripts/local-worker.mjs";
import { expectGdalSeesCog, expectValidCog, type ExpectedGeoTiff } from "./gdal-expectations";
import { gdalInfo } from "./gdal-tools";
import { cloudFreeMaxNdviGraph, ndviGraph, pixelBoxExtent } from "./graphs";
import { downloadSigned, runJob, type FinishedJob } from "./job-client";
import { countNoData, expectedOnGrid, expectSameRaster, FLOAT32_TOLERANCE } from "./raster-compare";
import { ndviFromDigitalNumbers, readItemBand, valueAtPoint } from "./raw-rasters";
import { dayLabel, itemsOldestFirst } from "./raw-stac";
import { demoBearer, expectSuccess, GTIFF_TYPE, postResult, readResultCog } from "./result-client";

const TWL = "s2-33TWL-2023-08";
const TWL_COLLECTION = "twl";
const RKH = "s2-29RKH-2020-02-19";
const RKH_COLLECTION = "rkh";
/** One read's limit for this Worker: small enough that a whole 29RKH tile needs chunks. */
const MAX_CUBE_BYTES = 8 * 2 ** 20;
/** Each chunk's cube is at most this share of one read (src/execution/chunks.ts, CHUNK_SHARE), in strips of a multiple of 64 rows. */
const CHUNK_SHARE = 1 / 4;
const CHUNK_ROWS_UNIT = 64;
const FLOAT32_BYTES = 4;
/** Both runs (the synchronous one and the job) of a test take a few seconds each on two shared cores. */
const RUN_TIMEOUT_MS = 90_000;

let worker: LocalWorker;
let bearer: string;
let scratch: string;

beforeAll(async () => {
  worker = await startLocalWorker({
    ingest: [
      { folder: TWL, collection: TWL_COLLECTION, args: ["--offset", "0"] },
      { folder: RKH, collection: RKH_COLLECTION, args: ["--offset", "0"] },
    ],
    vars: { SYNC_MAX_CUBE_BYTES: String(MAX_CUBE_BYTES) },
  });
  bearer = await demoBearer(worker.url);
  scratch = mkdtempSync(join(tmpdir(), "openeo-real-batch-"));
});
afterAll(async () => {
  await worker?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The same graph run synchronously and as a batch job, at the same time. */
async function runBoth(graph: Record<string, unknown>, title: string) {
  const [sync, batch] = await Promise.all([postResult(worker.url, bearer, graph), runJob(worker.url, bearer, graph, title, RUN_TIMEOUT_MS)]);
  expectSuccess(sync);
  expect(sync.contentType).toBe(GTIFF_TYPE);
  return { sync: await readResultCog(sync.bytes), batch };
}

const logMessages = (job: FinishedJob) => job.logs.map((entry) => entry.message);

/**
 * GDAL reads a file over HTTP through GDAL's curl driver, which fetches byte ranges. list_dir=no:
 * a signed link has no directory that GDAL could list for sidecar files.
 */
const overHttp = (href: string) => `/vsicurl?list_dir=no&url=${encodeURIComponent(href)}`;

/**
 * The job's single data file, checked as its STAC Item describes it: GeoTIFF media type,
 * projection fields of the expected grid, and bands (eo:bands, raster:bands) that are the ones
 * GDAL finds in the file it reads over HTTP — itself a valid COG. Answers the Item and the
 * file's bytes, downloaded through the same signed link.
 */
async function expectResultItem(job: FinishedJob, expected: ExpectedGeoTiff) {
  const item = job.results;
  expect(item.type).toBe("Feature");
  const data = Object.values(item.assets as Record<string, any>).filter((asset) => asset.roles.includes("data"));
  expect(data.length).toBe(1);
  const asset = data[0]!;
  expect(asset.type).toBe(GTIFF_TYPE);
  // GDAL's geotransform [west, dx, 0, north, 0, dy] (dy < 0) is STAC's proj:transform [dx, 0, west, 0, dy, north].
  const [west, dx, , north, , dy] = expected.geoTransform as [number, number, number, number, number, number];
  expect(item.properties).toMatchObject({ "proj:epsg": expected.epsg, "proj:shape": [expected.height, expected.width] });
  const transform = item.properties["proj:transform"] as number[];
  expect(transform).toHaveLength(6);
  transform.forEach((v, i) => expect(v, `proj:transform[${i}]`).toBeCloseTo([dx, 0, west, 0, dy, north][i]!, 9));

  const path = overHttp(asset.href);
  expectGdalSeesCog(path, expected);
  const bands = gdalInfo(path).bands;
  expect(asset["eo:bands"]).toEqual(bands.map((band) => ({ name: band.description })));
  // GDAL says "NaN" for a NaN no-data value; the raster extension spells it "nan".
  const stacNodata = (value: number | string | undefined) => (typeof value === "string" ? value.toLowerCase() : value);
  // The statistics are those GDAL reads from the file's metadata (and, in expectGdalSeesCog, computes from its pixels).
  const statistics = (metadata: Record<string, string> = {}) =>
    metadata.STATISTICS_MINIMUM === undefined
      ? {}
      : { statistics: { minimum: Number(metadata.STATISTICS_MINIMUM), maximum: Number(metadata.STATISTICS_MAXIMUM), mean: Number(metadata.STATISTICS_MEAN), stddev: Number(metadata.STATISTICS_STDDEV), valid_percent: Number(metadata.STATISTICS_VALID_PERCENT) } };
  expect(asset["raster:bands"]).toEqual(bands.map((band) => ({ data_type: band.type.toLowerCase(), nodata: stacNodata(band.noDataValue), ...statistics(band.metadata?.[""]) })));
  return { item, asset, bytes: await downloadSigned(asset.href) };
}

describe("batch jobs equal synchronous results", () => {
  it(
    "a 5-date cloud-masked maximum-NDVI composite job over 33TWL equals the synchronous result pixel for pixel",
    async () => {
      const items = itemsOldestFirst(TWL);
      expect(items.length).toBe(5);
      const window = await readItemBand(items[0]!, "B04.tif");
      const extent = pixelBoxExtent(window, 0, 0, window.width, window.height);
      // 5 dates x 3 bands of float32 fit in one read: the job runs in one invocation.
      expect(5 * 3 * window.width * window.height * FLOAT32_BYTES).toBeLessThan(MAX_CUBE_BYTES);
      const { sync, batch } = await runBoth(cloudFreeMaxNdviGraph(TWL_COLLECTION, extent, ["2023-08-01", "2023-09-01"]), "33TWL composite");
      expect(logMessages(batch).filter((m) => /computed in \d+ chunks/.test(m))).toEqual([]);

      const grid = { crs: "EPSG:32633", bbox: [extent.west, extent.south, extent.east, extent.north], width: 256, height: 256 };
      expect(sync.cog.header.grid).toEqual(grid);
      // Reducing bands and t leaves no label dimension: the one band is called "value".
      const geoTiff = { width: 256, height: 256, epsg: 32633, geoTransform: [extent.west, 120, 0, extent.north, 0, -120], descriptions: ["value"] };
      const { item, bytes } = await expectResultItem(batch, geoTiff);
      const result = await readResultCog(bytes);
      expect(result.cog.header.grid).toEqual(grid);
      // Clouds without a clear date leave no-data, which must be no-data in both.
      const noData = countNoData(sync.bands[0]!);
      expect(noData).toBeGreaterThan(0);
      expect(noData).toBeLessThan(256 * 256);
      expectSameRaster(result.bands[0]!, sync.bands[0]!, 256, 0);

      // No t dimension is left to date the file by: the Item names no single date but the range of the composited dates.
      expect(item.properties.datetime).toBeNull();
      const dates = items.map((i) => new Date(dayLabel(i)).toISOString());
      expect([item.properties.start_datetime, item.properties.end_datetime]).toEqual([dates[0], dates.at(-1)]);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "an NDVI job over the whole 29RKH tile is computed in chunks and equals the synchronous result",
    async () => {
      const [scene] = itemsOldestFirst(RKH);
      const [red, nir] = await Promise.all([readItemBand(scene!, "B04.tif"), readItemBand(scene!, "B08.tif")]);
      const extent = pixelBoxExtent(red, 0, 0, red.width, red.height);
      const day = scene!.properties.datetime.slice(0, 10);
      const nextDay = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);

      // The chunk plan, recomputed: float32 red and NIR of every row, strips of a quarter read.
      const bytesPerRow = red.width * 2 * FLOAT32_BYTES;
      const cubeBytes = bytesPerRow * red.height;
      expect(cubeBytes).toBeGreaterThan(MAX_CUBE_BYTES);
      const rowsPerChunk = Math.floor((MAX_CUBE_BYTES * CHUNK_SHARE) / bytesPerRow / CHUNK_ROWS_UNIT) * CHUNK_ROWS_UNIT;
      const chunks = Math.ceil(red.height / rowsPerChunk);
      expect(chunks).toBeGreaterThan(1);

      const { sync, batch } = await runBoth(ndviGraph(RKH_COLLECTION, extent, [day, nextDay]), "29RKH NDVI");
      const messages = logMessages(batch);
      expect(messages).toContain(
        `The result (${red.width} x ${red.height} px, ${Math.ceil(cubeBytes / 2 ** 20)} MiB of source data) is computed in ${chunks} chunks of up to ${rowsPerChunk} rows.`,
      );
      expect(messages.some((m) => m.startsWith(`${chunks} chunks assembled into `)), messages.join("\n")).toBe(true);

      const { width, height } = red;
      const grid = { crs: "EPSG:32629", bbox: [extent.west, extent.south, extent.east, extent.north], width, height };
      expect(sync.cog.header.grid).toEqual(grid);
      const geoTiff = { width, height, epsg: 32629, geoTransform: [extent.west, 100, 0, extent.north, 0, -100], descriptions: [dayLabel(scene!)] };
      const { item, asset, bytes } = await expectResultItem(batch, geoTiff);
      expect(item.properties.datetime).toBe(new Date(dayLabel(scene!)).toISOString());

      // The assembled COG equals the synchronous result, and both the NDVI recomputed from the raw files.
      const result = await readResultCog(bytes);
      expect(result.cog.header.grid).toEqual(grid);
      expectSameRaster(result.bands[0]!, sync.bands[0]!, width, 0);
      const recomputed = expectedOnGrid(grid, (x, y) => ndviFromDigitalNumbers(valueAtPoint(red, x, y), valueAtPoint(nir, x, y)));
      expectSameRaster(result.bands[0]!, recomputed, width, FLOAT32_TOLERANCE);
      // GDAL's validator checks the tiles' order and leaders fully only in a local file.
      const local = join(scratch, "ndvi-29rkh.tif");
      writeFileSync(local, bytes);
      expectValidCog(local);

      // The signed link serves byte ranges, which GDAL relied on above.
      const range = await fetch(asset.href, { headers: { Range: "bytes=0-7" } });
      expect(range.status).toBe(206);
      expect(range.headers.get("Content-Range")).toBe(`bytes 0-7/${bytes.length}`);
      expect(new Uint8Array(await range.arrayBuffer())).toEqual(bytes.slice(0, 8));

      // What the run used, in the API's units.
      const { usage, costs } = batch.job;
      expect(Object.keys(usage ?? {})).toEqual(expect.arrayContaining(["cpu", "memory", "duration", "network"]));
      expect(usage!.cpu).toMatchObject({ unit: "cpu-seconds", value: expect.any(Number) });
      expect(usage!.memory).toMatchObject({ unit: "mb", value: expect.any(Number) });
      expect(usage!.duration).toMatchObject({ unit: "seconds", value: expect.any(Number) });
      expect(usage!.network).toMatchObject({ unit: "b", value: expect.any(Number) });
      for (const metric of ["cpu", "memory", "duration", "network"]) expect(usage![metric]!.value, metric).toBeGreaterThan(0);
      expect(costs).toBeGreaterThan(0);
    },
    RUN_TIMEOUT_MS,
  );
});

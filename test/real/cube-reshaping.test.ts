/**
 * resample_cube_temporal, reduce_spatial, flatten_dimensions and load_uploaded_files over the real
 * 33TWL B04 of August 2023 through POST /v1/result: every value recomputed here from the raw files
 * (geotiff.js).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalWorker, type LocalWorker } from "../../scripts/local-worker.mjs";
import { gdalArrays } from "./gdal-tools";
import { loadCollection, node, pixelBoxExtent, saveResult } from "./graphs";
import { readItemBand, REFLECTANCE_SCALE, S2_NODATA, type RawRaster } from "./raw-rasters";
import { expectSameRaster } from "./raster-compare";
import { itemsOldestFirst, type RawItem } from "./raw-stac";
import { demoBearer, expectSuccess, postResult, readResultCog, responseJson } from "./result-client";

const TWL = "s2-33TWL-2023-08";
const COLLECTION = "twl";

let worker: LocalWorker;
let bearer: string;
let items: RawItem[];
let reds: RawRaster[];
let scratch: string;

beforeAll(async () => {
  worker = await startLocalWorker({ ingest: [{ folder: TWL, collection: COLLECTION, args: ["--offset", "0"] }] });
  bearer = await demoBearer(worker.url);
  items = itemsOldestFirst(TWL);
  reds = await Promise.all(items.map((item) => readItemBand(item, "B04.tif")));
  scratch = mkdtempSync(join(tmpdir(), "openeo-real-reshaping-"));
});
afterAll(async () => {
  await worker?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

// The window: raw columns 224-255, rows 160-191 (the swath edge of 08-18 reaches into it).
const [C0, R0, SIDE] = [224, 160, 32];
const f = Math.fround;
const day = (item: RawItem) => item.properties.datetime.slice(0, 10);
/** Raw pixel (col, row) of date `d` as the back-end holds it: float32 reflectance, NaN for no-data. */
function cell(d: number, col: number, row: number): number {
  const dn = reds[d]!.values[row * reds[d]!.width + col]!;
  return dn === S2_NODATA ? NaN : f(dn * REFLECTANCE_SCALE);
}
const window = (d: number) => Array.from({ length: SIDE * SIDE }, (_, i) => cell(d, C0 + (i % SIDE), R0 + Math.floor(i / SIDE)));
/** The window's raw digital numbers (0 for no-data), as a GTiff result keeps a cube the process didn't compute on: in the source's type, its scale in the metadata. */
const numbers = (d: number) => Array.from({ length: SIDE * SIDE }, (_, i) => reds[d]!.values[(R0 + Math.floor(i / SIDE)) * reds[d]!.width + C0 + (i % SIDE)]!);
const load = (days: [string, string]) => loadCollection(COLLECTION, pixelBoxExtent(reds[0]!, C0, R0, C0 + SIDE, R0 + SIDE), days, ["B04"]);

async function run(graph: Record<string, unknown>) {
  return readResultCog(expectSuccess(await postResult(worker.url, bearer, graph)).bytes);
}

describe("reshaping cubes over real data", () => {
  it("the dates are 08-10, 13, 15, 18 and 20, and 08-18 lacks data in the window", () => {
    expect(items.map(day)).toEqual(["2023-08-10", "2023-08-13", "2023-08-15", "2023-08-18", "2023-08-20"]);
    expect(window(3).some(Number.isNaN)).toBe(true);
  });

  it("resample_cube_temporal: the dates of 08-13 and 08-18 take the nearest of 08-10, 08-15 and 08-20", async () => {
    const graph = (validWithin: number | null) => ({
      data: load(["2023-08-01", "2023-09-01"]),
      odd: { process_id: "filter_labels", arguments: { data: node("data"), dimension: "t", condition: { process_graph: { c: { process_id: "array_contains", arguments: { data: ["2023-08-10T00:00:00Z", "2023-08-15T00:00:00Z", "2023-08-20T00:00:00Z"], value: { from_parameter: "value" } }, result: true } } } } },
      target: { process_id: "filter_labels", arguments: { data: node("data"), dimension: "t", condition: { process_graph: { c: { process_id: "array_contains", arguments: { data: ["2023-08-13T00:00:00Z", "2023-08-18T00:00:00Z"], value: { from_parameter: "value" } }, result: true } } } } },
      resampled: { process_id: "resample_cube_temporal", arguments: { data: node("odd"), target: node("target"), valid_within: validWithin } },
      save: saveResult("resampled", "GTiff"),
    });
    const { bands } = await run(graph(null));
    expect(bands).toHaveLength(2);
    // 08-13 is 3 days from 08-10 and 2 from 08-15; 08-18 is 3 from 08-15 and 2 from 08-20.
    expectSameRaster(bands[0]!, numbers(2), SIDE, 0);
    expectSameRaster(bands[1]!, numbers(4), SIDE, 0);
    // Nothing lies within a day of either.
    const none = await run(graph(1));
    for (const band of none.bands) expect(Array.from(band).every((v) => v === 0 || Number.isNaN(v))).toBe(true);
  });

  it("reduce_spatial: each date's mean of the valid pixels of the window, over t and bands only (JSON, and netCDF as GDAL reads it)", async () => {
    const graph = (format: string) => ({
      data: load(["2023-08-01", "2023-09-01"]),
      mean: { process_id: "reduce_spatial", arguments: { data: node("data"), reducer: { process_graph: { m: { process_id: "mean", arguments: { data: { from_parameter: "data" } }, result: true } } } } },
      save: saveResult("mean", format),
    });
    const expected = items.map((_, d) => {
      const valid = window(d).filter((v) => !Number.isNaN(v));
      return valid.reduce((a, b) => a + b, 0) / valid.length;
    });
    const dates = items.map((item) => `${day(item)}T00:00:00Z`);
    const json = responseJson(expectSuccess(await postResult(worker.url, bearer, graph("JSON"))));
    // x and y are gone: the cube has t and bands left, one value per date and band.
    expect([json.type, json.order, json.dimensions]).toEqual(["datacube", ["t", "bands"], { t: { type: "temporal", values: dates }, bands: { type: "bands", values: ["B04"] } }]);
    expect(json.data).toHaveLength(items.length);
    (json.data as number[][]).forEach(([got], d) => expect(got, dates[d]).toBeCloseTo(expected[d]!, 12));

    const path = join(scratch, "reduced.nc");
    writeFileSync(path, expectSuccess(await postResult(worker.url, bearer, graph("netCDF"))).bytes);
    const arrays = gdalArrays(path);
    expect(Object.keys(arrays).sort()).toEqual(["B04", "t"]);
    expect(arrays.B04!.dimensions).toEqual(["/t"]);
    expect(arrays.t!.values).toEqual(dates.map((date) => Date.parse(date) / 86400000));
    arrays.B04!.values.forEach((got, d) => expect(got as number, dates[d]).toBeCloseTo(expected[d]!, 12));
  });

  it("flatten_dimensions: t and bands as one dimension, values as they were", async () => {
    const { bands, cog } = await run({
      data: load(["2023-08-01", "2023-09-01"]),
      flat: { process_id: "flatten_dimensions", arguments: { data: node("data"), dimensions: ["t", "bands"], target_dimension: "tb" } },
      save: saveResult("flat", "GTiff"),
    });
    expect(bands).toHaveLength(5);
    expect(cog.header.grid.width).toBe(SIDE);
    items.forEach((_, d) => expectSameRaster(bands[d]!, numbers(d), SIDE, 0));
  });

  it("load_uploaded_files: a raw B04 uploaded as it is reads back as its digital numbers", async () => {
    const item = items[2]!;
    const bytes = readFileSync(join(item.dir, "B04.tif"));
    const put = await fetch(`${worker.url}/v1/files/real/b04-0815.tif`, { method: "PUT", headers: { Authorization: bearer, "Content-Length": String(bytes.length) }, body: bytes });
    expect(put.status).toBe(200);
    const extent = pixelBoxExtent(reds[2]!, C0, R0, C0 + SIDE, R0 + SIDE);
    const { bands } = await run({
      files: { process_id: "load_uploaded_files", arguments: { paths: ["real/b04-0815.tif"], format: "GTiff" } },
      box: { process_id: "filter_bbox", arguments: { data: node("files"), extent } },
      save: saveResult("box", "GTiff"),
    });
    expectSameRaster(bands[0]!, numbers(2), SIDE, 0);
  });
});

/**
 * climatological_normal and anomaly over the five real 33TWL dates of August 2023 (POST /v1/result):
 * the normals and anomalies are recomputed here from the raw B04 files (read with geotiff.js),
 * no-data (the swath edges of 08-13 and 08-18) left out of the means.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalWorker, type LocalWorker } from "../../scripts/local-worker.mjs";
import { loadCollection, node, pixelBoxExtent, saveResult } from "./graphs";
import { readItemBand, reflectanceOf, valueAtPoint, type RawRaster } from "./raw-rasters";
import { countNoData, expectedOnGrid, expectSameRaster, FLOAT32_TOLERANCE } from "./raster-compare";
import { itemsOldestFirst } from "./raw-stac";
import { demoBearer, expectSuccess, GTIFF_TYPE, postResult, readResultCog } from "./result-client";

const TWL = "s2-33TWL-2023-08";
const COLLECTION = "twl";

let worker: LocalWorker;
let bearer: string;

beforeAll(async () => {
  worker = await startLocalWorker({ ingest: [{ folder: TWL, collection: COLLECTION, args: ["--offset", "0"] }] });
  bearer = await demoBearer(worker.url);
});
afterAll(async () => {
  await worker?.stop();
});

const f = Math.fround;
/** The float32 mean of the valid values, NaN without any. */
function meanOfValid(values: number[]): number {
  const valid = values.filter((v) => !Number.isNaN(v));
  return valid.length ? f(valid.reduce((a, b) => a + b, 0) / valid.length) : NaN;
}

describe("normals and anomalies of August 2023", () => {
  it("match the per-pixel mean of the five dates and each date minus it, recomputed from the raw files", async () => {
    const items = itemsOldestFirst(TWL);
    expect(items.length).toBe(5);
    const reds: RawRaster[] = await Promise.all(items.map((item) => readItemBand(item, "B04.tif")));
    // The south-east quarter of the window: the swath-edge no-data of 08-13 and 08-18 lies in it.
    const extent = pixelBoxExtent(reds[0]!, 128, 128, 256, 256);
    const load = loadCollection(COLLECTION, extent, ["2023-08-01", "2023-09-01"], ["B04"]);
    const normals = { process_id: "climatological_normal", arguments: { data: node("load"), period: "month", climatology_period: [2023, 2024] } };

    const normalRes = expectSuccess(await postResult(worker.url, bearer, { load, normals, save: saveResult("normals", "GTiff") }));
    expect(normalRes.contentType).toBe(GTIFF_TYPE);
    const normal = await readResultCog(normalRes.bytes);
    const grid = normal.cog.header.grid;
    expect(grid).toEqual({ crs: "EPSG:32633", bbox: [extent.west, extent.south, extent.east, extent.north], width: 128, height: 128 });
    expect(normal.bands.length).toBe(1);
    const dates = (x: number, y: number) => reds.map((red) => reflectanceOf(valueAtPoint(red, x, y)));
    const expectedNormal = expectedOnGrid(grid, (x, y) => meanOfValid(dates(x, y)));
    expectSameRaster(normal.bands[0]!, expectedNormal, 128, FLOAT32_TOLERANCE);

    const anomalyRes = expectSuccess(
      await postResult(worker.url, bearer, {
        load,
        normals,
        anomaly: { process_id: "anomaly", arguments: { data: node("load"), normals: node("normals"), period: "month" } },
        save: saveResult("anomaly", "GTiff"),
      }),
    );
    const anomaly = await readResultCog(anomalyRes.bytes);
    expect(anomaly.cog.header.grid).toEqual(grid);
    expect(anomaly.bands.length).toBe(5);
    let noData = 0;
    reds.forEach((_, d) => {
      const expected = expectedOnGrid(grid, (x, y) => f(dates(x, y)[d]! - meanOfValid(dates(x, y))));
      noData += countNoData(expected);
      expectSameRaster(anomaly.bands[d]!, expected, 128, FLOAT32_TOLERANCE);
    });
    // The swath edges make some dates no-data where others have values: the means leave them out.
    expect(noData).toBeGreaterThan(0);
    expect(countNoData(expectedNormal)).toBeLessThan(noData);
  });
});

/**
 * fit_curve and predict_curve over the five real 33TWL dates of August 2023 (POST /v1/result): a
 * straight line a + b · days since 2023-08-12 fitted to each pixel's red reflectance, compared with
 * the closed-form least-squares line recomputed here from the raw B04 files (read with geotiff.js),
 * no-data left out; and the line predicted at the end of the month from the fitted coefficients.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalWorker, type LocalWorker } from "../../scripts/local-worker.mjs";
import { callback, loadCollection, node, param, pixelBoxExtent, saveResult } from "./graphs";
import { readItemBand, reflectanceOf, valueAtPoint, type RawRaster } from "./raw-rasters";
import { expectedOnGrid, expectSameRaster } from "./raster-compare";
import { dayLabel, itemsOldestFirst } from "./raw-stac";
import { demoBearer, expectSuccess, postResult, readResultCog } from "./result-client";

const TWL = "s2-33TWL-2023-08";
const COLLECTION = "twl-curve";
/** 2023-08-12T00:00:00Z in seconds: the line's origin, so that a and b are not nearly dependent. */
const ORIGIN = Date.UTC(2023, 7, 12) / 1000;
const DAY = 86_400;

let worker: LocalWorker;
let bearer: string;

beforeAll(async () => {
  worker = await startLocalWorker({ ingest: [{ folder: TWL, collection: COLLECTION, args: ["--offset", "0"] }] });
  bearer = await demoBearer(worker.url);
});
afterAll(async () => {
  await worker?.stop();
});


/** a + b · (x - ORIGIN) / DAY, the model given to both processes. */
const line = callback({
  a: { process_id: "array_element", arguments: { data: param("parameters"), index: 0 } },
  b: { process_id: "array_element", arguments: { data: param("parameters"), index: 1 } },
  since: { process_id: "subtract", arguments: { x: param("x"), y: ORIGIN } },
  days: { process_id: "divide", arguments: { x: node("since"), y: DAY } },
  slope: { process_id: "multiply", arguments: { x: node("b"), y: node("days") } },
  r: { process_id: "add", arguments: { x: node("a"), y: node("slope") }, result: true },
});

/** The least-squares line through the valid (t, y): [a, b], or NaN for fewer than two points. */
function leastSquaresLine(ts: number[], ys: number[]): [number, number] {
  const points = ts.map((t, i) => [t, ys[i]!] as const).filter(([, y]) => !Number.isNaN(y));
  if (points.length < 2) return [NaN, NaN];
  const [tMean, yMean] = [points.reduce((s, [t]) => s + t, 0) / points.length, points.reduce((s, [, y]) => s + y, 0) / points.length];
  const b = points.reduce((s, [t, y]) => s + (t - tMean) * (y - yMean), 0) / points.reduce((s, [t]) => s + (t - tMean) ** 2, 0);
  return [yMean - b * tMean, b];
}

describe("a trend line per pixel over August 2023", () => {
  it("fits each pixel's red reflectance as the closed-form least squares does, and predicts with it", async () => {
    const items = itemsOldestFirst(TWL);
    const reds: RawRaster[] = await Promise.all(items.map((item) => readItemBand(item, "B04.tif")));
    // Days since the origin of each date as the cube labels it (midnight UTC).
    const ts = items.map((item) => (Date.parse(dayLabel(item)) / 1000 - ORIGIN) / DAY);
    // The south-east quarter: the swath-edge no-data of 08-13 and 08-18 lies in it.
    const extent = pixelBoxExtent(reds[0]!, 128, 128, 256, 256);
    const graph = {
      load: loadCollection(COLLECTION, extent, ["2023-08-01", "2023-09-01"], ["B04"]),
      fit: {
        process_id: "apply_dimension",
        arguments: { data: node("load"), dimension: "t", process: callback({ f: { process_id: "fit_curve", arguments: { data: param("data"), parameters: [0, 0], function: line }, result: true } }) },
      },
    };
    const fitted = await readResultCog(expectSuccess(await postResult(worker.url, bearer, { ...graph, save: saveResult("fit", "GTiff") })).bytes);
    const grid = fitted.cog.header.grid;
    expect(fitted.bands.length).toBe(2);
    const lineAt = (x: number, y: number) => leastSquaresLine(ts, reds.map((red) => reflectanceOf(valueAtPoint(red, x, y))));
    const expectedA = expectedOnGrid(grid, (x, y) => lineAt(x, y)[0]);
    const expectedB = expectedOnGrid(grid, (x, y) => lineAt(x, y)[1]);
    // float32 coefficients of reflectances up to about 1 (a) and of their daily change (b).
    expectSameRaster(fitted.bands[0]!, expectedA, grid.width, 1e-5);
    expectSameRaster(fitted.bands[1]!, expectedB, grid.width, 1e-6);
    expect(Array.from(fitted.bands[0]!).filter((v) => !Number.isNaN(v)).length).toBeGreaterThan(grid.width * grid.height * 0.9);

    const end = "2023-08-31";
    const predicted = await readResultCog(
      expectSuccess(
        await postResult(worker.url, bearer, {
          ...graph,
          predicted: { process_id: "predict_curve", arguments: { parameters: node("fit"), function: line, dimension: "t", labels: [end] } },
          save: saveResult("predicted", "GTiff"),
        }),
      ).bytes,
    );
    const days = (Date.parse(`${end}T00:00:00Z`) / 1000 - ORIGIN) / DAY;
    const fromCoefficients = Array.from(fitted.bands[0]!, (a, i) => a + fitted.bands[1]![i]! * days);
    expectSameRaster(predicted.bands[0]!, fromCoefficients, grid.width, 1e-5);
  });
});

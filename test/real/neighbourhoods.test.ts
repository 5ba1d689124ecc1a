/**
 * apply_neighborhood, apply_polygon and aggregate_spatial_window over the real 33TWL B04 of
 * 2023-08-18 (its swath edge has no-data) through POST /v1/result: every value recomputed here from
 * the raw file (geotiff.js).
 */
import proj4 from "proj4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalWorker, type LocalWorker } from "../../scripts/local-worker.mjs";
import { loadCollection, node, pixelBoxExtent, saveResult } from "./graphs";
import { readItemBand, REFLECTANCE_SCALE, S2_NODATA, UTM_33N, type RawRaster } from "./raw-rasters";
import { expectSameRaster } from "./raster-compare";
import { rawItems } from "./raw-stac";
import { demoBearer, expectSuccess, postResult, readResultCog } from "./result-client";

const TWL = "s2-33TWL-2023-08";
const COLLECTION = "twl";
const DATE = ["2023-08-18", "2023-08-19"] as [string, string];

let worker: LocalWorker;
let bearer: string;
let red: RawRaster;

beforeAll(async () => {
  worker = await startLocalWorker({ ingest: [{ folder: TWL, collection: COLLECTION, args: ["--offset", "0"] }] });
  bearer = await demoBearer(worker.url);
  red = await readItemBand(rawItems(TWL).find((i) => i.id === "S2A_33TWL_20230818_0_L2A")!, "B04.tif");
});
afterAll(async () => {
  await worker?.stop();
});

// The window: raw columns 192-255, rows 160-223 (the swath edge leaves no-data in its east).
const [C0, R0, SIDE] = [192, 160, 64];
const f = Math.fround;
/** The cube's value of raw pixel (col, row) of the window's file: float32 reflectance, NaN for no-data or outside the window. */
function cell(col: number, row: number): number {
  if (col < C0 || row < R0 || col >= C0 + SIDE || row >= R0 + SIDE) return NaN;
  const dn = red.values[row * red.width + col]!;
  return dn === S2_NODATA ? NaN : f(dn * REFLECTANCE_SCALE);
}
const valid = (v: number) => !Number.isNaN(v);

async function run(graph: Record<string, unknown>) {
  const res = expectSuccess(await postResult(worker.url, bearer, graph));
  return readResultCog(res.bytes);
}
const load = () => loadCollection(COLLECTION, pixelBoxExtent(red, C0, R0, C0 + SIDE, R0 + SIDE), DATE, ["B04"]);
const sumKernel = { process_graph: { sum: { process_id: "apply_kernel", arguments: { data: { from_parameter: "data" }, kernel: [[1, 1, 1], [1, 1, 1], [1, 1, 1]] }, result: true } } };

describe("neighbourhood processes over real data", () => {
  it("the window has no-data to carry", () => {
    let missing = 0;
    for (let r = R0; r < R0 + SIDE; r++) for (let c = C0; c < C0 + SIDE; c++) if (!valid(cell(c, r))) missing++;
    expect(missing).toBeGreaterThan(0);
    expect(missing).toBeLessThan(SIDE * SIDE);
  });

  it("apply_neighborhood: 3 x 3 sums in neighbourhoods of 24 px with one of overlap equal the sums over the window (no-data and beyond as 0)", async () => {
    const { bands, cog } = await run({
      load: load(),
      focal: { process_id: "apply_neighborhood", arguments: { data: node("load"), process: sumKernel, size: [{ dimension: "x", value: 24, unit: "px" }, { dimension: "y", value: 24, unit: "px" }], overlap: [{ dimension: "x", value: 1, unit: "px" }, { dimension: "y", value: 1, unit: "px" }] } },
      save: saveResult("focal", "GTiff"),
    });
    expect([cog.header.grid.width, cog.header.grid.height]).toEqual([SIDE, SIDE]);
    const zero = (v: number) => (valid(v) ? v : 0);
    const expected = Array.from({ length: SIDE * SIDE }, (_, i) => {
      const [c, r] = [C0 + (i % SIDE), R0 + Math.floor(i / SIDE)];
      let sum = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) sum += zero(cell(c + dx, r + dy));
      return sum;
    });
    expectSameRaster(bands[0]!, expected, SIDE, 1e-5);
  });

  it("apply_polygon: twice the values inside a polygon, no-data outside", async () => {
    // A triangle in lon/lat over the window, its corners on pixel edges (the raster's lattice, UTM 33N).
    const corner = (c: number, r: number) => proj4(UTM_33N, "WGS84", [red.originX + c * red.pixelWidth, red.originY - r * red.pixelHeight]);
    const triangle = { type: "Polygon", coordinates: [[corner(C0 + 4, R0 + 4), corner(C0 + 60, R0 + 4), corner(C0 + 4, R0 + 60), corner(C0 + 4, R0 + 4)]] };
    const double = { process_graph: { twice: { process_id: "apply", arguments: { data: { from_parameter: "data" }, process: { process_graph: { m: { process_id: "multiply", arguments: { x: { from_parameter: "x" }, y: 2 }, result: true } } } }, result: true } } };
    const { bands } = await run({ load: load(), segments: { process_id: "apply_polygon", arguments: { data: node("load"), geometries: triangle, process: double } }, save: saveResult("segments", "GTiff") });
    // Pixel centres (i + 0.5, j + 0.5) from the triangle's corner: inside where i, j >= 0 and i + j + 1 <= 56 (a hair's margin either way is no pixel's centre).
    const expected = Array.from({ length: SIDE * SIDE }, (_, k) => {
      const [i, j] = [(k % SIDE) - 4, Math.floor(k / SIDE) - 4];
      return i >= 0 && j >= 0 && i + j + 1 <= 56 ? f(2 * cell(C0 + 4 + i, R0 + 4 + j)) : NaN;
    });
    expectSameRaster(bands[0]!, expected, SIDE, 1e-6);
  });

  it("aggregate_spatial_window: means of the valid values of 5 x 5 windows, padded", async () => {
    const { bands, cog } = await run({
      load: load(),
      windows: { process_id: "aggregate_spatial_window", arguments: { data: node("load"), size: [5, 5], reducer: { process_graph: { m: { process_id: "mean", arguments: { data: { from_parameter: "data" } }, result: true } } } } },
      save: saveResult("windows", "GTiff"),
    });
    const n = Math.ceil(SIDE / 5);
    expect([cog.header.grid.width, cog.header.grid.height]).toEqual([n, n]);
    const expected = Array.from({ length: n * n }, (_, k) => {
      const values: number[] = [];
      for (let dy = 0; dy < 5; dy++) for (let dx = 0; dx < 5; dx++) values.push(cell(C0 + 5 * (k % n) + dx, R0 + 5 * Math.floor(k / n) + dy));
      const ok = values.filter(valid);
      return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : NaN;
    });
    expectSameRaster(bands[0]!, expected, n, 1e-6);
  });
});

/**
 * fit_curve in apply_dimension over t and predict_curve through POST /result, on a small ingested
 * series of eight dates over a year: the fitted coefficients are the normal equations' answer for
 * each pixel's reflectances (recomputed here from the fixture's DNs), and the predictions are the
 * model at new dates with the coefficients the first result returned.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { headerCache } from "../../src/raster/header-cache";
import { openCog } from "../../src/raster/open-cog";
import { readWindow } from "../../src/raster/read-window";
import { ingestCubeScenes, RED } from "../support/cube-fixture";
import { harmonic, harmonicLeastSquares, harmonicValue, node, ref, YEAR } from "../support/curve";
import { expectError, loginAs, request } from "../support/http";
import { MemoryByteSource } from "../support/memory-byte-source";
import { utmGrid } from "../support/raster-fixtures";

const SIZE = 16;
const DAYS = ["2023-01-15", "2023-03-01", "2023-04-20", "2023-06-10", "2023-08-01", "2023-09-15", "2023-11-01", "2023-12-20"];
/** The model's x of each date: the cube labels a day by its midnight UTC. */
const XS = DAYS.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000);
const season = (d: number) => (2 * Math.PI * XS[d]!) / YEAR;
/** Red DN: a seasonal curve whose amplitude grows down the image, plus an uneven disturbance; (3, 4) is nodata on the fourth date. */
const red = (d: number) => (x: number, y: number) =>
  d === 3 && x === 3 && y === 4 ? 0 : Math.round(2000 + 10 * x + 600 * (1 + y / SIZE) * Math.cos(season(d)) + 250 * Math.sin(season(d)) + (((d * 7 + x * 3 + y) % 11) - 5) * 8);
const SCENES = DAYS.map((day, d) => ({ id: `S${d}`, datetime: `${day}T10:30:00Z`, grid: utmGrid(SIZE, SIZE), cloud: 0, values: { B04: red(d) } }));
/** The reflectance the cube holds (scale and offset in float32), or null for nodata. */
const reflectance = (d: number, x: number, y: number) => (red(d)(x, y) === 0 ? null : Math.fround(red(d)(x, y) * 0.0001 - 0.1));

const load = { process_id: "load_collection", arguments: { id: "curve-series", spatial_extent: null, temporal_extent: null, bands: ["B04"] } };
const fitted = {
  load,
  bands: node("drop_dimension", { data: ref("load"), name: "bands" }),
  fit: node("apply_dimension", {
    data: ref("bands"),
    dimension: "t",
    process: { process_graph: { f: node("fit_curve", { data: { from_parameter: "data" }, parameters: [0, 0, 0], function: harmonic }, true) } },
  }),
};
const save = (from: string) => ({ save: node("save_result", { data: ref(from), format: "GTiff" }, true) });

async function post(body: unknown): Promise<Response> {
  return request("/v1/result", { method: "POST", headers: { Authorization: await loginAs("alice"), "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

/** The bands of a GTiff result, each SIZE x SIZE px. */
async function bands(res: Response, count: number): Promise<Float32Array[]> {
  expect(res.status).toBe(200);
  headerCache.clear();
  const cog = await openCog(new MemoryByteSource(new Uint8Array(await res.arrayBuffer())));
  expect(cog.header.grid.width).toBe(SIZE);
  return Promise.all(Array.from({ length: count }, async (_, b) => Float32Array.from(await readWindow(cog, 0, b, { x: 0, y: 0, width: SIZE, height: SIZE }))));
}

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "curve-series", SCENES, [RED]);
});

describe("fit_curve and predict_curve through POST /result", () => {
  it("fits a seasonal model to every pixel: the least-squares coefficients of its reflectances", async () => {
    const coefficients = await bands(await post({ process: { process_graph: { ...fitted, ...save("fit") } } }), 3);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const expected = harmonicLeastSquares(XS, DAYS.map((_, d) => reflectance(d, x, y)));
        expected.forEach((v, j) => expect(coefficients[j]![y * SIZE + x], `(${x}, ${y}) parameter ${j}`).toBeCloseTo(v, 5));
      }
    }
  });

  it("predicts the model at new dates from the fitted coefficients", async () => {
    const coefficients = await bands(await post({ process: { process_graph: { ...fitted, ...save("fit") } } }), 3);
    const labels = ["2024-02-01", "2024-07-15T12:00:00Z"];
    const graph = { ...fitted, predicted: node("predict_curve", { parameters: ref("fit"), function: harmonic, dimension: "t", labels }), ...save("predicted") };
    const predicted = await bands(await post({ process: { process_graph: graph } }), 2);
    labels.forEach((label, l) => {
      const xv = Date.parse(label.length === 10 ? `${label}T00:00:00Z` : label) / 1000;
      for (const px of [0, 4 * SIZE + 3, SIZE * SIZE - 1]) {
        expect(predicted[l]![px]).toBeCloseTo(harmonicValue([0, 1, 2].map((j) => coefficients[j]![px]!), xv), 5);
      }
    });
  });

  it("answers 400 for predictions without labels", async () => {
    const graph = { ...fitted, predicted: node("predict_curve", { parameters: ref("fit"), function: harmonic, dimension: "t" }), ...save("predicted") };
    await expectError(await post({ process: { process_graph: graph } }), 400, "ProcessParameterInvalid");
  });
});

/**
 * cumsum and cummax over t inside apply_dimension, on a small ingested series: the block form
 * (lanes) and the per-pixel call give the same planes, recomputed here from the fixture's values.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { CALL_COST, WorkBudget } from "../../src/budget";
import { Catalog } from "../../src/catalog/catalog";
import { catalogDataAccess } from "../../src/catalog/data-access";
import type { RasterCube } from "../../src/cube";
import { runProcess } from "../../src/engine";
import { PROCESSES } from "../../src/processes";
import { ingestCubeScenes, RED } from "../support/cube-fixture";
import { utmGrid } from "../support/raster-fixtures";
import { labelsNamed } from "../support/raster-cube";

const f = Math.fround;
const SIZE = 32;
// Three dates; red is nodata (0) at (5, 7) on day 2 and at (9, 2) on day 1.
const red = (d: number) => (x: number, y: number) => ((d === 2 && x === 5 && y === 7) || (d === 1 && x === 9 && y === 2) ? 0 : 1000 + 7 * x + 3 * y + [0, 400, -250, 900][d]!);
const SCENES = [1, 2, 3].map((d) => ({ id: `C${d}`, datetime: `2024-07-0${d}T10:00:00Z`, grid: utmGrid(SIZE, SIZE), cloud: 0, values: { B04: red(d) } }));
/** A pixel's reflectance as the cube holds it (scale and offset applied in float32), or null for nodata. */
const reflectance = (d: number, x: number, y: number) => (red(d)(x, y) === 0 ? null : f(red(d)(x, y) * 0.0001 - 0.1));

const data = { from_parameter: "data" };
const load = { process_id: "load_collection", arguments: { id: "cumulative-series", spatial_extent: null, temporal_extent: null, bands: ["B04"] } };
const along = (graph: Record<string, unknown>) => ({
  load,
  applied: { process_id: "apply_dimension", arguments: { data: { from_node: "load" }, dimension: "t", process: { process_graph: graph } }, result: true },
});
/** One call of the process on `data`: the engine hands it all the pixels at once (its lanes form). */
const direct = (id: string, args: Record<string, unknown> = {}) => along({ c: { process_id: id, arguments: { data, ...args }, result: true } });
/** The same through array_create first: two nodes, so the engine calls the graph pixel by pixel. */
const perPixel = (id: string, args: Record<string, unknown> = {}) =>
  along({ copy: { process_id: "array_create", arguments: { data } }, c: { process_id: id, arguments: { data: { from_node: "copy" }, ...args }, result: true } });

async function run(graph: Record<string, unknown>): Promise<{ cube: RasterCube; operations: number }> {
  const budget = new WorkBudget();
  const access = catalogDataAccess(new Catalog(env.DATA), { data: env.DATA, files: env.FILES, apiBase: "https://openeo.test/v1" });
  const cube = (await runProcess({ process_graph: graph }, { processes: PROCESSES }, { ctx: { log() {}, data: access, budget } as never })) as RasterCube;
  return { cube, operations: budget.operations };
}

/** The expected planes: the running value over the days so far, per pixel, float32 as stored. */
function expected(step: (a: number, b: number) => number, ignoreNodata: boolean): Float32Array[] {
  return [1, 2, 3].map((day) => {
    const plane = new Float32Array(SIZE * SIZE);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const values = [1, 2, 3].slice(0, day).map((d) => reflectance(d, x, y));
        const valid = values.filter((v): v is number => v !== null);
        const nodata = values.at(-1) === null || (!ignoreNodata && valid.length < values.length);
        plane[y * SIZE + x] = nodata ? NaN : valid.reduce(step);
      }
    }
    return plane;
  });
}

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "cumulative-series", SCENES, [RED]);
});

describe("cumulative processes in apply_dimension over t", () => {
  it("cumsum: running sums per pixel, nodata kept in place and skipped, the dates kept as labels", async () => {
    const { cube, operations } = await run(direct("cumsum"));
    expect(labelsNamed(cube, "t")).toEqual(["2024-07-01T00:00:00Z", "2024-07-02T00:00:00Z", "2024-07-03T00:00:00Z"]);
    expect(cube.planes).toEqual(expected((a, b) => a + b, true));
    // Spot check by hand at (5, 7): day 2 is nodata, day 3 adds to day 1.
    expect(cube.planes[2]![7 * SIZE + 5]).toBe(f(reflectance(1, 5, 7)! + reflectance(3, 5, 7)!));
    // All pixels went through cumsum's block form: far less than a process call per pixel.
    expect(operations).toBeLessThan(SIZE * SIZE * CALL_COST);
  });

  it("gives the same planes pixel by pixel", async () => {
    const { cube, operations } = await run(perPixel("cumsum"));
    expect(cube.planes).toEqual(expected((a, b) => a + b, true));
    expect(operations).toBeGreaterThan(SIZE * SIZE * CALL_COST);
  });

  it("cummax with ignore_nodata: false makes everything after a nodata date nodata", async () => {
    const want = expected((a, b) => Math.max(a, b), false);
    for (const graph of [direct("cummax", { ignore_nodata: false }), perPixel("cummax", { ignore_nodata: false })]) {
      const { cube } = await run(graph);
      expect(cube.planes).toEqual(want);
      expect(Number.isNaN(cube.planes[1]![2 * SIZE + 9]!)).toBe(true);
    }
  });
});

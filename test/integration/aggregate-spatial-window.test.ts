/**
 * aggregate_spatial_window over an ingested COG whose digital numbers are known here: windows
 * reduced by mean and by count (no-data beyond the cube when padding), trimmed, and aligned to
 * each corner; the result's grid is the windows'. Expected values are recomputed here.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../src/catalog/catalog";
import { catalogDataAccess } from "../../src/catalog/data-access";
import { materialize, type RasterCube } from "../../src/cube";
import { runProcess } from "../../src/engine";
import { PROCESSES } from "../../src/processes";
import { ingestCubeScenes, RED } from "../support/cube-fixture";
import { utmGrid } from "../support/raster-fixtures";
import { chunkPixels, resultPixels } from "../support/strip-runs";

const [W, H] = [10, 7];
// 0 is no-data: pixel (4, 2) has none.
const dn = (x: number, y: number) => (x === 4 && y === 2 ? 0 : 1000 + 7 * x + 13 * y);
const value = (x: number, y: number) => (x < 0 || y < 0 || x >= W || y >= H || dn(x, y) === 0 ? NaN : Math.fround(dn(x, y) * 0.0001 - 0.1));

const data = () => catalogDataAccess(new Catalog(env.DATA), { data: env.DATA, files: env.FILES, apiBase: "https://openeo.test/v1" });
const reducer = (process_id: string) => ({ process_graph: { r: { process_id, arguments: { data: { from_parameter: "data" } }, result: true } } });

async function run(args: Record<string, unknown>): Promise<RasterCube> {
  const access = data();
  const graph = {
    load: { process_id: "load_collection", arguments: { id: "windows", spatial_extent: null, temporal_extent: null, bands: ["B04"] } },
    windows: { process_id: "aggregate_spatial_window", arguments: { data: { from_node: "load" }, ...args }, result: true },
  };
  return materialize((await runProcess({ process_graph: graph }, { processes: PROCESSES }, { ctx: { log() {}, data: access } as never })) as never, access);
}

/** The valid values of the window starting at column x0, row y0. */
function windowValues(x0: number, y0: number, sx: number, sy: number): number[] {
  const values: number[] = [];
  for (let y = y0; y < y0 + sy; y++) for (let x = x0; x < x0 + sx; x++) if (!Number.isNaN(value(x, y))) values.push(value(x, y));
  return values;
}

// A tall scene for strips: 16 x 1600 px, one band (102,400 bytes of float32).
const [TW, TH] = [16, 1600];
const tallDn = (x: number, y: number) => 1000 + 37 * x + ((y * 13) % 97);
const tall = (x: number, y: number) => (x < 0 || y < 0 || x >= TW || y >= TH ? NaN : Math.fround(tallDn(x, y) * 0.0001 - 0.1));

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "tall-windows", [{ id: "T1", datetime: "2024-04-01T10:00:00Z", grid: utmGrid(TW, TH), cloud: 0, values: { B04: tallDn } }], [RED], 16);
  await ingestCubeScenes(env.DATA, "windows", [{ id: "W1", datetime: "2024-04-01T10:00:00Z", grid: utmGrid(W, H), cloud: 0, values: { B04: dn } }], [RED]);
});

describe("aggregate_spatial_window", () => {
  it("pads 10 x 7 px into 3 x 2 windows of 4 x 4 from the upper left: means of the valid values, counts of them", async () => {
    const mean = await run({ reducer: reducer("mean"), size: [4, 4] });
    // The grid's top-left corner is 500000/5000000 with 10 m pixels: windows of 40 m, reaching 2 px east and 1 px south of the cube.
    expect(mean.grid).toEqual({ crs: "EPSG:32633", bbox: [500000, 5000000 - 80, 500120, 5000000], width: 3, height: 2 });
    const count = await run({ reducer: reducer("count"), size: [4, 4] });
    for (let j = 0; j < 2; j++) {
      for (let i = 0; i < 3; i++) {
        const values = windowValues(4 * i, 4 * j, 4, 4);
        expect(mean.planes[0]![j * 3 + i], `(${i}, ${j})`).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 6);
        expect(count.planes[0]![j * 3 + i], `(${i}, ${j})`).toBe(values.length);
      }
    }
  });

  it("reduces windows of more than 4,096 pixels one by one: one 70 x 70 window padding the whole cube", async () => {
    const all = windowValues(0, 0, W, H);
    const mean = await run({ reducer: reducer("mean"), size: [70, 70] });
    const count = await run({ reducer: reducer("count"), size: [70, 70] });
    expect([mean.grid.width, mean.grid.height, count.planes[0]![0]]).toEqual([1, 1, all.length]);
    expect(mean.planes[0]![0]).toBeCloseTo(all.reduce((a, b) => a + b, 0) / all.length, 6);
  });

  it("trims, and aligns the windows to the corner asked for", async () => {
    for (const [align, x0, y0] of [["upper-left", 0, 0], ["upper-right", 1, 0], ["lower-left", 0, 1], ["lower-right", 1, 1]] as const) {
      const cube = await run({ reducer: reducer("max"), size: [3, 2], boundary: "trim", align });
      expect([cube.grid.width, cube.grid.height], align).toEqual([3, 3]);
      expect(cube.grid.bbox, align).toEqual([500000 + 10 * x0, 5000000 - 10 * (y0 + 6), 500000 + 10 * (x0 + 9), 5000000 - 10 * y0]);
      for (let j = 0; j < 3; j++) for (let i = 0; i < 3; i++) expect(cube.planes[0]![j * 3 + i], `${align} (${i}, ${j})`).toBeCloseTo(Math.max(...windowValues(x0 + 3 * i, y0 + 2 * j, 3, 2)), 6);
    }
    await expect(run({ reducer: reducer("max"), size: [11, 2], boundary: "trim" })).rejects.toMatchObject({ code: "ProcessParameterInvalid", message: expect.stringContaining("larger than the cube") });
  });

  it("works in strips and chunks of whole windows, aligned to the whole cube, the same as in one read", async () => {
    const process = (windows: Record<string, unknown>, before?: Record<string, unknown>) => ({
      process_graph: {
        load: { process_id: "load_collection", arguments: { id: "tall-windows", spatial_extent: null, temporal_extent: null, bands: ["B04"] } },
        ...(before ? { before: { ...before, arguments: { ...(before.arguments as object), data: { from_node: "load" } } } } : {}),
        windows: { process_id: "aggregate_spatial_window", arguments: { data: { from_node: before ? "before" : "load" }, reducer: reducer("mean"), ...windows } },
        save: { process_id: "save_result", arguments: { data: { from_node: "windows" }, format: "GTiff" }, result: true },
      },
    });
    // 96 KiB a read: the 102,400 bytes don't fit. A row of 3 x 3 windows reads 3 rows of 64 bytes; strips are
    // made of 22 rows of windows (66 rows of the cube): a sixteenth of the read holds 32 rows of windows (22 of
    // them in a strip, so 25 strips), a quarter (a chunk) 128 (110).
    const padded = process({ size: [3, 3] });
    const whole = await resultPixels(padded, 2 ** 26);
    expect([whole.grid.width, whole.grid.height, whole.strips]).toEqual([6, 534, 0]);
    for (let j = 0; j < 534; j++) {
      for (let i = 0; i < 6; i++) {
        const values = [0, 1, 2].flatMap((dy) => [0, 1, 2].map((dx) => tall(3 * i + dx, 3 * j + dy))).filter((v) => !Number.isNaN(v));
        expect(whole.values[j * 6 + i], `(${i}, ${j})`).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 5);
      }
    }
    const strips = await resultPixels(padded, 98_304);
    expect(strips.strips).toBe(25);
    expect(strips.grid).toEqual(whole.grid);
    expect(strips.values).toEqual(whole.values);
    const chunks = await chunkPixels(padded, 98_304);
    expect(chunks.windows.map((w) => w.height)).toEqual([110, 110, 110, 110, 94]);
    expect(chunks.values).toEqual(whole.values);

    // Trimmed from the lower right (the windows start at column 1 and row 1), after a process that reads the strip's rows of the cube itself.
    const trimmed = process({ size: [3, 3], boundary: "trim", align: "lower-right" }, { process_id: "apply", arguments: { process: { process_graph: { m: { process_id: "multiply", arguments: { x: { from_parameter: "x" }, y: 2 }, result: true } } } } });
    const trimmedWhole = await resultPixels(trimmed, 2 ** 26);
    expect([trimmedWhole.grid.width, trimmedWhole.grid.height]).toEqual([5, 533]);
    expect(trimmedWhole.values[0]).toBeCloseTo((2 * [1, 2, 3].flatMap((dy) => [1, 2, 3].map((dx) => tall(dx, dy))).reduce((a, b) => a + b, 0)) / 9, 5);
    const trimmedStrips = await resultPixels(trimmed, 98_304);
    expect(trimmedStrips.strips).toBe(25);
    expect(trimmedStrips.values).toEqual(trimmedWhole.values);
    expect((await chunkPixels(trimmed, 98_304)).values).toEqual(trimmedWhole.values);
  });
});

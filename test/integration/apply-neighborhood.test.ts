/**
 * apply_neighborhood over an ingested COG whose digital numbers are known here, with a 3 x 3 sum
 * kernel (apply_kernel) as the process: with one pixel of overlap the neighbourhoods put together
 * equal the kernel over the whole cube; without, each neighbourhood's edge sees no-data beyond it.
 * Sizes in pixels and in metres; what the process may not change, and sizes along other dimensions.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../src/catalog/catalog";
import { catalogDataAccess } from "../../src/catalog/data-access";
import { materialize, type RasterCube } from "../../src/cube";
import { runProcess } from "../../src/engine";
import { PROCESSES } from "../../src/processes";
import { ingestCubeScenes, NIR, RED } from "../support/cube-fixture";
import { chunkPixels, resultPixels } from "../support/strip-runs";
import { utmGrid } from "../support/raster-fixtures";

const [W, H] = [30, 23];
const dn = (x: number, y: number) => 1000 + 7 * x + 13 * y;
const value = (x: number, y: number) => (x < 0 || y < 0 || x >= W || y >= H ? 0 : Math.fround(dn(x, y) * 0.0001 - 0.1));

const data = () => catalogDataAccess(new Catalog(env.DATA), { data: env.DATA, files: env.FILES, apiBase: "https://openeo.test/v1" });
const SUM = { process_graph: { sum: { process_id: "apply_kernel", arguments: { data: { from_parameter: "data" }, kernel: [[1, 1, 1], [1, 1, 1], [1, 1, 1]] }, result: true } } };

async function run(args: Record<string, unknown>, bands = ["B04"]): Promise<RasterCube> {
  const access = data();
  const graph = {
    load: { process_id: "load_collection", arguments: { id: "neighbourhoods", spatial_extent: null, temporal_extent: null, bands } },
    focal: { process_id: "apply_neighborhood", arguments: { data: { from_node: "load" }, process: SUM, ...args }, result: true },
  };
  return materialize((await runProcess({ process_graph: graph }, { processes: PROCESSES }, { ctx: { log() {}, data: access } as never })) as never, access);
}

/** The 3 x 3 sum at (x, y) of what `at` gives. */
const kernelSum = (at: (x: number, y: number) => number, x: number, y: number) => {
  let sum = 0;
  for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) sum += at(x + dx, y + dy);
  return sum;
};

function expectPlane(plane: Float32Array, expected: (x: number, y: number) => number): void {
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) expect(plane[y * W + x], `(${x}, ${y})`).toBeCloseTo(expected(x, y), 3);
}

// A tall scene for strips: 16 x 600 px, one band (38,400 bytes of float32).
const [TW, TH] = [16, 600];
const tall = (x: number, y: number) => 1000 + 37 * x + ((y * 13) % 97);

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "tall-neighbourhoods", [{ id: "T1", datetime: "2024-04-01T10:00:00Z", grid: utmGrid(TW, TH), cloud: 0, values: { B04: tall } }], [RED], 16);
  await ingestCubeScenes(env.DATA, "neighbourhoods", [{ id: "N1", datetime: "2024-04-01T10:00:00Z", grid: utmGrid(W, H), cloud: 0, values: { B04: dn, B08: (x: number, y: number) => dn(y, x) } }], [RED, NIR]);
});

describe("apply_neighborhood", () => {
  it("with an overlap of one pixel, neighbourhoods of 8 x 8 px (the last ones smaller) equal the kernel over the whole cube", async () => {
    const cube = await run({ size: [{ dimension: "x", value: 8, unit: "px" }, { dimension: "y", value: 8, unit: "px" }], overlap: [{ dimension: "x", value: 1, unit: "px" }, { dimension: "y", value: 1, unit: "px" }] });
    expect([cube.grid.width, cube.grid.height, cube.dims.map((d) => d.labels.length)]).toEqual([W, H, [1, 1]]);
    expectPlane(cube.planes[0]!, (x, y) => kernelSum(value, x, y));
  });

  it("without overlap each neighbourhood's edge sees no-data (0 to the kernel) beyond it; sizes in metres are pixels of the CRS", async () => {
    // 100 m = 10 px in this 10 m UTM grid; the t and bands dimensions whole (size null, or their number of labels).
    const cube = await run({ size: [{ dimension: "x", value: 100, unit: "m" }, { dimension: "y", value: 100 }, { dimension: "t", value: null }, { dimension: "bands", value: 2 }] }, ["B04", "B08"]);
    const inBlock = (x: number, y: number, bx: number, by: number) => (Math.floor(x / 10) === bx && Math.floor(y / 10) === by ? value(x, y) : 0);
    expectPlane(cube.planes[0]!, (x, y) => kernelSum((u, v) => inBlock(u, v, Math.floor(x / 10), Math.floor(y / 10)), x, y));
    const swapped = (x: number, y: number) => (x < 0 || y < 0 || x >= W || y >= H ? 0 : Math.fround(dn(y, x) * 0.0001 - 0.1));
    expectPlane(cube.planes[1]!, (x, y) => kernelSum((u, v) => (Math.floor(u / 10) === Math.floor(x / 10) && Math.floor(v / 10) === Math.floor(y / 10) ? swapped(u, v) : 0), x, y));
  });

  it("works in strips of a result larger than one read: each strip reads the neighbourhoods reaching it, the same as in one read", async () => {
    // Neighbourhoods of 16 x 50 px (strips are 64 rows: they cut neighbourhoods) with 2 px of overlap.
    const process = {
      process_graph: {
        load: { process_id: "load_collection", arguments: { id: "tall-neighbourhoods", spatial_extent: null, temporal_extent: null, bands: ["B04"] } },
        focal: { process_id: "apply_neighborhood", arguments: { data: { from_node: "load" }, process: SUM, size: [{ dimension: "x", value: 16, unit: "px" }, { dimension: "y", value: 50, unit: "px" }], overlap: [{ dimension: "y", value: 2, unit: "px" }] } },
        save: { process_id: "save_result", arguments: { data: { from_node: "focal" }, format: "GTiff" }, result: true },
      },
    };
    // 32 KiB a read: 38,400 bytes don't fit, strips of 64 rows do.
    const strips = await resultPixels(process, 32_768);
    const whole = await resultPixels(process, 2 ** 26);
    // Strips of whole rows of neighbourhoods: 50 rows, and 2 more above and below, fit an eighth of the read (64 rows).
    expect([strips.strips, whole.strips]).toEqual([12, 0]);
    expect(strips.values).toEqual(whole.values);
    const chunks = await chunkPixels(process, 32_768);
    expect(chunks.windows.map((w) => w.height)).toEqual([100, 100, 100, 100, 100, 100]);
    expect(chunks.values).toEqual(whole.values);
    // Within a neighbourhood (not at its edges, where the overlap of 2 rows shows), the 3 x 3 sum of the scene; 0 beyond it.
    const at = (x: number, y: number) => (x < 0 || x >= TW || y < 0 || y >= TH ? 0 : Math.fround(tall(x, y) * 0.0001 - 0.1));
    for (const [x, y] of [[0, 0], [5, 63], [7, 64], [15, 149], [3, 150], [8, 599]] as const) {
      let sum = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) sum += at(x + dx, y + dy);
      expect(whole.values[y * TW + x], `(${x}, ${y})`).toBeCloseTo(sum, 3);
    }
  });

  it("two apply_neighborhood nodes in one graph run in strips of both one's and the other's rows, the same as in one read", async () => {
    const load = { process_id: "load_collection", arguments: { id: "tall-neighbourhoods", spatial_extent: null, temporal_extent: null, bands: ["B04"] } };
    const px = (dimension: string, value: number) => ({ dimension, value, unit: "px" });
    const focal = (rows: number, overlap: number) => ({ process_id: "apply_neighborhood", arguments: { data: { from_node: "load" }, process: SUM, size: [px("x", 16), px("y", rows)], overlap: [px("y", overlap)] } });
    const add = { process_graph: { a: { process_id: "add", arguments: { x: { from_parameter: "x" }, y: { from_parameter: "y" } }, result: true } } };
    const process = {
      process_graph: {
        load,
        a: focal(10, 1),
        b: focal(15, 2),
        both: { process_id: "merge_cubes", arguments: { cube1: { from_node: "a" }, cube2: { from_node: "b" }, overlap_resolver: add } },
        save: { process_id: "save_result", arguments: { data: { from_node: "both" }, format: "GTiff" }, result: true },
      },
    };
    const strips = await resultPixels(process, 32_768);
    const whole = await resultPixels(process, 2 ** 26);
    // Strips of 30 rows (10 and 15 divide them), 60 of them and 2 rows of overlap fit an eighth of the read (64 rows).
    expect([strips.strips, whole.strips]).toEqual([10, 0]);
    expect(strips.values).toEqual(whole.values);
  });

  it("cuts strips at rows of tall neighbourhoods, each read with its overlap, and refuses neighbourhoods taller than a read", async () => {
    const process = (rows: number, overlap: number) => ({
      process_graph: {
        load: { process_id: "load_collection", arguments: { id: "tall-neighbourhoods", spatial_extent: null, temporal_extent: null, bands: ["B04"] } },
        focal: { process_id: "apply_neighborhood", arguments: { data: { from_node: "load" }, process: SUM, size: [{ dimension: "y", value: rows, unit: "px" }], overlap: [{ dimension: "y", value: overlap, unit: "px" }] } },
        save: { process_id: "save_result", arguments: { data: { from_node: "focal" }, format: "GTiff" }, result: true },
      },
    });
    // 32 KiB a read holds 512 rows of 64 bytes: a neighbourhood of 200 rows with 10 above and below is more than an
    // eighth of it, so each strip is one row of neighbourhoods read alone; 64-row strips would read rows 0-599 for rows 256-319.
    const tall = process(200, 10);
    const strips = await resultPixels(tall, 32_768);
    const whole = await resultPixels(tall, 2 ** 26);
    expect([strips.strips, whole.strips]).toEqual([3, 0]);
    expect(strips.values).toEqual(whole.values);
    expect((await chunkPixels(tall, 32_768)).values).toEqual(whole.values);
    // 300 rows and 10 more on each side (320 rows, 20 KiB) are more than half a read, which a synchronous strip
    // may take at most besides the tiles it keeps decoded: a batch job's chunk, alone in its invocation, reads them.
    const taller = process(300, 10);
    await expect(resultPixels(taller, 32_768)).rejects.toMatchObject({ code: "ProcessGraphComplexity", message: expect.stringMatching(/more than the 16 KiB a synchronous strip may read .* use a batch job/) });
    expect((await chunkPixels(taller, 32_768)).values).toEqual((await resultPixels(taller, 2 ** 26)).values);
    // 300 rows and 120 of overlap on each side are 540 rows: no read holds them.
    await expect(resultPixels(process(300, 120), 32_768)).rejects.toMatchObject({ code: "ProcessGraphComplexity", message: expect.stringMatching(/apply_neighborhood needs strips of 300 rows and 120 more above and below/) });
  });

  it("refuses what it can't do and a process that changes the neighbourhood", async () => {
    const xy = [{ dimension: "x", value: 8, unit: "px" }, { dimension: "y", value: 8, unit: "px" }];
    await expect(run({ size: [...xy, { dimension: "t", value: "P1D" }] })).rejects.toMatchObject({ code: "ProcessParameterInvalid", message: expect.stringContaining("'t'") });
    await expect(run({ size: [...xy, { dimension: "t", value: "P1X" }] })).rejects.toMatchObject({ code: "ProcessParameterInvalid", message: expect.stringContaining("ISO 8601 duration") });
    await expect(run({ size: [...xy, { dimension: "z", value: 1 }] })).rejects.toMatchObject({ code: "DimensionNotAvailable" });
    await expect(run({ size: [{ dimension: "x", value: 15, unit: "m" }] })).rejects.toMatchObject({ message: expect.stringContaining("whole number of pixels") });
    const access = data();
    const graph = {
      load: { process_id: "load_collection", arguments: { id: "neighbourhoods", spatial_extent: null, temporal_extent: null, bands: ["B04"] } },
      focal: {
        process_id: "apply_neighborhood",
        arguments: {
          data: { from_node: "load" },
          size: xy,
          process: { process_graph: { drop: { process_id: "reduce_dimension", arguments: { data: { from_parameter: "data" }, dimension: "t", reducer: { process_graph: { m: { process_id: "max", arguments: { data: { from_parameter: "data" } }, result: true } } } }, result: true } } },
        },
        result: true,
      },
    };
    await expect(runProcess({ process_graph: graph }, { processes: PROCESSES }, { ctx: { log() {}, data: access } as never })).rejects.toMatchObject({ code: "DataCubePropertiesImmutable" });
  });
});

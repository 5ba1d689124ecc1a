import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { headerCache } from "../../src/raster/header-cache";
import { openCog } from "../../src/raster/open-cog";
import { readWindow } from "../../src/raster/read-window";
import { ingestCubeScenes, NIR, RED } from "../support/cube-fixture";
import { expectError, loginAs, request } from "../support/http";
import { expectStatistics, fileStatistics, recomputed } from "../support/gdal-statistics";
import { call, finishedJob, pathOf } from "../support/jobs";
import { MemoryByteSource } from "../support/memory-byte-source";
import { LARGE_GRID, largeNdvi, largeNir, largeRed } from "../support/large-ndvi-scene";

// 512 x 1100 px, 2 bands: 4.3 MiB of float32 planes, over the tests' 4 MiB SYNC_MAX_CUBE_BYTES. Strips get
// an eighth of it (512 KiB = 128 rows of 4 KiB): rows 0-127, ..., 896-1023 and 1024-1099.
const grid = LARGE_GRID;
const load = { process_id: "load_collection", arguments: { id: "strip-scenes", spatial_extent: null, temporal_extent: null, bands: ["B04", "B08"] } };

async function post(graph: Record<string, unknown>): Promise<Response> {
  return request("/v1/result", { method: "POST", headers: { Authorization: await loginAs("alice"), "Content-Type": "application/json" }, body: JSON.stringify({ process: { process_graph: graph } }) });
}

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "strip-scenes", [{ id: "S1", datetime: "2024-07-01T10:00:00Z", grid, cloud: 0, values: { B04: largeRed, B08: largeNir } }], [RED, NIR], 256);
});

describe("synchronous results larger than one read", () => {
  it("are computed in strips and assembled into one COG equal to the whole", async () => {
    const res = await post({ load, ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } } }, save: { process_id: "save_result", arguments: { data: { from_node: "ndvi" }, format: "GTiff" }, result: true } });
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Number(res.headers.get("Content-Length") ?? bytes.length)).toBe(bytes.length);
    headerCache.clear();
    const cog = await openCog(new MemoryByteSource(bytes));
    expect(cog.header.grid).toEqual(grid);
    // Halving until the 1100 rows fit one 256 px tile: factors 2, 4, 8.
    expect(cog.header.levels.map((l) => l.width)).toEqual([512, 256, 128, 64]);
    // Rows on both sides of strip borders, and the last one.
    for (const y of [0, 127, 128, 255, 256, 1023, 1024, 1099]) {
      const row = await readWindow(cog, 0, 0, { x: 0, y, width: 512, height: 1 });
      for (const x of [0, 255, 256, 511]) expect(row[x], `x=${x} y=${y}`).toBeCloseTo(largeNdvi(x, y), 6);
    }
    // The statistics of all strips together, written in the header before the full resolution is sent.
    expectStatistics(fileStatistics(bytes).get(0), recomputed(await readWindow(cog, 0, 0, { x: 0, y: 0, width: 512, height: 1100 })));
    const link = /^<https?:\/\/[^/]+(\/v1\/logs\/[\w-]+)>/.exec(res.headers.get("Link")!)![1]!;
    const log = (await (await request(link, { headers: { Authorization: await loginAs("alice") } })).json()) as { logs: { message: string }[] };
    // 4 KiB a row of source (512 px, two float32 bands): a sixteenth of the 4 MiB read is 64 rows a strip.
    expect(log.logs.map((l) => l.message)).toContain("The data (5 MiB) was read and computed in 18 strips.");
  });

  it("run evalscripts strip by strip (they work per pixel): the same NDVI as at once", async () => {
    const script = "//VERSION=3\nfunction setup() {\n  return { input: ['B04', 'B08'], output: { bands: 1, sampleType: 'FLOAT32' } };\n}\nfunction evaluatePixel(s) {\n  return [(s.B08 - s.B04) / (s.B08 + s.B04)];\n}\n";
    const res = await post({ load, run: { process_id: "run_udf", arguments: { data: { from_node: "load" }, udf: script, runtime: "EvalscriptV3" } }, save: { process_id: "save_result", arguments: { data: { from_node: "run" }, format: "GTiff" }, result: true } });
    expect(res.status, await res.clone().text()).toBe(200);
    headerCache.clear();
    const cog = await openCog(new MemoryByteSource(new Uint8Array(await res.arrayBuffer())));
    expect(cog.header.grid).toEqual(grid);
    for (const y of [0, 127, 128, 1024, 1099]) {
      const row = await readWindow(cog, 0, 0, { x: 0, y, width: 512, height: 1 });
      for (const x of [0, 255, 511]) expect(row[x], `x=${x} y=${y}`).toBeCloseTo(largeNdvi(x, y), 6);
    }
    // JavaScript's applyDatacube sees the whole cube: no strips.
    const whole = "export function applyDatacube(cube) {\n  return cube;\n}\n";
    await expectError(await post({ load, run: { process_id: "run_udf", arguments: { data: { from_node: "load" }, udf: whole, runtime: "JavaScript" } }, save: { process_id: "save_result", arguments: { data: { from_node: "run" }, format: "GTiff" }, result: true } }), 400, "ProcessGraphComplexity");
  });

  it("are refused with ProcessGraphComplexity when the graph can't be split", async () => {
    const kernel = { process_id: "apply_kernel", arguments: { data: { from_node: "load" }, kernel: [[0, 0, 0], [0, 1, 0], [0, 0, 0]] }, result: true };
    const refused = await expectError(await post({ load, kernel }), 400, "ProcessGraphComplexity");
    expect(refused.message).toMatch(/5 MiB.*batch job/);
    const two = {
      load,
      a: { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "GTiff" }, result: true },
      b: { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "GTiff" } },
    };
    expect((await expectError(await post(two), 400, "ProcessGraphComplexity")).message).toMatch(/several results/);
    const json = { load, s: { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "JSON" }, result: true } };
    expect((await expectError(await post(json), 400, "ProcessGraphComplexity")).message).toMatch(/JSON in strips/);
  });

  it("are described in a batch job's STAC Item from the whole grid, not a chunk", async () => {
    const auth = { Authorization: await loginAs("alice"), "Content-Type": "application/json" };
    const process = { process_graph: { load, ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } } }, save: { process_id: "save_result", arguments: { data: { from_node: "ndvi" }, format: "GTiff" }, result: true } } };
    const created = await request("/v1/jobs", { method: "POST", headers: auth, body: JSON.stringify({ process }) });
    const id = created.headers.get("OpenEO-Identifier")!;
    expect((await request(`/v1/jobs/${id}/results`, { method: "POST", headers: auth })).status).toBe(202);
    let status = "queued";
    for (let i = 0; i < 300 && !["finished", "error"].includes(status); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = ((await (await request(`/v1/jobs/${id}`, { headers: auth })).json()) as { status: string }).status;
    }
    expect(status).toBe("finished");
    const item = (await (await request(`/v1/jobs/${id}/results`, { headers: auth })).json()) as Record<string, any>;
    expect(item.properties).toMatchObject({ datetime: "2024-07-01T00:00:00.000Z", "proj:shape": [1100, 512], "proj:transform": [10, 0, 500000, 0, -10, 5000000] });
    // Strips are always float32 with NaN as nodata.
    // Assembled as a synchronous result is, its band named after its date.
    expect(item.assets["result.tif"]).toMatchObject({ "eo:bands": [{ name: "2024-07-01T00:00:00Z" }], "raster:bands": [{ data_type: "float32", nodata: "nan" }] });
    // The statistics the chunks' assembly wrote into the file.
    const tiff = new URL(item.assets["result.tif"].href);
    const bytes = new Uint8Array(await (await request(tiff.pathname + tiff.search)).arrayBuffer());
    headerCache.clear();
    const values = await readWindow(await openCog(new MemoryByteSource(bytes)), 0, 0, { x: 0, y: 0, width: 512, height: 1100 });
    expectStatistics(item.assets["result.tif"]["raster:bands"][0].statistics, recomputed(values));
    expect(item.assets["result.tif"]["raster:bands"][0].statistics).toEqual(fileStatistics(bytes).get(0));
    const logs = (await (await request(`/v1/jobs/${id}/logs`, { headers: auth })).json()) as { logs: { message: string }[] };
    // A batch job computes it in chunks of a quarter of a read (1 MiB = 256 rows), in separate invocations.
    expect(logs.logs.map((l) => l.message)).toContain("The result (512 x 1100 px, 5 MiB of source data) is computed in 5 chunks of up to 256 rows.");
  });

  it("of several dates in a batch job's chunks are one file per date, bands named after the cube's, as at once", async () => {
    const days = ["2024-07-01", "2024-07-11"];
    const red = (i: number) => (x: number, y: number) => largeRed(x, y) + 100 * i;
    await ingestCubeScenes(env.DATA, "strip-series", days.map((day, i) => ({ id: `D${i}`, datetime: `${day}T10:00:00Z`, grid, cloud: 0, values: { B04: red(i), B08: largeNir } })), [RED, NIR], 256);
    // Two dates of one band: 4.3 MiB of float32 planes, over one read, so the job runs in chunks.
    const id = await finishedJob({ process_graph: { load: { ...load, arguments: { ...load.arguments, id: "strip-series", bands: ["B04"] } }, save: { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "GTiff" }, result: true } } });
    const { logs } = (await (await call("GET", `/jobs/${id}/logs`, { user: "alice" })).json()) as { logs: { message: string }[] };
    expect(logs.some((l) => / is computed in \d+ chunks /.test(l.message))).toBe(true);
    const collection = (await (await call("GET", `/jobs/${id}/results`, { user: "alice" })).json()) as Record<string, any>;
    expect(Object.keys(collection.assets)).toEqual(days.map((day) => `result-${day}.tif`));
    for (const [i, day] of days.entries()) {
      const asset = collection.assets[`result-${day}.tif`];
      expect(asset["eo:bands"]).toEqual([{ name: "B04" }]);
      const link = collection.links.find((l: { rel: string; title?: string }) => l.rel === "item" && l.title === `result-${day}.tif`);
      expect(((await (await request(pathOf(link.href))).json()) as Record<string, any>).properties.datetime).toBe(`${day}T00:00:00.000Z`);
      headerCache.clear();
      const cog = await openCog(new MemoryByteSource(new Uint8Array(await (await request(pathOf(asset.href))).arrayBuffer())));
      expect(cog.header.grid).toEqual(grid);
      for (const y of [0, 255, 256, 1099]) {
        const row = await readWindow(cog, 0, 0, { x: 0, y, width: 512, height: 1 });
        for (const x of [0, 511]) expect(row[x], `${day} x=${x} y=${y}`).toBeCloseTo(red(i)(x, y) * 0.0001 - 0.1, 6);
      }
    }
  });
});

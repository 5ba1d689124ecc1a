/** Batch jobs in chunks, with the queue played by the test (test/support/played-queue.ts). */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { DEAD_LETTER_QUEUE } from "../../src/jobs/consumer";
import { jobPrefix, runPrefix } from "../../src/jobs/job-store";
import { computeResult } from "../../src/execution/compute";
import { sketchAccuracy } from "../../src/cube/quantile-sketch";
import { EXACT_MAX } from "../../src/cube/quantile-summary";
import { RunLog } from "../../src/execution/run-log";
import { runEnvironment } from "../../src/execution/sync";
import { pointTransform } from "../../src/raster/crs";
import { headerCache } from "../../src/raster/header-cache";
import { openCog } from "../../src/raster/open-cog";
import { readWindow } from "../../src/raster/read-window";
import { ingestCubeScenes, NIR, RED } from "../support/cube-fixture";
import { fileStatistics } from "../support/gdal-statistics";
import { expectError, loginAs, request } from "../support/http";
import { call } from "../support/jobs";
import { MemoryByteSource } from "../support/memory-byte-source";
import { LARGE_GRID, largeNdvi, largeNir, largeRed } from "../support/large-ndvi-scene";
import { API_BASE, keysUnder, playedQueue, startedJob } from "../support/played-queue";
import { resultPixels } from "../support/strip-runs";

// 512 x 1100 px, 2 bands: 4.3 MiB of float32 planes, over the tests' 4 MiB SYNC_MAX_CUBE_BYTES. A
// chunk gets a quarter of a read (1 MiB = 256 rows of 4 KiB): rows 0-255, ..., 768-1023, 1024-1099.
const grid = LARGE_GRID;
const CHUNKS = 5;
const PROCESS = {
  process_graph: {
    load: { process_id: "load_collection", arguments: { id: "chunk-scenes", spatial_extent: null, temporal_extent: null, bands: ["B04", "B08"] } },
    ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } } },
    save: { process_id: "save_result", arguments: { data: { from_node: "ndvi" }, format: "GTiff" }, result: true },
  },
};

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "chunk-scenes", [{ id: "C1", datetime: "2024-07-01T10:00:00Z", grid, cloud: 0, values: { B04: largeRed, B08: largeNir } }], [RED, NIR], 256);
});

describe("batch jobs in chunks", () => {
  it("a chunk that throws once is retried; redelivered chunks count once; one assembly writes one COG equal to the synchronous result", async () => {
    let failures = 0;
    const { deliver, take } = playedQueue({ beforePut: (key) => {
      if (key.endsWith("chunks/00001.strip") && failures++ === 0) throw new Error("injected: R2 write failed");
    } });
    const { id, stub, run } = await startedJob(PROCESS);
    expect(await deliver(run)).toBe("ack");
    const chunks = take();
    expect(chunks.map((m) => (m.kind === "job.chunk" ? [m.index, m.window?.height] : m.kind))).toEqual([[0, 256], [1, 256], [2, 256], [3, 256], [4, 76]]);
    expect((await stub.get())!).toMatchObject({ status: "running", progress: 0 });

    expect(await deliver(chunks[0]!)).toBe("ack");
    expect(await deliver(chunks[1]!)).toBe("retry");
    expect(await deliver(chunks[0]!, 2)).toBe("ack");
    for (const chunk of chunks.slice(2)) expect(await deliver(chunk)).toBe("ack");
    expect(take()).toEqual([]);
    expect((await stub.get())!.progress).toBe(Math.floor((4 / CHUNKS) * 90));
    expect(await deliver(chunks[1]!, 2)).toBe("ack");
    const assembly = take();
    expect(assembly).toEqual([{ ...run, kind: "job.assemble" }]);
    expect((await stub.chunkTotals(run.run_id)).chunks).toBe(CHUNKS);

    expect(await deliver(assembly[0]!)).toBe("ack");
    // A late duplicate of the assembly finds the job finished and does nothing.
    expect(await deliver(assembly[0]!, 2)).toBe("ack");
    const job = (await stub.get())!;
    expect(job).toMatchObject({ status: "finished", progress: 100 });
    expect(job.outcome!.usage).toMatchObject({ memory: { unit: "mb" }, cpu: { unit: "cpu-seconds" }, network: { unit: "b" } });
    expect(job.outcome!.usage.memory!.value).toBeCloseTo((256 * 512 * 4) / 2 ** 20, 1);
    const prefix = runPrefix("basic.alice", id, run.run_id);
    expect(await keysUnder(jobPrefix("basic.alice", id))).toEqual([`runs/${run.run_id}/process.json`, `runs/${run.run_id}/result.tif`]);
    const logs = await stub.logs();
    expect(logs.filter((l) => l.message.startsWith("Batch job finished"))).toHaveLength(1);
    expect(logs.map((l) => l.message)).toContain("The result (512 x 1100 px, 5 MiB of source data) is computed in 5 chunks of up to 256 rows.");

    const bytes = new Uint8Array(await (await env.RESULTS.get(`${prefix}result.tif`))!.arrayBuffer());
    headerCache.clear();
    const cog = await openCog(new MemoryByteSource(bytes));
    expect(cog.header.grid).toEqual(grid);
    for (const y of [0, 255, 256, 767, 768, 1023, 1024, 1099]) {
      const row = await readWindow(cog, 0, 0, { x: 0, y, width: 512, height: 1 });
      for (const x of [0, 255, 256, 511]) expect(row[x], `x=${x} y=${y}`).toBeCloseTo(largeNdvi(x, y), 6);
    }
    // The same COG, byte for byte, as a synchronous request computes in its own (smaller) strips:
    // the same band names, and statistics accumulated row by row come out the same to the last bit.
    expect(fileStatistics(bytes).size).toBe(1);
    const sync = await request("/v1/result", { method: "POST", headers: { Authorization: await loginAs("alice"), "Content-Type": "application/json" }, body: JSON.stringify({ process: PROCESS }) });
    expect(sync.status).toBe(200);
    expect(new Uint8Array(await sync.arrayBuffer())).toEqual(bytes);
  });

  it("user JavaScript runs in chunks too: a JavaScript UDF (reduce_dimension) and an evalscript give the built-in ndvi's pixels", async () => {
    const udf = "export function udf(data) {\n  return (data[1] - data[0]) / (data[1] + data[0]);\n}\n";
    const evalscript = "//VERSION=3\nfunction setup() {\n  return { input: ['B04', 'B08'], output: { bands: 1, sampleType: 'FLOAT32' } };\n}\nfunction evaluatePixel(s) {\n  return [(s.B08 - s.B04) / (s.B08 + s.B04)];\n}\n";
    const load = PROCESS.process_graph.load;
    const save = (from: string) => ({ process_id: "save_result", arguments: { data: { from_node: from }, format: "GTiff" }, result: true });
    const graphs = [
      { load, r: { process_id: "reduce_dimension", arguments: { data: { from_node: "load" }, dimension: "bands", reducer: { process_graph: { u: { process_id: "run_udf", arguments: { data: { from_parameter: "data" }, udf, runtime: "JavaScript" }, result: true } } } } }, save: save("r") },
      { load, r: { process_id: "run_udf", arguments: { data: { from_node: "load" }, udf: evalscript, runtime: "EvalscriptV3" } }, save: save("r") },
    ];
    for (const process_graph of graphs) {
      const { deliver, take } = playedQueue();
      const { id, stub, run } = await startedJob({ process_graph });
      expect(await deliver(run)).toBe("ack");
      const chunks = take();
      expect(chunks).toHaveLength(CHUNKS);
      for (const chunk of chunks) expect(await deliver(chunk)).toBe("ack");
      const assembly = take();
      expect(await deliver(assembly[0]!)).toBe("ack");
      expect((await stub.get())!).toMatchObject({ status: "finished" });
      headerCache.clear();
      const bytes = new Uint8Array(await (await env.RESULTS.get(`${runPrefix("basic.alice", id, run.run_id)}result.tif`))!.arrayBuffer());
      const cog = await openCog(new MemoryByteSource(bytes));
      for (const y of [0, 255, 256, 1099]) {
        const row = await readWindow(cog, 0, 0, { x: 0, y, width: 512, height: 1 });
        for (const x of [0, 511]) expect(row[x], `x=${x} y=${y}`).toBeCloseTo(largeNdvi(x, y), 6);
      }
    }
  });

  it("aggregate_spatial_window runs in chunks of whole windows: the assembled COG is the result computed in one read", async () => {
    const process_graph = {
      ...PROCESS.process_graph,
      windows: { process_id: "aggregate_spatial_window", arguments: { data: { from_node: "ndvi" }, size: [2, 2], reducer: { process_graph: { m: { process_id: "mean", arguments: { data: { from_parameter: "data" } }, result: true } } } } },
      save: { process_id: "save_result", arguments: { data: { from_node: "windows" }, format: "GTiff" }, result: true },
    };
    const { deliver, take } = playedQueue();
    const { id, stub, run } = await startedJob({ process_graph });
    expect(await deliver(run)).toBe("ack");
    // 256 x 550 windows; a row of them reads 2 rows of 8 KiB: a quarter of the read holds 128.
    const chunks = take();
    expect(chunks.map((m) => (m.kind === "job.chunk" ? m.window?.height : m.kind))).toEqual([128, 128, 128, 128, 38]);
    for (const chunk of chunks) expect(await deliver(chunk)).toBe("ack");
    expect(await deliver(take()[0]!)).toBe("ack");
    expect((await stub.get())!).toMatchObject({ status: "finished" });
    headerCache.clear();
    const bytes = new Uint8Array(await (await env.RESULTS.get(`${runPrefix("basic.alice", id, run.run_id)}result.tif`))!.arrayBuffer());
    const cog = await openCog(new MemoryByteSource(bytes));
    const whole = await resultPixels({ process_graph }, 2 ** 26);
    expect([cog.header.grid, whole.strips]).toEqual([whole.grid, 0]);
    expect(await readWindow(cog, 0, 0, { x: 0, y: 0, width: 256, height: 550 })).toEqual(whole.values);
    // A window's mean of the NDVI, recomputed.
    const mean = [0, 1].flatMap((dy) => [0, 1].map((dx) => largeNdvi(2 * 100 + dx, 2 * 300 + dy))).reduce((a, b) => a + b, 0) / 4;
    expect(whole.values[300 * 256 + 100]).toBeCloseTo(mean, 5);
  });

  it("a chunk that always throws ends in the dead-letter queue: the job fails with a concise entry, results answer 424, no piece is left", async () => {
    const { deliver, take } = playedQueue({ beforePut: (key) => {
      if (key.endsWith("chunks/00002.strip")) throw new Error("injected: R2 write failed");
    } });
    const { id, stub, run } = await startedJob(PROCESS);
    await deliver(run);
    const chunks = take();
    for (const chunk of chunks) await deliver(chunk);
    // The queue's retries (max_retries = 3) all fail too, then it hands the message to the dead-letter queue.
    for (const attempts of [2, 3, 4]) expect(await deliver(chunks[2]!, attempts)).toBe("retry");
    expect(take()).toEqual([]);
    expect(await deliver(chunks[2]!, 1, DEAD_LETTER_QUEUE)).toBe("ack");
    expect((await stub.get())!.status).toBe("error");
    const [entry] = await stub.logs({ level: "error" });
    expect(entry).toMatchObject({ level: "error", code: "Internal", message: "The batch job failed repeatedly in chunk 2; start it again or contact support." });
    const failed = await expectError(await call("GET", `/jobs/${id}/results`, { user: "alice" }), 424, "Internal");
    expect(failed.message).toBe(entry!.message);
    // A late redelivery of a chunk does nothing.
    expect(await deliver(chunks[3]!, 2)).toBe("ack");
    expect(await keysUnder(jobPrefix("basic.alice", id))).toEqual([`runs/${run.run_id}/process.json`]);
  });

  it("cancel during a chunk: the chunk discards its strip, later chunks stop, nothing is assembled or listed", async () => {
    let jobId = "";
    const { deliver, take } = playedQueue({ beforePut: async (key) => {
      if (key.endsWith("chunks/00002.strip")) expect((await call("DELETE", `/jobs/${jobId}/results`, { user: "alice" })).status).toBe(204);
    } });
    const { id, stub, run } = await startedJob(PROCESS);
    jobId = id;
    await deliver(run);
    const chunks = take();
    for (const chunk of chunks) expect(await deliver(chunk)).toBe("ack");
    expect(take()).toEqual([]);
    expect((await stub.get())!.status).toBe("canceled");
    expect((await stub.chunkTotals(run.run_id)).chunks).toBe(2);
    expect(await keysUnder(jobPrefix("basic.alice", id))).toEqual([]);
    await expectError(await call("GET", `/jobs/${id}/results`, { user: "alice" }), 400, "JobNotFinished");
  });

  it("cancel before the consumer begins: nothing runs and nothing is logged", async () => {
    const { deliver, take } = playedQueue();
    const { id, stub, run } = await startedJob(PROCESS);
    expect((await call("DELETE", `/jobs/${id}/results`, { user: "alice" })).status).toBe(204);
    expect(await deliver(run)).toBe("ack");
    expect(take()).toEqual([]);
    expect((await stub.get())!).toMatchObject({ status: "canceled", progress: 0 });
    expect(await stub.logs()).toEqual([]);
    expect(await keysUnder(jobPrefix("basic.alice", id))).toEqual([]);
  });

  // Two polygons across chunk borders (rows 256 and 512), in WGS84 as users give them: a box of 250 x 250 px
  // (62,500, at most EXACT_MAX: its median and quantiles stay exact) and a triangle of about 114,000 px (sketched).
  const toLonLat = pointTransform("EPSG:32633", "EPSG:4326");
  const ring = (corners: [number, number][]) => [[...corners, corners[0]!].map(([x, y]) => toLonLat(x, y))];
  const polygons = {
    type: "FeatureCollection",
    features: [
      { type: "Feature", properties: { name: "box" }, geometry: { type: "Polygon", coordinates: ring([[500505, 4996005], [503005, 4996005], [503005, 4998505], [500505, 4998505]]) } },
      { type: "Feature", properties: { name: "triangle" }, geometry: { type: "Polygon", coordinates: ring([[501000, 4992000], [505000, 4995500], [500200, 4997000]]) } },
    ],
  };
  const zonal = (reducer: string, target: string | null, args: Record<string, unknown> = {}) => ({
    process_graph: {
      load: PROCESS.process_graph.load,
      ndvi: PROCESS.process_graph.ndvi,
      zones: {
        process_id: "aggregate_spatial",
        arguments: { data: { from_node: "ndvi" }, geometries: polygons, reducer: { process_graph: { r: { process_id: reducer, arguments: { data: { from_parameter: "data" }, ...args }, result: true } } }, target_dimension: target },
      },
      save: { process_id: "save_result", arguments: { data: { from_node: "zones" }, format: "JSON" }, result: true },
    },
  });

  /** The job's result in chunks (delivered out of order, one twice: the merge depends on neither), and the same graph over the whole cube in one read. */
  async function inChunksAndWhole(process: { process_graph: Record<string, unknown> }): Promise<{ batch: GeoJson; expected: GeoJson }> {
    const { deliver, take } = playedQueue();
    const { id, stub, run } = await startedJob(process);
    expect(await deliver(run)).toBe("ack");
    const chunks = take();
    expect(chunks).toHaveLength(CHUNKS);
    expect(chunks.every((m) => m.kind === "job.chunk" && m.partial === true)).toBe(true);
    for (const chunk of [chunks[3]!, ...chunks, chunks[0]!]) expect(await deliver(chunk)).toBe("ack");
    const assembly = take();
    expect(assembly.map((m) => m.kind)).toContain("job.assemble");
    expect(await deliver(assembly[0]!)).toBe("ack");
    expect((await stub.get())!.status).toBe("finished");
    const prefix = runPrefix("basic.alice", id, run.run_id);
    expect(await keysUnder(prefix)).toEqual(["process.json", "result.json"]);
    const batch = (await (await env.RESULTS.get(`${prefix}result.json`))!.json()) as GeoJson;
    // A limit large enough for the whole cube.
    const { engineEnv, data } = runEnvironment({ env, userId: "basic.alice", apiBase: API_BASE });
    const whole = await computeResult(process, engineEnv, { ...data, maxBytes: 64 * 2 ** 20 }, new RunLog("info"));
    return { batch, expected: JSON.parse(new TextDecoder().decode((whole.chunks as Uint8Array[])[0]!)) as GeoJson };
  }

  it("zonal statistics of a cube larger than one read merge each chunk's partial statistics into what the whole would give", async () => {
    for (const [reducer, target] of [["mean", null], ["max", "stats"], ["sd", null], ["variance", "stats"]] as const) {
      const { batch, expected } = await inChunksAndWhole(zonal(reducer, target));
      expectClose(batch, expected);
      // Both polygons cover pixels with values: their statistics are numbers, not no-data.
      for (const feature of expected.features) expect(Object.values(feature.properties).filter((v) => typeof v === "number" && v > 0).length).toBeGreaterThan(0);
    }
  });

  it("zonal statistics taken further (reduce_dimension over t, apply, filter_labels of the geometries, add_dimension) are merged from the chunks first, then processed as the whole's", async () => {
    const reduce = (process_id: string, args: Record<string, unknown>) => ({ process_graph: { r: { process_id, arguments: args, result: true } } });
    const { load, ndvi, zones } = zonal("variance", null).process_graph;
    const process = {
      process_graph: {
        load,
        ndvi,
        zones,
        spread: { process_id: "reduce_dimension", arguments: { data: { from_node: "zones" }, dimension: "t", reducer: reduce("max", { data: { from_parameter: "data" } }) } },
        scaled: { process_id: "apply", arguments: { data: { from_node: "spread" }, process: reduce("multiply", { x: { from_parameter: "x" }, y: 1000 }) } },
        triangle: { process_id: "filter_labels", arguments: { data: { from_node: "scaled" }, dimension: "geometry", condition: reduce("eq", { x: { from_parameter: "value" }, y: 1 }) } },
        run: { process_id: "add_dimension", arguments: { data: { from_node: "triangle" }, name: "run", label: "r1" } },
        save: { process_id: "save_result", arguments: { data: { from_node: "run" }, format: "JSON" }, result: true },
      },
    };
    const { batch, expected } = await inChunksAndWhole(process);
    expectClose(batch, expected);
    expect(expected.features.map((f) => f.properties.name)).toEqual(["triangle"]);
    // Per geometry one number: t is gone, the values are there.
    for (const feature of expected.features) expect(Object.values(feature.properties).filter((v) => typeof v === "number" && v > 0).length).toBeGreaterThan(0);
  });

  it("zonal statistics after aggregate_spatial_window: chunks are strips of whole windows, and the merge is the whole's", async () => {
    const mean = { process_graph: { m: { process_id: "mean", arguments: { data: { from_parameter: "data" } }, result: true } } };
    const { load, ndvi, zones, save } = zonal("mean", null).process_graph;
    const process = {
      process_graph: {
        load,
        ndvi,
        windows: { process_id: "aggregate_spatial_window", arguments: { data: { from_node: "ndvi" }, size: [2, 2], reducer: mean } },
        zones: { ...zones, arguments: { ...zones.arguments, data: { from_node: "windows" } } },
        save,
      },
    };
    const { batch, expected } = await inChunksAndWhole(process);
    expectClose(batch, expected);
    for (const feature of expected.features) expect(Object.values(feature.properties).filter((v) => typeof v === "number" && v > 0).length).toBeGreaterThan(0);
  });

  it("zonal median and quantiles in chunks: exactly the whole's while a geometry has at most EXACT_MAX values, within the sketch's bound beyond", async () => {
    const alpha = sketchAccuracy(0);
    for (const [reducer, args, positions] of [["median", {}, [""]], ["quantiles", { probabilities: [0, 0.1, 0.5, 0.9, 1] }, ["0/", "1/", "2/", "3/", "4/"]], ["quantiles", { q: 4 }, ["0/", "1/", "2/"]]] as const) {
      const { batch, expected } = await inChunksAndWhole(zonal(reducer, "stats", args));
      const [box, triangle] = expected.features.map((f) => f.properties);
      const key = (position: string, label: string) => `2024-07-01T00:00:00Z/${position}${label}`;
      expect(box![key(positions[0]!, "valid_count")]).toBeLessThanOrEqual(EXACT_MAX);
      expect(triangle![key(positions[0]!, "valid_count")]).toBeGreaterThan(EXACT_MAX);
      expect(Object.keys(batch.features[0]!.properties).sort()).toEqual(Object.keys(box!).sort());
      expect(batch.features[0]!.properties).toEqual(box);
      // NDVI here lies within 0.6..1, so the triangle's sketch needs no collapse (level 0). The bound is
      // against the two values interpolated; their neighbour lies within a hair of the quantile (0.1 % slack).
      for (const position of positions) {
        const [got, want] = [batch.features[1]!.properties[key(position, "value")] as number, triangle![key(position, "value")] as number];
        expect(want).toBeGreaterThan(0.5);
        expect(Math.abs(got - want), `${reducer} ${position}`).toBeLessThanOrEqual(alpha * want * 1.001);
        for (const count of ["total_count", "valid_count"]) expect(batch.features[1]!.properties[key(position, count)]).toBe(triangle![key(position, count)]);
      }
    }
  });

  it("zonal statistics in chunks without save_result are written as GeoJSON, as a synchronous request would", async () => {
    const toLonLat = pointTransform("EPSG:32633", "EPSG:4326");
    // A triangle over nearly the whole scene: its bounding box is more than one read.
    const ring = [[500100, 4989100], [505000, 4989100], [500100, 4999900], [500100, 4989100]].map(([x, y]) => toLonLat(x!, y!));
    const process = {
      process_graph: {
        load: PROCESS.process_graph.load,
        zones: {
          process_id: "aggregate_spatial",
          arguments: { data: { from_node: "load" }, geometries: { type: "Polygon", coordinates: [ring] }, reducer: { process_graph: { r: { process_id: "max", arguments: { data: { from_parameter: "data" } }, result: true } } } },
          result: true,
        },
      },
    };
    const { deliver, take } = playedQueue();
    const { id, stub, run } = await startedJob(process);
    expect(await deliver(run)).toBe("ack");
    const chunks = take();
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((m) => m.kind === "job.chunk" && m.partial === true)).toBe(true);
    for (const chunk of chunks) expect(await deliver(chunk)).toBe("ack");
    const [assembly] = take();
    expect(await deliver(assembly!)).toBe("ack");
    expect((await stub.get())!.status).toBe("finished");
    const prefix = runPrefix("basic.alice", id, run.run_id);
    expect(await keysUnder(prefix)).toEqual(["process.json", "result.geojson"]);
    const stored = (await env.RESULTS.get(`${prefix}result.geojson`))!;
    expect(stored.httpMetadata?.contentType).toBe("application/geo+json");
    const { engineEnv, data } = runEnvironment({ env, userId: "basic.alice", apiBase: API_BASE });
    const whole = await computeResult(process, engineEnv, { ...data, maxBytes: 64 * 2 ** 20 }, new RunLog("info"));
    expect(whole.mediaType).toBe("application/geo+json");
    const expected = JSON.parse(new TextDecoder().decode((whole.chunks as Uint8Array[])[0]!));
    expect(expected.features[0].properties["2024-07-01T00:00:00Z/B04"]).toBeGreaterThan(0);
    expectClose(await stored.json(), expected);
  });
});

interface GeoJson {
  features: { properties: Record<string, unknown> }[];
}

/** Equal JSON, numbers within rounding (sums taken in another order). */
function expectClose(actual: unknown, expected: unknown, path = "$"): void {
  if (typeof expected === "number") {
    expect(typeof actual, path).toBe("number");
    expect(actual as number, path).toBeCloseTo(expected, 9);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual) && actual.length, path).toBe(expected.length);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === "object") {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [key, e] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[key], e, `${path}.${key}`);
  } else expect(actual, path).toEqual(expected);
}

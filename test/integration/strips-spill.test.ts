/**
 * A synchronous result in strips whose compressed tiles don't fit the memory budget: the rest wait
 * in a temporary R2 object (src/execution/r2-spill-store.ts) until the header is known. The budget
 * is forced tiny here, so that a small result spills.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { computeResult } from "../../src/execution/compute";
import { SPILL_PREFIX, workerTileStorage } from "../../src/execution/r2-spill-store";
import { RunLog } from "../../src/execution/run-log";
import { runEnvironment } from "../../src/execution/sync";
import { headerCache } from "../../src/raster/header-cache";
import { openCog } from "../../src/raster/open-cog";
import { readWindow } from "../../src/raster/read-window";
import { ingestCubeScenes, NIR, RED } from "../support/cube-fixture";
import { LARGE_GRID, largeNdvi, largeNir, largeRed } from "../support/large-ndvi-scene";
import { MemoryByteSource } from "../support/memory-byte-source";
import { API_BASE } from "../support/played-queue";

const COLLECTION = "spill-scenes";
/** Of pixels that compress little, so that the source's tiles outweigh its headers. */
const NOISY = "spill-noise";
const ndviOf = (collection: string) => ({
  process_graph: {
    load: { process_id: "load_collection", arguments: { id: collection, spatial_extent: null, temporal_extent: null, bands: ["B04", "B08"] } },
    ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } } },
    save: { process_id: "save_result", arguments: { data: { from_node: "ndvi" }, format: "GTiff" }, result: true },
  },
});
/** A hash of the position: values deflate can't shrink much. */
const noise = (seed: number) => (x: number, y: number) => 500 + (Math.imul(x * 73856093 ^ y * 19349663 ^ seed, 83492791) >>> 20);

beforeAll(async () => {
  // 512 x 1100 px of two bands, over the tests' 4 MiB SYNC_MAX_CUBE_BYTES: 18 strips. No overviews in the sources.
  await ingestCubeScenes(env.DATA, COLLECTION, [{ id: "S1", datetime: "2024-07-01T10:00:00Z", grid: LARGE_GRID, cloud: 0, values: { B04: largeRed, B08: largeNir } }], [RED, NIR], 256);
  await ingestCubeScenes(env.DATA, NOISY, [{ id: "N1", datetime: "2024-07-01T10:00:00Z", grid: LARGE_GRID, cloud: 0, values: { B04: noise(1), B08: noise(2) } }], [RED, NIR], 256);
});

async function compute(keepBytes: number, collection = COLLECTION) {
  headerCache.clear();
  const { engineEnv, data, stats } = runEnvironment({ env, userId: "basic.alice", apiBase: API_BASE });
  const log = new RunLog("info");
  // As the Worker would with SYNC_KEEP_TILES_BYTES set.
  const storage = workerTileStorage({ ...env, SYNC_KEEP_TILES_BYTES: String(keepBytes) });
  expect(storage.keepBytes).toBe(keepBytes);
  const body = await computeResult(ndviOf(collection), engineEnv, data, log, storage);
  return { body, stats, messages: log.entries.map((e) => e.message) };
}

async function joined(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of chunks) parts.push(part);
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0);
  return bytes;
}

const spillObjects = async () => (await env.RESULTS.list({ prefix: SPILL_PREFIX })).objects.map((o) => o.key);

describe("results in strips over the memory budget for their tiles", () => {
  it("spill the rest to a temporary R2 object, deleted once sent, and answer the bytes of a result kept in memory", async () => {
    const kept = await compute(64 * 2 ** 20);
    // 4 KiB a row of source (512 px, two float32 bands): a sixteenth of the 4 MiB read is 64 rows a strip.
    expect(kept.messages).toContain("The data (5 MiB) was read and computed in 18 strips.");
    const inMemory = await joined(kept.body.chunks);
    expect(await spillObjects()).toEqual([]);

    const spilled = await compute(64 * 1024);
    expect(spilled.messages.some((m) => /computed in 18 strips; [\d.]+ MiB of its tiles waited in temporary storage\./.test(m))).toBe(true);
    const pieces = (spilled.body.chunks as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    const header = await pieces.next();
    // The tiles wait in one temporary object until they are sent.
    expect(await spillObjects()).toHaveLength(1);
    const rest: Uint8Array[] = [header.value!];
    for (let next = await pieces.next(); !next.done; next = await pieces.next()) rest.push(next.value);
    const bytes = await joined(rest);
    expect(await spillObjects()).toEqual([]);
    expect(bytes.length).toBe(spilled.body.byteLength);
    expect(bytes).toEqual(inMemory);
    // And they are the NDVI, whichever way they went.
    headerCache.clear();
    const cog = await openCog(new MemoryByteSource(bytes));
    for (const y of [0, 700, 1099]) {
      const row = await readWindow(cog, 0, 0, { x: 0, y, width: 512, height: 1 });
      for (const x of [0, 511]) expect(row[x], `x=${x} y=${y}`).toBeCloseTo(largeNdvi(x, y), 6);
    }
  });

  it("delete the temporary object when the sending stops early (the client went away)", async () => {
    const { body } = await compute(64 * 1024);
    const pieces = (body.chunks as AsyncIterableIterator<Uint8Array>)[Symbol.asyncIterator]();
    await pieces.next();
    await pieces.next();
    expect(await spillObjects()).toHaveLength(1);
    await pieces.return!();
    expect(await spillObjects()).toEqual([]);
  });

  it("read the source once: the bytes read are about the source COGs' size, not twice it", async () => {
    const { body, stats } = await compute(64 * 1024, NOISY);
    await joined(body.chunks);
    const sources = (await env.DATA.list({ prefix: "" })).objects.filter((o) => o.key.includes(`/${NOISY}/`) && o.key.endsWith(".tif"));
    expect(sources).toHaveLength(2);
    const total = sources.reduce((n, o) => n + o.size, 0);
    // Every pixel is needed once; a second pass would read them all again.
    expect(stats.bytes).toBeGreaterThan(0.8 * total);
    expect(stats.bytes).toBeLessThan(1.2 * total);
  });
});

// npm run bench:sync-workerd: the synchronous NDVI GTiff of 4096 x 4096 px of the synthetic
// 10980 x 10980 scene (bench:sync's large case) through the real HTTP server, `wrangler dev`, with
// the scene ingested into its local R2: wall time, time to the first byte of the body, and the
// Worker's peak memory inside workerd (JS heap and ArrayBuffers after garbage collection, sampled
// through the inspector: bench/inspector-memory.ts). Then the same process as a batch job (chunks
// and their assembly, run by wrangler dev's local queue in the same isolate): its duration and peak
// memory, once while chunks run and once during the assembly (BENCH_BATCH=0 skips it). Numbers
// only; see docs/performance.md.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalWorker } from "../scripts/local-worker.mjs";
import { SYNTHETIC_DIR } from "./datasets";
import { startInspectorMemory } from "./inspector-memory";
import { mb, median } from "./memory";
import { ensureSynthetic } from "./synthetic";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZE = Number(process.env.BENCH_SYNC_SIZE ?? 4096);
const INSPECTOR_PORT = Number(process.env.BENCH_INSPECTOR_PORT ?? 9229);
const COLLECTION = "synthetic-bench";
const files = { red: join(SYNTHETIC_DIR, "s2_red.tif"), nir: join(SYNTHETIC_DIR, "s2_nir.tif") };
ensureSynthetic(files);

/** A folder holding one STAC Item whose two assets are the synthetic COGs, for npm run ingest. */
function itemFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "openeo-sync-workerd-"));
  const asset = (path: string, name: string, common: string) => ({
    href: path,
    type: "image/tiff; application=geotiff; profile=cloud-optimized",
    roles: ["data"],
    "eo:bands": [{ name, common_name: common }],
    "raster:bands": [{ scale: 0.0001, offset: 0, nodata: 0 }],
  });
  const item = {
    type: "Feature",
    stac_version: "1.0.0",
    id: "synthetic",
    // Ingest replaces a box reaching past the files with their footprint.
    bbox: [-180, -90, 180, 90],
    geometry: null,
    properties: { datetime: "2020-02-19T11:00:00Z" },
    assets: { B04: asset(files.red, "B04", "red"), B08: asset(files.nir, "B08", "nir") },
    links: [],
  };
  writeFileSync(join(dir, "item.json"), JSON.stringify(item));
  return dir;
}

/** The synthetic scene's grid (bench/synthetic.ts): UTM 32N, 10 m, its top-left corner at (600000, 5300000). */
const graph = {
  load: {
    process_id: "load_collection",
    arguments: { id: COLLECTION, spatial_extent: { west: 600000, south: 5300000 - SIZE * 10, east: 600000 + SIZE * 10, north: 5300000, crs: 32632 }, temporal_extent: null, bands: ["B04", "B08"] },
  },
  ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } } },
  save: { process_id: "save_result", arguments: { data: { from_node: "ndvi" }, format: "GTiff" }, result: true },
};

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/v1/credentials/basic`, { headers: { Authorization: `Basic ${Buffer.from("demo:openeo-demo").toString("base64")}` } });
  if (res.status !== 200) throw new Error(`demo login: HTTP ${res.status}`);
  return `Bearer basic//${((await res.json()) as { access_token: string }).access_token}`;
}

interface Run {
  wallMs: number;
  firstByteMs: number;
  bytes: number;
}

/** A batch job of the graph, started and polled until it ends: its duration and the Worker's peak memory while chunks run and after. */
async function batchJob(url: string, bearer: string): Promise<{ ms: number; chunks: number; assembly: number; status: string }> {
  const headers = { Authorization: bearer, "Content-Type": "application/json" };
  const created = await fetch(`${url}/v1/jobs`, { method: "POST", headers, body: JSON.stringify({ process: { process_graph: graph } }) });
  const id = created.headers.get("OpenEO-Identifier");
  if (created.status !== 201 || !id) throw new Error(`POST /jobs: HTTP ${created.status}`);
  const memory = await startInspectorMemory(INSPECTOR_PORT, { gcTimeoutMs: 5000 });
  const start = performance.now();
  if ((await fetch(`${url}/v1/jobs/${id}/results`, { method: "POST", headers })).status !== 202) throw new Error("POST /jobs/{id}/results failed");
  let status = "queued";
  let chunkPeaks: { peakTotal: number } | undefined;
  let after: Awaited<ReturnType<typeof startInspectorMemory>> | undefined;
  while (!["finished", "error", "canceled"].includes(status)) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const job = (await (await fetch(`${url}/v1/jobs/${id}`, { headers })).json()) as { status: string; progress?: number };
    status = job.status;
    // All chunks in (90 %): the assembly follows; the sampler starts afresh for it.
    if (!chunkPeaks && (job.progress ?? 0) >= 90) {
      chunkPeaks = await memory.stop();
      after = await startInspectorMemory(INSPECTOR_PORT, { gcTimeoutMs: 5000 });
    }
  }
  const ms = performance.now() - start;
  chunkPeaks ??= await memory.stop();
  const assembly = after ? (await after.stop()).peakTotal : 0;
  return { ms, chunks: chunkPeaks.peakTotal, assembly, status };
}

async function request(url: string, bearer: string): Promise<Run> {
  const start = performance.now();
  const res = await fetch(`${url}/v1/result`, {
    method: "POST",
    headers: { Authorization: bearer, "Content-Type": "application/json" },
    body: JSON.stringify({ process: { process_graph: graph } }),
  });
  if (res.status !== 200) throw new Error(`POST /result: HTTP ${res.status}: ${(await res.text()).slice(0, 500)}`);
  let firstByteMs = 0;
  let bytes = 0;
  for await (const chunk of res.body!) {
    if (bytes === 0) firstByteMs = performance.now() - start;
    bytes += (chunk as Uint8Array).length;
  }
  return { wallMs: performance.now() - start, firstByteMs, bytes };
}

const folder = itemFolder();
const vars = process.env.BENCH_VARS ? (JSON.parse(process.env.BENCH_VARS) as Record<string, string>) : {};
const worker = await startLocalWorker({ ingest: [{ folder, collection: COLLECTION }], inspectorPort: INSPECTOR_PORT, vars, timeoutMs: 180_000 });
try {
  const bearer = await login(worker.url);
  // Untimed: JIT, the first request's set-up, the OS page cache of the local R2 files.
  await request(worker.url, bearer);
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await request(worker.url, bearer));
  // Memory in a run of its own: sampling collects garbage, which slows the request.
  const memory = await startInspectorMemory(INSPECTOR_PORT, { gcTimeoutMs: 5000 });
  const sampled = await request(worker.url, bearer);
  const peaks = await memory.stop();
  console.log(`sync NDVI GTiff ${SIZE}² through wrangler dev, median of ${RUNS}:`);
  console.log("| wall ms | first byte ms | result MB | peak JS heap MB | peak ArrayBuffers MB | peak heap + ArrayBuffers MB | uncollected peak MB | at start MB | samples (collected) |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  const startMB = peaks.start.usedSize + (peaks.start.backingStorageSize ?? 0);
  console.log(
    `| ${median(runs.map((r) => r.wallMs)).toFixed(0)} | ${median(runs.map((r) => r.firstByteMs)).toFixed(0)} | ${mb(sampled.bytes)} | ${mb(peaks.peakHeap)} | ${mb(peaks.peakArrayBuffers)} | ${mb(peaks.peakTotal)} | ${mb(peaks.peakUncollected)} | ${mb(startMB)} | ${peaks.samples} (${peaks.collected}) |`,
  );
  if (process.env.BENCH_TIMELINE) console.log(peaks.timeline.map((t) => `${t.ms.toFixed(0)} ms: heap ${mb(t.heap)}, ArrayBuffers ${mb(t.arrayBuffers)}${t.collected ? "" : " (not collected)"}`).join("\n"));
  if (process.env.BENCH_BATCH !== "0") {
    const job = await batchJob(worker.url, bearer);
    console.log(`\nthe same as a batch job (${job.status}) through wrangler dev's local queue:`);
    console.log("| wall ms | peak heap + ArrayBuffers while chunks run MB | during the assembly MB |");
    console.log("|---|---|---|");
    console.log(`| ${job.ms.toFixed(0)} | ${mb(job.chunks)} | ${mb(job.assembly)} |`);
  }
  console.log(`runs: ${runs.map((r) => `${r.wallMs.toFixed(0)} ms (first byte ${r.firstByteMs.toFixed(0)})`).join(", ")}`);
} finally {
  await worker.stop();
  rmSync(folder, { recursive: true, force: true });
}

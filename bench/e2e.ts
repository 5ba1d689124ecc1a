// npm run bench:e2e: the Worker through its HTTP server (wrangler dev) against GDAL doing the same
// job, on the synthetic 10980 x 10980 red/nir COGs served by one loopback range server with 0 or
// 50 ms of latency: XYZ tiles of an NDVI service over load_stac of a STAC Item on that server, and
// synchronous NDVI GeoTIFFs (POST /result). Ours and GDAL's runs alternate, medians of BENCH_RUNS.
// Prints a markdown table with the issue's goals (numbers only: it never fails) and writes
// bench/e2e-results.json. See bench/README.md.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, startLocalWorker, type LocalWorker } from "../scripts/local-worker.mjs";
import { tileGrid, type TileAddress } from "../src/tiles/tile-grid";
import { BENCH_DIR, SYNTHETIC_DIR } from "./datasets";
import { startGdal, type GdalAnswer, type GdalJob } from "./e2e-gdal";
import { peakMemoryOf } from "./e2e-memory";
import { markdownTable, medianOrNull, ratioGoal, ratioOf, type Row } from "./e2e-report";
import { centredWindow, disjointTiles, ITEMS_DIR, openScene, writeItem } from "./e2e-scene";
import { WorkerClient, type Fetched } from "./e2e-worker";
import { gdalAvailable } from "./gdal";
import { median } from "./memory";
import { startRangeServer } from "./server";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ZOOMS = (process.env.BENCH_ZOOMS ?? "12,13,14,15").split(",").map(Number);
const PORT = Number(process.env.BENCH_PORT ?? 8804);
const WITH_GDAL = process.env.BENCH_GDAL !== "0";
const progress = (message: string) => process.stderr.write(`${message}\n`);

const scene = openScene();
const server = await startRangeServer({ synthetic: SYNTHETIC_DIR, e2e: ITEMS_DIR });
const gdalCheck = WITH_GDAL ? gdalAvailable() : ({ ok: false, reason: "BENCH_GDAL=0" } as const);
if (!gdalCheck.ok) progress(`GDAL column skipped: ${gdalCheck.reason}`);
const gdal = gdalCheck.ok ? startGdal() : undefined;
const state = mkdtempSync(join(tmpdir(), "openeo-edge-e2e-"));
let inspectorPort = 0;
const startWorker = async () => {
  inspectorPort = await freePort();
  return startLocalWorker({ timeoutMs: 180_000, persistTo: state, port: PORT, inspectorPort });
};
let worker: LocalWorker = await startWorker();
let client = await WorkerClient.login(worker.url);

const rows: Row[] = [];
const failures: string[] = [];
const raw: Record<string, unknown> = {};

/** A STAC Item at the latency no Worker has read before (fresh URLs for the Item and its assets), and its URL. */
let items = 0;
function freshItem(latency: number): string {
  const name = `item${++items}-${latency}ms`;
  const file = writeItem(scene, name, (key) => `${server.url(latency, key)}?item=${items}`);
  return server.url(latency, `e2e/${file}`);
}

const urls = (latency: number) => scene.keys.map((key) => server.url(latency, key));

function checked(what: string, fetched: Fetched): Fetched {
  if (fetched.status !== 200 || fetched.error) failures.push(`${what}: HTTP ${fetched.status} ${fetched.error ?? ""}`.trim());
  return fetched;
}

/** Runs ours and GDAL's job of one run, alternating which goes first. */
async function pair<T>(run: number, ours: () => Promise<T>, theirs: (() => Promise<GdalAnswer>) | undefined): Promise<[T, GdalAnswer | undefined]> {
  if (run % 2 === 0) {
    const a = await ours();
    return [a, await theirs?.()];
  }
  const b = await theirs?.();
  return [await ours(), b];
}

const gdalRun = (job: GdalJob) => (gdal ? () => gdal.run(job) : undefined);
const bounds = (tile: TileAddress) => tileGrid(tile, 256).bbox;
const workerRenderMs = (f: Fetched) => f.timings.find((t) => t.name === "render")?.dur;

// Tiles: per zoom, tiles that share no source tile, so "another tile" finds nothing but headers cached.
const warmByZoom = new Map<number, number[]>();
for (const z of ZOOMS) {
  const tiles = disjointTiles(scene, z, RUNS + 1);
  if (tiles.length < 2) {
    progress(`z${z}: fewer than 2 tiles without shared source tiles inside the scene; skipped`);
    continue;
  }
  progress(`z${z}: ${tiles.length - 1} warm runs`);
  // Warm (another tile, headers cached) and the same tile again at once (Cache API hit / GDAL's block cache).
  const warm: Row = { case: `tile z${z}, warm (another tile, header cached), 0 ms`, unit: "ms", ours: [], gdal: [] };
  const hit: Row = { case: `tile z${z}, same tile again (cache hit), 0 ms`, unit: "ms", ours: [], gdal: [] };
  const service = await client.createNdviService(freshItem(0));
  checked(`z${z} priming tile`, await client.tile(service, tiles[0]!));
  await gdal?.run({ op: "tile", urls: urls(0), bounds: bounds(tiles[0]!), clear: true });
  const hitTimings: string[] = [];
  const hitOverEmpty: number[] = [];
  const pngBytes = { ours: [] as number[], gdal: [] as number[] };
  const renderMs: number[] = [];
  for (const [run, tile] of tiles.slice(1).entries()) {
    const [ours, theirs] = await pair(
      run,
      async () => {
        const first = checked(`z${z} warm tile`, await client.tile(service, tile));
        const again = checked(`z${z} cached tile`, await client.tile(service, tile));
        // Right after the hit, so both see the same load on the machine.
        const nothing = await client.nothing();
        return [first, again, nothing] as const;
      },
      gdal
        ? async () => {
            const first = await gdal.run({ op: "tile", urls: urls(0), bounds: bounds(tile), clear: false });
            hit.gdal.push((await gdal.run({ op: "tile", urls: urls(0), bounds: bounds(tile), clear: false })).ms);
            return first;
          }
        : undefined,
    );
    warm.ours.push(ours[0].ms);
    hit.ours.push(ours[1].ms);
    hitOverEmpty.push(ours[1].ms - ours[2].ms);
    pngBytes.ours.push(ours[0].bytes);
    const rendered = workerRenderMs(ours[0]);
    if (rendered !== undefined) renderMs.push(rendered);
    hitTimings.push(ours[1].timings.map((t) => `${t.name}${t.dur === undefined ? "" : `;dur=${t.dur}`}${t.desc ? `;desc="${t.desc}"` : ""}`).join(", "));
    if (theirs) {
      warm.gdal.push(theirs.ms);
      pngBytes.gdal.push(theirs.bytes);
    }
    raw[`z${z} warm run ${run}`] = { tile, ours: ours[0], again: ours[1], gdal: theirs };
  }
  warm.goal = ratioGoal(warm, 0.8);
  warm.note = `PNG bytes median: ours ${medianOrNull(pngBytes.ours)}, GDAL ${medianOrNull(pngBytes.gdal)}; the Worker's render time (Server-Timing) median ${medianOrNull(renderMs)} ms`;
  hit.goal = cacheHitGoal(hitTimings);
  hit.note = `Server-Timing of the hits: ${[...new Set(hitTimings)].map((t) => t || "(none)").join(" | ")}; a hit takes ${medianOrNull(hitOverEmpty)?.toFixed(1)} ms (median) more than a request the Worker answers at once (an unknown path, 404) sent right after it`;
  warmByZoom.set(z, warm.ours);
  rows.push(warm, hit);

  for (const latency of [0, 50]) {
    const cold: Row = { case: `tile z${z}, cold, ${latency} ms`, unit: "ms", ours: [], gdal: [] };
    for (let run = 0; run < RUNS; run++) {
      const fresh = await client.createNdviService(freshItem(latency));
      const [ours, theirs] = await pair(
        run,
        async () => checked(`z${z} cold tile at ${latency} ms`, await client.tile(fresh, tiles[0]!)),
        gdalRun({ op: "tile", urls: urls(latency), bounds: bounds(tiles[0]!), clear: true }),
      );
      cold.ours.push(ours.ms);
      if (theirs) cold.gdal.push(theirs.ms);
      raw[`z${z} cold ${latency} ms run ${run}`] = { ours, gdal: theirs };
    }
    if (latency === 50) cold.goal = ratioGoal(cold, 0.6);
    rows.push(cold);
  }
}

/**
 * The issue's goal for a cache hit: at most 3 ms of Worker time and no Durable Object read, as the
 * Worker's Server-Timing says (a `total`/`cache` duration, and a metric naming a Durable Object
 * when it read one). Without those metrics the verdict is unknown.
 */
function cacheHitGoal(timings: string[]): Row["goal"] {
  const durations = timings.map((t) => [...t.matchAll(/(?:^|, )(?:total|cache|hit)[^,]*?;dur=([\d.]+)/g)].map((m) => Number(m[1]))[0]);
  const known = durations.filter((d): d is number => d !== undefined);
  const workerMs = known.length === timings.length && known.length > 0 ? median(known) : null;
  const doRead = timings.some((t) => /(?:^|, )(?:do|durable[^;,]*)[;,]|Durable Object/i.test(t));
  return {
    text: "Worker ≤ 3 ms (Server-Timing), no Durable Object read",
    value: workerMs === null ? null : doRead ? Infinity : workerMs,
    limit: 3,
    shown: workerMs === null ? "Worker time not reported" : `Worker ${workerMs} ms${doRead ? ", DO read" : ""}`,
  };
}

// Synchronous NDVI GeoTIFFs of a centred full-resolution window, every run from a fresh Item (cold).
const SYNC_CASES = [
  { size: 1024, latency: 0, goal: 0.9 },
  { size: 4096, latency: 0, goal: 1.0 },
  { size: 1024, latency: 50, goal: 0.9 },
];
for (const { size, latency, goal } of SYNC_CASES) {
  progress(`sync ${size}² at ${latency} ms`);
  const { window, bbox } = centredWindow(scene, size);
  const row: Row = { case: `sync NDVI GTiff ${size}², ${latency} ms`, unit: "ms", ours: [], gdal: [] };
  const firstByte: Row = { case: `sync ${size}², first byte of the result, ${latency} ms`, unit: "ms", ours: [], gdal: [] };
  const fileBytes = { ours: [] as number[], gdal: [] as number[] };
  for (let run = 0; run < RUNS; run++) {
    const item = freshItem(latency);
    const [ours, theirs] = await pair(
      run,
      async () => checked(`sync ${size}² at ${latency} ms`, await client.ndviGtiff(item, bbox, scene.epsg)),
      gdalRun({ op: "sync", urls: urls(latency), window, clear: true }),
    );
    row.ours.push(ours.ms);
    firstByte.ours.push(ours.firstByteMs);
    fileBytes.ours.push(ours.bytes);
    if (theirs) {
      row.gdal.push(theirs.ms);
      // GDAL's file exists only once it is complete.
      firstByte.gdal.push(theirs.ms);
      fileBytes.gdal.push(theirs.bytes);
    }
    raw[`sync ${size} ${latency} ms run ${run}`] = { ours, gdal: theirs };
  }
  row.goal = ratioGoal(row, goal);
  row.note = `result bytes median: ours ${medianOrNull(fileBytes.ours)}, GDAL ${medianOrNull(fileBytes.gdal)}`;
  rows.push(row);
  if (size === 4096) {
    firstByte.goal = { text: "early: ≤ 0.5× GDAL's whole file", value: ratioOf(firstByte), limit: 0.5 };
    rows.push(firstByte);
  }
}

/** A new Worker on the same state (users, services): a new workerd process, nothing cached. */
async function restartWorker(): Promise<void> {
  await worker.stop();
  worker = await startWorker();
}

// Peak memory of one 4096² request in a new Worker, apart from the timed runs (sampling costs
// time, and memory the earlier runs left to workerd's allocator would hide the request's own).
{
  progress("memory of a 4096² request");
  await restartWorker();
  const { bbox } = centredWindow(scene, 4096);
  const item = freshItem(0);
  const peak = await peakMemoryOf(inspectorPort, async () => checked("sync 4096² (memory)", await client.ndviGtiff(item, bbox, scene.epsg)));
  rows.push({
    case: "sync 4096², peak memory inside workerd (JS heap + ArrayBuffers, inspector)",
    unit: "MB",
    ours: [peak.peakBytes],
    gdal: [],
    goal: { text: "≤ 96 MB", value: peak.peakBytes / 1e6, limit: 96 },
    note: peak.detail,
  });
}

// The first tile after the Worker starts: services made now, each read first by a new Worker.
{
  const z = ZOOMS.includes(13) ? 13 : ZOOMS[Math.floor(ZOOMS.length / 2)]!;
  const tile = disjointTiles(scene, z, 1)[0]!;
  const services: string[] = [];
  for (let run = 0; run < RUNS; run++) services.push(await client.createNdviService(freshItem(0)));
  const row: Row = { case: `tile z${z}, first after the Worker starts (GDAL: first in a new process), 0 ms`, unit: "ms", ours: [], gdal: [] };
  for (const [run, service] of services.entries()) {
    progress(`first tile after a start, run ${run + 1} of ${RUNS}`);
    await restartWorker();
    row.ours.push(checked("first tile after a start", await client.tile(service, tile)).ms);
    if (gdal) {
      const fresh = startGdal();
      row.gdal.push((await fresh.run({ op: "tile", urls: urls(0), bounds: bounds(tile), clear: true })).ms);
      await fresh.close();
    }
  }
  client = await WorkerClient.login(worker.url);
  const warm = medianOrNull(warmByZoom.get(z) ?? []);
  const first = medianOrNull(row.ours);
  row.goal = {
    text: `≤ 1.5× our warm tile z${z}`,
    value: first === null || warm === null ? null : first / warm,
    limit: 1.5,
    shown: first === null || warm === null ? undefined : `${(first / warm).toFixed(2)}× warm`,
  };
  rows.push(row);
}

await worker.stop();
await gdal?.close();
server.close();
rmSync(state, { recursive: true, force: true });

const header = `End to end through wrangler dev against ${gdalCheck.ok ? `GDAL ${gdalCheck.version}` : "no GDAL"}, synthetic 10980² uint16 red/nir COGs on a loopback range server; medians of ${RUNS} runs, interleaved.`;
console.log(`${header}\n\n${markdownTable(rows)}\n`);
for (const row of rows.filter((r) => r.note)) console.log(`- ${row.case}: ${row.note}`);
if (failures.length) console.log(`\n${failures.length} requests did not answer 200: ${[...new Set(failures)].join("; ")}`);
const results = {
  date: new Date().toISOString(),
  runs: RUNS,
  zooms: ZOOMS,
  gdal: gdalCheck.ok ? gdalCheck.version : null,
  rows: rows.map((r) => ({ ...r, oursMedian: medianOrNull(r.ours), gdalMedian: medianOrNull(r.gdal), ratio: ratioOf(r) })),
  failures,
  runs_detail: raw,
};
writeFileSync(join(BENCH_DIR, "e2e-results.json"), `${JSON.stringify(results, null, 1)}\n`);

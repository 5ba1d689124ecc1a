// npm run bench:sync: synchronous processing (src/execution/compute.ts, the code behind POST /result)
// of an NDVI GTiff over COGs in the local R2 bucket of wrangler's platform proxy: 1024 x 1024 px of
// the 29RKH scene of ../shared/data and 4096 x 4096 px of the synthetic 10980 x 10980 scene (which
// exceeds one 48 MiB read, so it is computed in strips). Reports wall and CPU time, source bytes
// read, result size and peak memory. Numbers only; see the README.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { StacCollection, StacItem } from "../src/catalog/stac-types";
import type { DataAccess } from "../src/cube/context";
import { computeResult } from "../src/execution/compute";
import { RunLog } from "../src/execution/run-log";
import { PROCESSES } from "../src/processes";
import { CountingByteSource, ReadStats } from "../src/raster/counting-byte-source";
import { headerCache } from "../src/raster/header-cache";
import { openCog } from "../src/raster/open-cog";
import { R2ByteSource } from "../src/raster/r2-byte-source";
import { SHARED_DATA, SYNTHETIC_DIR } from "./datasets";
import { readLocalHeader } from "./local-header";
import { openLocalR2 } from "./r2";
import { ensureSynthetic } from "./synthetic";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Scene {
  name: string;
  files: { band: "B04" | "B08"; common: string; path: string; key: string }[];
  scale: number;
  /** Pixels of the result, from the scene's top-left corner. */
  size: number;
}

const synthetic = join(SYNTHETIC_DIR, "s2_red.tif");
ensureSynthetic({ red: synthetic, nir: join(SYNTHETIC_DIR, "s2_nir.tif") });
const SCENES: Scene[] = [
  {
    name: "29RKH, 1024 x 1024 px",
    files: [
      { band: "B04", common: "red", path: join(SHARED_DATA, "s2-29RKH-2020-02-19", "B04.tif"), key: "sync/29rkh/B04.tif" },
      { band: "B08", common: "nir", path: join(SHARED_DATA, "s2-29RKH-2020-02-19", "B08.tif"), key: "sync/29rkh/B08.tif" },
    ],
    scale: 0.0001,
    size: 1024,
  },
  {
    name: "synthetic, 4096 x 4096 px",
    files: [
      { band: "B04", common: "red", path: synthetic, key: "synthetic/s2_red.tif" },
      { band: "B08", common: "nir", path: join(SYNTHETIC_DIR, "s2_nir.tif"), key: "synthetic/s2_nir.tif" },
    ],
    scale: 0.0001,
    size: 4096,
  },
];

const r2 = await openLocalR2(new Map(SCENES.flatMap((s) => s.files.map((f) => [f.key, f.path] as [string, string]))));

/** A catalog of one item whose assets are the scene's COGs in local R2, with their real grids. */
function sceneAccess(scene: Scene, stats: ReadStats): { data: DataAccess; bbox: [number, number, number, number]; epsg: number } {
  const header = readLocalHeader(scene.files[0]!.path);
  const { grid, epsg } = header;
  const [minX, , , maxY] = grid.bbox;
  const px = (grid.bbox[2] - minX) / grid.width;
  const assets = Object.fromEntries(
    scene.files.map((f) => [
      f.band,
      {
        href: f.key,
        type: "image/tiff; application=geotiff; profile=cloud-optimized",
        roles: ["data"],
        "eo:bands": [{ name: f.band, common_name: f.common }],
        "raster:bands": [{ scale: scene.scale, offset: 0, nodata: 0 }],
        "proj:epsg": epsg,
        "proj:transform": [px, 0, minX, 0, -px, maxY],
        "proj:shape": [grid.height, grid.width],
      },
    ]),
  );
  const item = { type: "Feature", stac_version: "1.0.0", id: scene.name, bbox: [-180, -90, 180, 90], geometry: null, properties: { datetime: "2020-02-19T11:00:00Z" }, assets, links: [] } as unknown as StacItem;
  const collection = { id: "bench", summaries: { "eo:bands": scene.files.map((f) => ({ name: f.band, common_name: f.common })) } } as unknown as StacCollection;
  const data: DataAccess = {
    collection: async () => collection,
    items: async () => [item],
    openAsset: (asset) => openCog(new CountingByteSource(new R2ByteSource(r2.bucket, asset.href, { etag: r2.etags.get(asset.href)! }), stats)),
  };
  return { data, bbox: [minX, maxY - scene.size * px, minX + scene.size * px, maxY], epsg };
}

/** Live memory: V8's heap plus ArrayBuffers after a full garbage collection (node --expose-gc). */
function live(): number {
  (globalThis as { gc?: () => void }).gc!();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * Peak live memory above the start, sampled every 5 ms the event loop is free (between reads and
 * strips, where the large arrays are alive); garbage not yet collected is not counted.
 */
function memorySampler(): { stop(): number } {
  const base = live();
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, live() - base);
  };
  const timer = setInterval(sample, 5);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface RunResult {
  wallMs: number;
  cpuMs: number;
  read: number;
  size: number;
  strips: string;
}

async function runOnce(scene: Scene): Promise<RunResult> {
  headerCache.clear();
  const stats = new ReadStats();
  const { data, bbox, epsg } = sceneAccess(scene, stats);
  const graph = {
    load: { process_id: "load_collection", arguments: { id: "bench", spatial_extent: { west: bbox[0], south: bbox[1], east: bbox[2], north: bbox[3], crs: epsg }, temporal_extent: null, bands: ["B04", "B08"] } },
    ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } } },
    save: { process_id: "save_result", arguments: { data: { from_node: "ndvi" }, format: "GTiff" }, result: true },
  };
  const log = new RunLog("info");
  const cpu = process.cpuUsage();
  const start = performance.now();
  const body = await computeResult({ process_graph: graph }, { processes: PROCESSES }, data, log);
  // Sent as the response would send it (a large result is computed a second time meanwhile).
  let sent = 0;
  for await (const chunk of body.chunks) sent += chunk.length;
  if (sent !== body.byteLength) throw new Error(`sent ${sent} of ${body.byteLength} bytes`);
  const used = process.cpuUsage(cpu);
  return {
    wallMs: performance.now() - start,
    cpuMs: (used.user + used.system) / 1000,
    read: stats.bytes,
    size: body.byteLength,
    strips: /in (\d+) strips/.exec(log.entries.map((e) => e.message).join(" "))?.[1] ?? "1",
  };
}

const memoryScene = process.argv.indexOf("--memory");
if (memoryScene >= 0) {
  // A child process per scene: one run with live memory sampled, and the process's peak RSS.
  const scene = SCENES[Number(process.argv[memoryScene + 1])]!;
  const rssBefore = process.resourceUsage().maxRSS * 1024;
  const memory = memorySampler();
  await runOnce(scene);
  const livePeak = memory.stop();
  console.log(JSON.stringify({ live: livePeak, rss: process.resourceUsage().maxRSS * 1024 - rssBefore }));
} else {
  console.log("| result | wall ms | CPU ms | source MB read | result MB | strips | peak live memory MB | peak RSS growth MB |");
  console.log("|---|---|---|---|---|---|---|---|");
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  for (const [index, scene] of SCENES.entries()) {
    const runs: RunResult[] = [];
    for (let run = 0; run < RUNS; run++) runs.push(await runOnce(scene));
    const child = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--memory", String(index)], { encoding: "utf8" });
    const memory = JSON.parse(child.trim().split("\n").at(-1)!) as { live: number; rss: number };
    const last = runs.at(-1)!;
    console.log(`| ${scene.name} | ${median(runs.map((r) => r.wallMs)).toFixed(0)} | ${median(runs.map((r) => r.cpuMs)).toFixed(0)} | ${mb(last.read)} | ${mb(last.size)} | ${last.strips} | ${mb(memory.live)} | ${mb(memory.rss)} |`);
  }
}
await r2.close();

// npm run bench:sync: synchronous processing (src/execution/compute.ts, the code behind POST /result)
// of an NDVI GTiff over COGs in the local R2 bucket of wrangler's platform proxy: 1024 x 1024 px of
// the 29RKH scene of ../shared/data and 4096 x 4096 px of the synthetic 10980 x 10980 scene (which
// exceeds one 48 MiB read, so it is computed in strips, its tiles past 8 MiB spilled to a temporary
// file as the Worker spills them to R2). Reports wall and CPU time, source bytes read, result size
// and peak memory. Numbers only; see docs/performance.md.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { computeResult } from "../src/execution/compute";
import { RunLog } from "../src/execution/run-log";
import { DEFAULT_KEEP_TILES_BYTES } from "../src/execution/strips";
import { PROCESSES } from "../src/processes";
import { ReadStats } from "../src/raster/counting-byte-source";
import { headerCache } from "../src/raster/header-cache";
import { fileSpillStore } from "./file-spill-store";
import { mb, median, memorySampler } from "./memory";
import { ndviRun, openSceneBucket, SCENES, type Scene } from "./scenes";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const r2 = await openSceneBucket(SCENES);

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
  const { data, process: ndvi } = ndviRun(r2, scene, stats);
  const log = new RunLog("info");
  const cpu = process.cpuUsage();
  const start = performance.now();
  const body = await computeResult(ndvi, { processes: PROCESSES }, data, log, { keepBytes: DEFAULT_KEEP_TILES_BYTES, store: fileSpillStore() });
  // Sent as the response would send it (a large result's tiles from memory and the spill).
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

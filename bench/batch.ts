// npm run bench:batch: a batch job's pipeline in chunks (the code behind src/jobs/fan-out.ts,
// run-chunk.ts and assemble.ts, with R2 for the strips replaced by memory and for the spilled tiles
// by a temporary file) for an NDVI GTiff of 4096 x 4096 px of the synthetic scene in the local R2
// bucket of wrangler's platform proxy. Each step runs as an invocation would: fresh caches and data
// access; memory is measured in a run of its own. Reports the wall time of each kind of step, chunks
// per second, and the peak live memory of the chunks' invocations and of the assembly's. Numbers
// only; see docs/performance.md.
import { DEFAULT_MAX_CUBE_BYTES } from "../src/cube/plan";
import { chunkWindows } from "../src/execution/chunks";
import { evaluateResult, preparedRun } from "../src/execution/compute";
import { RunLog } from "../src/execution/run-log";
import { decodeStrip, encodeStrip } from "../src/execution/strip-codec";
import { assembleStrips, computeStrip, DEFAULT_KEEP_TILES_BYTES } from "../src/execution/strips";
import type { EngineEnv } from "../src/engine";
import { PROCESSES } from "../src/processes";
import { ReadStats } from "../src/raster/counting-byte-source";
import { headerCache } from "../src/raster/header-cache";
import { fileSpillStore } from "./file-spill-store";
import { mb, median, memorySampler } from "./memory";
import { ndviRun, openSceneBucket, SCENES } from "./scenes";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const scene = SCENES.find((s) => s.size === 4096)!;
const r2 = await openSceneBucket([scene]);
const engineEnv: EngineEnv = { processes: PROCESSES };

/**
 * One invocation: fresh caches and reads, timed, or its live memory sampled (`sampled`): the sampler
 * collects garbage whenever the event loop is free, which would be timed too.
 */
async function invocation<T>(work: (stats: ReadStats) => Promise<T>, sampled: boolean): Promise<{ value: T; ms: number; memory: number; read: number }> {
  headerCache.clear();
  const stats = new ReadStats();
  const memory = sampled ? memorySampler() : undefined;
  const start = performance.now();
  const value = await work(stats);
  const ms = performance.now() - start;
  return { value, ms, memory: memory?.stop() ?? 0, read: stats.bytes };
}

interface JobRun {
  planMs: number;
  chunkMs: number[];
  assembleMs: number;
  chunkMemory: number;
  assemblyMemory: number;
  read: number;
  size: number;
}

async function runJob(sampled: boolean): Promise<JobRun> {
  const strips = new Map<number, Uint8Array>();
  const plan = await invocation(async (stats) => {
    const { data, process } = ndviRun(r2, scene, stats);
    const evaluated = await evaluateResult(process, engineEnv, { ...data, maxBytes: DEFAULT_MAX_CUBE_BYTES }, new RunLog("info"));
    if ("output" in evaluated) throw new Error("the result fits one read: no chunks to measure");
    return { whole: evaluated.layout.grid, windows: chunkWindows(evaluated.tooLarge, evaluated.layout, DEFAULT_MAX_CUBE_BYTES) };
  }, sampled);
  const { whole, windows } = plan.value;
  const chunks = [];
  for (const [index, window] of windows.entries()) {
    chunks.push(
      await invocation(async (stats) => {
        const { data, process } = ndviRun(r2, scene, stats);
        const { evaluate } = await preparedRun(process, engineEnv, new RunLog("warning"));
        strips.set(index, encodeStrip(await computeStrip(evaluate, { ...data, maxBytes: DEFAULT_MAX_CUBE_BYTES }, window)));
      }, sampled),
    );
  }
  const assembly = await invocation(async () => {
    const storage = { keepBytes: DEFAULT_KEEP_TILES_BYTES, store: fileSpillStore() };
    const assembled = await assembleStrips(whole, windows, async (index) => decodeStrip(strips.get(index)!), storage);
    let size = 0;
    for await (const piece of assembled.chunks) size += piece.length;
    if (size !== assembled.byteLength) throw new Error(`assembled ${size} of ${assembled.byteLength} bytes`);
    return size;
  }, sampled);
  return {
    planMs: plan.ms,
    chunkMs: chunks.map((c) => c.ms),
    assembleMs: assembly.ms,
    chunkMemory: Math.max(plan.memory, ...chunks.map((c) => c.memory)),
    assemblyMemory: assembly.memory,
    read: plan.read + chunks.reduce((sum, c) => sum + c.read, 0),
    size: assembly.value,
  };
}

const runs: JobRun[] = [];
for (let run = 0; run < RUNS; run++) runs.push(await runJob(false));
// Memory from a run of its own.
const memory = await runJob(true);
const chunkCount = runs[0]!.chunkMs.length;
const allChunkMs = runs.flatMap((r) => r.chunkMs);
const sequential = runs.map((r) => r.planMs + r.chunkMs.reduce((a, b) => a + b, 0) + r.assembleMs);
// With every chunk in an invocation of its own at once, the job takes its plan, its slowest chunk and the assembly.
const parallel = runs.map((r) => r.planMs + Math.max(...r.chunkMs) + r.assembleMs);
console.log(`| job | chunks | plan ms | chunk ms (median) | assembly ms | wall ms, one invocation at a time | wall ms, chunks in parallel | chunks/s per invocation | source MB read | result MB | peak live memory of a chunk MB | of the assembly MB |`);
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
console.log(
  `| NDVI GTiff, ${scene.name} | ${chunkCount} | ${median(runs.map((r) => r.planMs)).toFixed(0)} | ${median(allChunkMs).toFixed(0)} | ${median(runs.map((r) => r.assembleMs)).toFixed(0)} | ${median(sequential).toFixed(0)} | ${median(parallel).toFixed(0)} | ${(1000 / median(allChunkMs)).toFixed(1)} | ${mb(runs.at(-1)!.read)} | ${mb(runs.at(-1)!.size)} | ${mb(memory.chunkMemory)} | ${mb(memory.assemblyMemory)} |`,
);
await r2.close();

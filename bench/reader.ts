import type { ByteSource } from "../src/raster/byte-source";
import { CountingByteSource, ReadStats } from "../src/raster/counting-byte-source";
import type { TypedArray } from "../src/raster/grid";
import { headerCache } from "../src/raster/header-cache";
import { openCog } from "../src/raster/open-cog";
import { readToGrid } from "../src/raster/read-to-grid";
import type { Case } from "./cases";
import type { BenchFile } from "./datasets";
import { serverRounds, type RangeServer } from "./server";

export interface Source {
  /** "r2 local", "http 0ms", "http 50ms". */
  id: string;
  /** Injected latency; null for the local R2 proxy. */
  latencyMs: number | null;
  open(file: BenchFile): ByteSource;
  server?: RangeServer;
}

export interface ModeResult {
  msMedian: number;
  cpuMsMedian: number;
  ms: number[];
  /** ReadStats of the last run (they were the same in every run unless `varies`). */
  rounds: number;
  requests: number;
  bytes: number;
  varies: boolean;
  /** Busy periods seen by the range server in the last run (HTTP only), a cross-check of `rounds`. */
  serverRounds?: number;
  reads: { key: string; offset: number; length: number }[];
  /** Mean of the first band's valid output values, to compare with GDAL's. */
  mean: number;
}

export interface ReaderResult {
  cold: ModeResult;
  warm: ModeResult;
}

interface Run {
  ms: number;
  cpuMs: number;
  stats: ReadStats;
  mean: number;
}

/**
 * Everything a tile request costs: open the COGs (header from the isolate cache when warm), read
 * and decode the tiles, reproject onto the target grid, and NDVI when there are two bands.
 */
async function runOnce(c: Case, source: Source): Promise<Run> {
  const stats = new ReadStats();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const cogs = await Promise.all(c.dataset.files.map((f) => openCog(new CountingByteSource(source.open(f), stats))));
  const rasters = await readToGrid(cogs.map((cog) => ({ cog, sample: 0 })), c.target, { resampling: c.resampling });
  if (rasters.length === 2) ndvi(rasters[0]!.data, rasters[1]!.data);
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, stats, mean: validMean(rasters[0]!.data, rasters[0]!.nodata) };
}

/**
 * One untimed run (warms the JIT and the OS page cache), then `runs` cold runs, each after
 * headerCache.clear(), then `runs` warm runs that find the headers cached.
 */
export async function measureReader(c: Case, source: Source, runs: number): Promise<ReaderResult> {
  headerCache.clear();
  await runOnce(c, source);
  const mode = async (cold: boolean): Promise<ModeResult> => {
    const all: Run[] = [];
    for (let i = 0; i < runs; i++) {
      if (cold) headerCache.clear();
      await source.server?.reset();
      all.push(await runOnce(c, source));
    }
    const last = all.at(-1)!;
    const same = (r: Run) => r.stats.rounds === last.stats.rounds && r.stats.requests.length === last.stats.requests.length && r.stats.bytes === last.stats.bytes;
    return {
      msMedian: median(all.map((r) => r.ms)),
      cpuMsMedian: median(all.map((r) => r.cpuMs)),
      ms: all.map((r) => round(r.ms)),
      rounds: last.stats.rounds,
      requests: last.stats.requests.length,
      bytes: last.stats.bytes,
      varies: !all.every(same),
      ...(source.server ? { serverRounds: serverRounds(await source.server.log()) } : {}),
      reads: last.stats.requests,
      mean: last.mean,
    };
  };
  const cold = await mode(true);
  const warm = await mode(false);
  return { cold, warm };
}

/** Median wall time of one bare `read` of a byte range: what the source itself costs per request. */
export async function measureRawRead(source: Source, file: BenchFile, offset: number, length: number, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    await source.open(file).read(offset, length);
    // The first read is untimed warm-up.
    if (i > 0) times.push(performance.now() - start);
  }
  return median(times);
}

function ndvi(red: TypedArray, nir: TypedArray): Float32Array {
  const out = new Float32Array(red.length);
  for (let i = 0; i < out.length; i++) {
    const r = red[i]!;
    const n = nir[i]!;
    out[i] = r + n > 0 ? (n - r) / (n + r) : NaN;
  }
  return out;
}

function validMean(data: TypedArray, nodata: number | null): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v === v && v !== nodata) {
      sum += v;
      count++;
    }
  }
  return count ? sum / count : NaN;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function round(value: number, digits = 1): number {
  return Number(value.toFixed(digits));
}

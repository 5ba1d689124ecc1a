import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { writeCog, type CogWriteOptions } from "../src/raster/cog-writer";
import type { Grid } from "../src/raster/grid";

/** The scene of ../shared/bench/mkcog.py: one Sentinel-2 tile, 10 m pixels, UTM 32N. */
const SYNTHETIC_SIZE = 10980;
const GRID: Grid = { crs: "EPSG:32632", bbox: [600000, 5300000 - SYNTHETIC_SIZE * 10, 600000 + SYNTHETIC_SIZE * 10, 5300000], width: SYNTHETIC_SIZE, height: SYNTHETIC_SIZE };
const OPTIONS: CogWriteOptions = { tileSize: 512, compression: "deflate", predictor: 2, overviews: [2, 4, 8, 16, 32] };

export interface GenerationReport {
  file: string;
  fieldMs: number;
  writeCogMs: number;
  bytes: number;
  peakRssMB: number;
}

/** Writes the red and NIR COGs unless both exist; answers what generating cost (empty when cached). */
export function ensureSynthetic(paths: { red: string; nir: string }): GenerationReport[] {
  if (existsSync(paths.red) && existsSync(paths.nir)) return [];
  mkdirSync(dirname(paths.red), { recursive: true });
  const random = gaussian(42);
  const reports: GenerationReport[] = [];
  for (const [path, offset] of [[paths.red, 0], [paths.nir, 1500]] as const) {
    let t = performance.now();
    const data = field(offset, random);
    const fieldMs = performance.now() - t;
    t = performance.now();
    const cog = writeCog([{ grid: GRID, data, dataType: "uint16", nodata: 0 }], OPTIONS);
    const writeCogMs = performance.now() - t;
    // Write to a temporary name first so an interrupted run never leaves a truncated COG behind.
    writeFileSync(`${path}.part`, cog);
    renameSync(`${path}.part`, path);
    reports.push({ file: path, fieldMs, writeCogMs, bytes: cog.length, peakRssMB: process.resourceUsage().maxRSS / 1024 });
  }
  return reports;
}

/** Smooth field plus N(0, 60) noise, truncated to uint16 like mkcog.py's astype. */
function field(offset: number, random: () => number): Uint16Array {
  const n = SYNTHETIC_SIZE;
  const sinX = Float64Array.from({ length: n }, (_, i) => Math.sin(((6 * i) / (n - 1)) * 1.7));
  const data = new Uint16Array(n * n);
  for (let row = 0; row < n; row++) {
    const cosY = Math.cos(((6 * row) / (n - 1)) * 1.3);
    for (let col = 0, i = row * n; col < n; col++, i++) {
      const v = 2000 + 800 * sinX[col]! * cosY + offset + random();
      data[i] = v < 0 ? 0 : v > 65535 ? 65535 : v;
    }
  }
  return data;
}

/** N(0, 60) samples from a seeded mulberry32 generator via Box-Muller, both outputs used. */
function gaussian(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
  };
  let spare = NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const s = spare;
      spare = NaN;
      return s;
    }
    const r = 60 * Math.sqrt(-2 * Math.log(uniform()));
    const a = 2 * Math.PI * uniform();
    spare = r * Math.sin(a);
    return r * Math.cos(a);
  };
}

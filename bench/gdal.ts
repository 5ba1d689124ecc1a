import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import type { Case } from "./cases";
import { BENCH_DIR } from "./datasets";
import type { LogEntry } from "./range-server";
import type { RangeServer } from "./server";

const PYTHON = process.env.BENCH_PYTHON ?? "/usr/bin/python3";

export interface GdalMode {
  ms: number[];
  cpu: number[];
  /** The range server's log of the last run. */
  log: LogEntry[];
}

export interface GdalResult {
  id: string;
  latency: number;
  cold: GdalMode;
  warm: GdalMode;
  mean: number | null;
}

/** GDAL's version, or why its Python bindings cannot be used. */
export function gdalAvailable(): { ok: true; version: string } | { ok: false; reason: string } {
  const probe = spawnSync(PYTHON, ["-c", "from osgeo import gdal; import numpy; print(gdal.__version__)"], { encoding: "utf8" });
  if (probe.status === 0) return { ok: true, version: probe.stdout.trim() };
  return { ok: false, reason: `${PYTHON} cannot import osgeo.gdal and numpy (apt-get install python3-gdal python3-numpy)` };
}

/** Runs bench/gdal_bench.py over every case at each latency, after the reader's runs so neither disturbs the other. */
export async function runGdal(cases: Case[], latencies: number[], server: RangeServer, runs: number, onResult: (r: GdalResult) => void): Promise<GdalResult[]> {
  const job = {
    base: server.base,
    runs,
    cases: latencies.flatMap((latency) =>
      cases.map((c) => ({
        id: c.id,
        latency,
        kind: c.kind,
        urls: c.dataset.files.map((f) => server.url(latency, f.key)),
        ...(c.kind === "tile" ? { bounds: c.target.bbox } : { window: [c.window!.x, c.window!.y, c.window!.width, c.window!.height] }),
      })),
    ),
  };
  const child = spawn(PYTHON, [join(BENCH_DIR, "gdal_bench.py")], { stdio: ["pipe", "pipe", "inherit"] });
  child.stdin.end(JSON.stringify(job));
  const results: GdalResult[] = [];
  for await (const line of createInterface({ input: child.stdout })) {
    const result = JSON.parse(line) as GdalResult;
    results.push(result);
    onResult(result);
  }
  const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", resolve)));
  if (code !== 0) throw new Error(`gdal_bench.py exited with ${code}`);
  return results;
}

// The GDAL side of bench/e2e.ts: bench/gdal_e2e.py in a child process, asked one job at a time.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import type { BBox } from "../src/raster/grid";
import { BENCH_DIR } from "./datasets";

const PYTHON = process.env.BENCH_PYTHON ?? "/usr/bin/python3";

export type GdalJob =
  | { op: "tile"; urls: string[]; bounds: BBox; clear: boolean }
  | { op: "sync"; urls: string[]; window: [number, number, number, number]; clear: boolean; layout: "cog" | "plain" };

export interface GdalAnswer {
  /** Wall time of the job inside the process (no process start, no interpreter start). */
  ms: number;
  /** Size of the PNG or GeoTIFF written. */
  bytes: number;
}

export interface GdalProcess {
  run(job: GdalJob): Promise<GdalAnswer>;
  close(): Promise<void>;
}

/** Starts gdal_e2e.py; it answers jobs in the order they are sent. */
export function startGdal(): GdalProcess {
  const child: ChildProcessWithoutNullStreams = spawn(PYTHON, [join(BENCH_DIR, "gdal_e2e.py")], { stdio: ["pipe", "pipe", "pipe"] });
  let errors = "";
  child.stderr.on("data", (chunk) => (errors += chunk));
  const lines: Interface = createInterface({ input: child.stdout });
  const waiting: { resolve(a: GdalAnswer): void; reject(e: Error): void }[] = [];
  lines.on("line", (line) => waiting.shift()?.resolve(JSON.parse(line) as GdalAnswer));
  child.once("exit", (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`gdal_e2e.py exited with ${code}: ${errors.slice(-2000)}`));
  });
  return {
    run: (job) =>
      new Promise((resolve, reject) => {
        if (child.exitCode !== null) return reject(new Error(`gdal_e2e.py has exited: ${errors.slice(-2000)}`));
        waiting.push({ resolve, reject });
        child.stdin.write(`${JSON.stringify(job)}\n`);
      }),
    close: async () => {
      child.stdin.end();
      if (child.exitCode === null) await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

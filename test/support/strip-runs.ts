/**
 * A process's first band computed three ways over the test bindings, for results that must be
 * equal pixel for pixel: a synchronous result (in strips when it doesn't fit `maxBytes`), and a
 * batch job's chunks as run-chunk.ts computes them (each window evaluated on its own), stacked.
 */
import { env } from "cloudflare:workers";
import { computeResult, evaluateResult } from "../../src/execution/compute";
import { chunkWindows } from "../../src/execution/chunks";
import { RunLog } from "../../src/execution/run-log";
import { computeStrip } from "../../src/execution/strips";
import { runEnvironment } from "../../src/execution/sync";
import type { Grid } from "../../src/raster/grid";
import { headerCache } from "../../src/raster/header-cache";
import { openCog } from "../../src/raster/open-cog";
import { readWindow } from "../../src/raster/read-window";
import { MemoryByteSource } from "./memory-byte-source";

const access = () => runEnvironment({ env, userId: "basic.alice", apiBase: "https://openeo.test/v1" });

/** The synchronous result's GeoTIFF, read back: its grid, first band, and how many strips made it (0: one read). */
export async function resultPixels(process: Record<string, unknown>, maxBytes: number): Promise<{ grid: Grid; values: Float32Array; strips: number }> {
  const { engineEnv, data } = access();
  const log = new RunLog("info");
  const body = await computeResult(process, engineEnv, { ...data, maxBytes }, log);
  const parts: Uint8Array[] = [];
  for await (const part of body.chunks as AsyncIterable<Uint8Array> | Uint8Array[]) parts.push(part);
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0);
  headerCache.clear();
  const cog = await openCog(new MemoryByteSource(bytes));
  const { grid } = cog.header;
  const values = (await readWindow(cog, 0, 0, { x: 0, y: 0, width: grid.width, height: grid.height })) as Float32Array;
  const strips = log.entries.map((e) => / in (\d+) strips/.exec(e.message)?.[1]).find(Boolean);
  return { grid, values, strips: Number(strips ?? 0) };
}

/** A batch job's chunks of the process (it must not fit `maxBytes`): each chunk's first plane, stacked, and the chunks' windows. */
export async function chunkPixels(process: Record<string, unknown>, maxBytes: number): Promise<{ grid: Grid; values: Float32Array; windows: Grid[] }> {
  const { engineEnv, data } = access();
  const evaluated = await evaluateResult(process, engineEnv, { ...data, maxBytes }, new RunLog("info"), { batch: true });
  if ("output" in evaluated) throw new Error("the process fits one read: no chunks");
  const windows = chunkWindows(evaluated.tooLarge, evaluated.layout, maxBytes);
  const grid = evaluated.layout.grid;
  const values = new Float32Array(grid.width * grid.height);
  let row = 0;
  for (const window of windows) {
    // Every chunk in an environment of its own, as separate invocations have.
    const own = access();
    const strip = await computeStrip(evaluated.evaluate, { ...own.data, maxBytes }, window);
    values.set(strip.cube.planes[0]!, row * grid.width);
    row += window.height;
  }
  return { grid, values, windows };
}

/**
 * A run too large for one invocation is computed in chunks: horizontal strips of the result's
 * grid (or partial zonal statistics of them), one queue message each, computed in parallel by
 * separate invocations (run-chunk.ts) into R2; the JobDO counts them, and the last one in sends
 * the assembly (assemble.ts). The plan (the whole grid and its strips) is stored beside them.
 */
import type { CubeTooLarge } from "../cube/materialize";
import type { Env } from "../env";
import type { RunLog } from "../execution/run-log";
import { chunkWindows } from "../execution/chunks";
import type { PartialReducer } from "../execution/partial-reducer";
import type { StripLayout } from "../execution/strips";
import type { Grid } from "../raster/grid";
import { jobStub, runPrefix } from "./job-store";
import type { BatchMessage, RunMessage } from "./messages";

/** Queues take at most 100 messages per sendBatch. */
const SEND_BATCH = 100;

export interface ChunkPlan {
  whole: Grid;
  windows: Grid[];
  /** Chunks of partial zonal statistics merged with this reducer; pixel strips when absent. */
  reducer?: PartialReducer;
  /** When the run began (ms since the epoch), for its duration. */
  started: number;
  /** The size of the run's process.json, for its entry among the results. */
  processBytes: number;
}

export const chunkPrefix = (message: Pick<RunMessage, "user_id" | "job_id" | "run_id">) => `${runPrefix(message.user_id, message.job_id, message.run_id)}chunks/`;
export const chunkKey = (message: RunMessage, index: number) => `${chunkPrefix(message)}${String(index).padStart(5, "0")}.strip`;
export const partialKey = (message: RunMessage, index: number) => `${chunkPrefix(message)}${String(index).padStart(5, "0")}.json`;
export const planKey = (message: RunMessage) => `${chunkPrefix(message)}plan.json`;

/** Plans the chunks of a run, records them in the JobDO and sends their messages; answers their number. */
export async function sendChunks(env: Env, message: RunMessage, tooLarge: CubeTooLarge, layout: StripLayout, maxBytes: number, log: RunLog, run: Pick<ChunkPlan, "started" | "processBytes" | "reducer">): Promise<number> {
  const windows = chunkWindows(tooLarge, layout, maxBytes);
  const plan: ChunkPlan = { whole: layout.grid, windows, ...run };
  const { reducer } = run;
  await env.RESULTS.put(planKey(message), JSON.stringify(plan), { httpMetadata: { contentType: "application/json" } });
  if (!(await jobStub(env, message.job_id).planChunks(message.run_id, windows.length))) return windows.length;
  log.add("info", `The result (${layout.grid.width} x ${layout.grid.height} px, ${Math.ceil(tooLarge.bytes / 2 ** 20)} MiB of source data) is computed in ${windows.length} chunks of up to ${windows[0]!.height} rows.`);
  const { job_id, user_id, run_id, api_base } = message;
  const messages = windows.map((window, index): { body: BatchMessage } => ({ body: { kind: "job.chunk", job_id, user_id, run_id, api_base, index, window, ...(reducer ? { partial: true } : {}) } }));
  for (let at = 0; at < messages.length; at += SEND_BATCH) await env.BATCH_QUEUE.sendBatch(messages.slice(at, at + SEND_BATCH));
  return windows.length;
}

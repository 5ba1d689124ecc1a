/**
 * One chunk of a run in chunks: evaluates the job's process over the chunk's strip alone, stores
 * the strip (or its partial zonal statistics) in R2 under a key of its own (a redelivered chunk writes the same bytes again) and
 * reports it to the JobDO, which counts each chunk once. The chunk that completes the set sends
 * the assembly.
 */
import type { JobRecord } from "../../durable-objects/job";
import type { Env } from "../env";
import { preparedRun } from "../execution/compute";
import { RunLog } from "../execution/run-log";
import { computePartials } from "../execution/partials";
import { encodeStrip } from "../execution/strip-codec";
import { computeStrip } from "../execution/strips";
import { runEnvironment } from "../execution/sync";
import { chunkKey, partialKey } from "./fan-out";
import { jobStub } from "./job-store";
import type { BatchMessage, ChunkMessage } from "./messages";

export async function runChunk(env: Env, job: JobRecord, message: ChunkMessage, signal: AbortSignal): Promise<void> {
  const stub = jobStub(env, job.id);
  if (!(await stub.enter(message.run_id, message.index))) return;
  const startedAt = Date.now();
  // The first chunk logs what the process logs; the others only what goes wrong, so that the
  // same message isn't repeated once per chunk.
  const log = new RunLog(message.index === 0 ? job.log_level : "warning");
  const { engineEnv, data, stats } = runEnvironment({ env, userId: job.user_id, apiBase: message.api_base, signal });
  const { evaluate, reducible, zonal } = await preparedRun(job.process, engineEnv, log);
  // A job's process can't change while it runs: the graph that planned partials still has its reducer.
  if (message.partial && !reducible) throw new Error("a chunk of partial statistics whose graph has no partial reducer");
  // Zonal statistics taken further: a chunk computes them only, the assembly the rest.
  const partials = message.partial && zonal ? (await preparedRun(zonal.chunk, engineEnv, log)).evaluate : evaluate;
  const { window } = message;
  const piece = message.partial
    ? new TextEncoder().encode(JSON.stringify(await computePartials(partials, data, window, reducible!)))
    : encodeStrip(await computeStrip(evaluate, data, window));
  const key = message.partial ? partialKey(message, message.index) : chunkKey(message, message.index);
  // A chunk of a run stopped meanwhile stores nothing.
  signal.throwIfAborted();
  await env.RESULTS.put(key, piece);
  if (log.entries.length > 0) await stub.log(...log.stored());
  const state = await stub.chunkDone(message.run_id, message.index, { seconds: (Date.now() - startedAt) / 1000, bytesRead: stats.bytes, stripBytes: piece.length });
  if (state === "stale") await env.RESULTS.delete(key);
  if (state === "complete") {
    const { job_id, user_id, run_id, api_base } = message;
    await env.BATCH_QUEUE.send({ kind: "job.assemble", job_id, user_id, run_id, api_base } satisfies BatchMessage);
  }
}

/**
 * Computes one run of a batch job in this invocation, as a synchronous request would (sync.ts),
 * with the job owner's data access, and stores its files under the run's prefix in R2.
 */
import type { JobOutcome, JobRecord, NewLogEntry, ResultFile } from "../../durable-objects/job";
import type { Env } from "../env";
import type { RunLog } from "../execution/run-log";
import { runSynchronously } from "../execution/sync";
import { runPrefix } from "./job-store";
import type { LogData } from "./log-entry";
import { storeResultFile } from "./store-result";

/** A run's log entries as the JobDO keeps them. */
export function jobLogEntries(log: RunLog): NewLogEntry[] {
  return log.entries.map(({ level, message, code, data }) => ({
    level,
    message,
    ...(code ? { code } : {}),
    // Stored as JSON text; the type only keeps RPC inference flat.
    ...(data === undefined ? {} : { data: data as LogData }),
  }));
}

/** Computes the run into R2 and answers its outcome; `log` is the caller's, so that it outlives a run that throws. */
export async function executeRun(env: Env, job: JobRecord, runId: string, apiBase: string, log: RunLog): Promise<JobOutcome> {
  const startedAt = Date.now();
  const prefix = runPrefix(job.user_id, job.id, runId);
  // The run's input, the process as it was when the run started, is kept beside its results.
  const processJson = new TextEncoder().encode(JSON.stringify(job.process));
  await env.RESULTS.put(`${prefix}process.json`, processJson, { httpMetadata: { contentType: "application/json" } });
  const run = await runSynchronously(job.process, { env, userId: job.user_id, apiBase, logLevel: job.log_level }, log);
  const size = await storeResultFile(env.RESULTS, `${prefix}${run.body.name}`, run.body);
  const files: ResultFile[] = [
    { name: run.body.name, type: run.body.mediaType, size, roles: ["data"], title: "The result of the job's process", ...(run.body.raster ? { raster: run.body.raster } : {}) },
    { name: "process.json", type: "application/json", size: processJson.length, roles: ["process", "reproduction"], title: "The process of this run" },
  ];
  const usage = {
    duration: { value: (Date.now() - startedAt) / 1000, unit: "seconds" },
    network: { value: run.bytesRead, unit: "b" },
    storage: { value: files.reduce((sum, f) => sum + f.size, 0), unit: "b" },
  };
  return { costs: run.costs, usage, files };
}

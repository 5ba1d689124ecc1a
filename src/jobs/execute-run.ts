/**
 * The first step of a batch job's run: computes it in this invocation, as a synchronous request
 * would (compute.ts), with the job owner's data access, and stores its files under the run's
 * prefix in R2 — or, when the result is larger than one read, plans it in chunks (fan-out.ts).
 */
import type { JobOutcome, JobRecord, ResultFile } from "../../durable-objects/job";
import type { Env } from "../env";
import { evaluateResult } from "../execution/compute";
import { outputFiles } from "../execution/outputs";
import { costOf } from "../execution/costs";
import type { RunLog } from "../execution/run-log";
import { runEnvironment } from "../execution/sync";
import { sendChunks } from "./fan-out";
import { runPrefix } from "./job-store";
import type { RunMessage } from "./messages";
import { storeResultFile } from "./store-result";

/** A result file's title in the results STAC. */
export const resultTitle = (name: string) => `Result of the job's process: ${name}`;

/** The file that records a run's process, beside its results. */
export const PROCESS_FILE = "process.json";

export function processFile(size: number): ResultFile {
  return { name: PROCESS_FILE, type: "application/json", size, roles: ["process", "reproduction"], title: "The process of this run" };
}

/** What a run measured, in the units of the API's usage metrics. */
export function outcomeOf(files: ResultFile[], measured: { bytesRead: number; seconds: number; cpuSeconds: number; largestBytes?: number }): JobOutcome {
  return {
    costs: costOf(measured.bytesRead),
    files,
    usage: {
      cpu: { value: measured.cpuSeconds, unit: "cpu-seconds" },
      // The largest strip one invocation held, for a run in chunks.
      ...(measured.largestBytes === undefined ? {} : { memory: { value: Math.round((measured.largestBytes / 2 ** 20) * 10) / 10, unit: "mb" } }),
      duration: { value: measured.seconds, unit: "seconds" },
      network: { value: measured.bytesRead, unit: "b" },
      storage: { value: files.reduce((sum, f) => sum + f.size, 0), unit: "b" },
    },
  };
}

/**
 * Computes the run into R2 and answers its outcome, or the number of chunks it was split into
 * (their last one assembles the result). `log` is the caller's, so that it outlives a run that throws.
 */
export async function executeRun(env: Env, job: JobRecord, message: RunMessage, log: RunLog, signal: AbortSignal): Promise<JobOutcome | { chunks: number }> {
  const startedAt = Date.now();
  const prefix = runPrefix(job.user_id, job.id, message.run_id);
  // The run's input, the process as it was when the run started, is kept beside its results.
  const processJson = new TextEncoder().encode(JSON.stringify(job.process));
  await env.RESULTS.put(`${prefix}${PROCESS_FILE}`, processJson, { httpMetadata: { contentType: "application/json" } });
  const { engineEnv, data, stats } = runEnvironment({ env, userId: job.user_id, apiBase: message.api_base, signal });
  const evaluated = await evaluateResult(job.process, engineEnv, data, log, { batch: true });
  // A run stopped meanwhile writes nothing more.
  signal.throwIfAborted();
  if (!("output" in evaluated)) {
    const run = { started: startedAt, processBytes: processJson.length, ...(evaluated.reducible ? { reducer: evaluated.reducible } : {}) };
    return { chunks: await sendChunks(env, message, evaluated.tooLarge, evaluated.layout, data.maxBytes!, log, run) };
  }
  const results: ResultFile[] = [];
  for (const body of outputFiles(evaluated.output)) {
    signal.throwIfAborted();
    const size = await storeResultFile(env.RESULTS, `${prefix}${body.name}`, body);
    results.push({ name: body.name, type: body.mediaType, size, roles: ["data"], title: resultTitle(body.name), ...(body.raster ? { raster: body.raster } : {}), ...(body.place ? { place: body.place } : {}) });
  }
  log.add("info", `Results: ${results.map((r) => `${r.name} (${r.size} bytes)`).join(", ")}; ${stats.bytes} bytes of source data read in ${stats.requests.length} requests.`);
  const seconds = (Date.now() - startedAt) / 1000;
  return outcomeOf([...results, processFile(processJson.length)], { bytesRead: stats.bytes, seconds, cpuSeconds: seconds });
}

/** The run steps of a job that carries a Sentinel Hub request (sentinel-hub-job.ts); null for an openEO job. */
import type { JobRecord } from "../../durable-objects/job";
import type { RunSteps } from "../jobs/run-steps";
import { runAsyncRequest } from "./async/run-async";
import { assembleBatch, runBatchTile, startBatch } from "./batch/run-batch";
import { sentinelHubOf } from "./sentinel-hub-job";
import { finishStatisticsBatch, runStatisticsChunk, startStatisticsBatch } from "./statistics-batch/run-statistics-batch";

const noChunks = async () => {
  throw new Error("an asynchronous request is computed in one invocation, and a batch statistical request's chunks are of features; neither has windowed chunks");
};

export function sentinelHubSteps(job: JobRecord): RunSteps | null {
  const request = sentinelHubOf(job);
  if (!request) return null;
  if (request.api === "async") return { run: (env, job, message, log, signal) => runAsyncRequest(env, job, request, message, log, signal), chunk: noChunks, assemble: noChunks };
  if (request.api === "statistics-batch") {
    return {
      run: (env, job, message, log) => startStatisticsBatch(env, job, request, message, log),
      chunk: noChunks,
      features: (env, job, message, signal) => runStatisticsChunk(env, job, request, message, signal),
      assemble: (env, job, message) => finishStatisticsBatch(env, job, message),
    };
  }
  return {
    run: (env, job, message, log) => startBatch(env, job, request, message, log),
    chunk: (env, job, message, signal) => runBatchTile(env, job, request, message, signal),
    assemble: (env, job, message) => assembleBatch(env, job, request, message),
  };
}

/**
 * A batch statistical request on the batch queue: its first invocation reads the features (from
 * the caller's files as they are then, kept for the run), checks them, cuts them into chunks of
 * consecutive features, stores each chunk's features in R2 beside the run and sends one message
 * per chunk; a chunk runs
 * the Statistical API request of each of its features and writes its answer into the owner's files
 * as `<folder>/<feature id>.json`; the JobDO counts the chunks, and the last one in sends the
 * assembly, which drops the stored features and finishes the job.
 */
import type { JobRecord } from "../../../durable-objects/job";
import type { Env } from "../../env";
import { OpenEOError } from "../../errors";
import type { RunLog } from "../../execution/run-log";
import { newBudget } from "../../execution/limits";
import { runEnvironment } from "../../execution/sync";
import { writeUserFile } from "../../files/write-file";
import { outcomeOf } from "../../jobs/execute-run";
import { chunkPrefix } from "../../jobs/fan-out";
import { deleteObjects, jobStub } from "../../jobs/job-store";
import type { AssembleMessage, BatchMessage, FeaturesMessage, RunMessage } from "../../jobs/messages";
import { underFolder } from "../s3-folder";
import type { SentinelHubRequest } from "../sentinel-hub-job";
import { runStatisticalRequest } from "../statistics/run-statistics";
import { featureChunks, featureRequest, parseBatchStatisticalRequest } from "./batch-statistical-request";
import type { BatchFeatures } from "./features";
import { loadFeatures } from "./load-features";

/** Queues take at most 100 messages per sendBatch. */
const SEND_BATCH = 100;
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const featuresKey = (message: RunMessage, index: number) => `${chunkPrefix(message)}${String(index).padStart(5, "0")}.features.json`;
const snapshotKey = (message: RunMessage) => `${chunkPrefix(message)}features.json`;

/**
 * The run's features, read from where the request says once per run and kept beside its chunks:
 * a redelivered first invocation plans the same chunks, whatever became of the file meanwhile.
 */
async function runFeatures(env: Env, job: JobRecord, request: SentinelHubRequest, message: RunMessage): Promise<BatchFeatures> {
  const kept = await env.RESULTS.get(snapshotKey(message));
  if (kept) return (await kept.json()) as BatchFeatures;
  const features = await loadFeatures(env, job.user_id, parseBatchStatisticalRequest(request.body, job.id));
  // Written only if still missing: of two invocations racing here, both plan from the one kept.
  if (await env.RESULTS.put(snapshotKey(message), json(features), { onlyIf: { etagDoesNotMatch: "*" } })) return features;
  const other = await env.RESULTS.get(snapshotKey(message));
  return other ? ((await other.json()) as BatchFeatures) : features;
}

export async function startStatisticsBatch(env: Env, job: JobRecord, request: SentinelHubRequest, message: RunMessage, log: RunLog): Promise<{ chunks: number }> {
  const features = await runFeatures(env, job, request, message);
  const chunks = featureChunks(request.body, features);
  const stub = jobStub(env, job.id);
  if (!(await stub.planChunks(message.run_id, chunks.length))) return { chunks: chunks.length };
  // A redelivered first invocation writes the same objects again.
  for (const [index, [first, end]] of chunks.entries()) {
    const part: BatchFeatures = { crs: features.crs, features: features.features.slice(first, end) };
    await env.RESULTS.put(featuresKey(message, index), json(part));
    // Stopped meanwhile: the stop deleted what was stored before it, this deletes the rest.
    if (!(await stub.isRunning(message.run_id))) {
      await deleteObjects(env.RESULTS, chunkPrefix(message));
      return { chunks: chunks.length };
    }
  }
  log.add("info", `${features.features.length} features in ${chunks.length} chunks of at most ${Math.max(...chunks.map(([a, b]) => b - a))} features, one queue message each.`);
  const { job_id, user_id, run_id, api_base } = message;
  const messages = chunks.map((_, index): { body: BatchMessage } => ({ body: { kind: "job.features", job_id, user_id, run_id, api_base, index } }));
  for (let at = 0; at < messages.length; at += SEND_BATCH) await env.BATCH_QUEUE.sendBatch(messages.slice(at, at + SEND_BATCH));
  return { chunks: chunks.length };
}

export async function runStatisticsChunk(env: Env, job: JobRecord, request: SentinelHubRequest, message: FeaturesMessage, signal: AbortSignal): Promise<void> {
  const stub = jobStub(env, job.id);
  if (!(await stub.enter(message.run_id, message.index))) return;
  const started = Date.now();
  const { folder } = parseBatchStatisticalRequest(request.body, job.id);
  const stored = await env.RESULTS.get(featuresKey(message, message.index));
  if (!stored) throw new OpenEOError("Internal", { message: `the features of chunk ${message.index} are missing` });
  const { crs, features } = (await stored.json()) as BatchFeatures;
  // One catalogue, its searches and its caches for the chunk's features, which lie near each other.
  const { data, stats } = runEnvironment({ env, userId: job.user_id, apiBase: message.api_base, signal });
  let written = 0;
  for (const feature of features) {
    // Each feature is a Statistical API request of its own, with that request's budget.
    const answer = await runStatisticalRequest(featureRequest(request.body, crs, feature), data, newBudget(env, "run"));
    // A request stopped meanwhile writes nothing more: asked before every write, since the
    // signal only learns of a stop at the next heartbeat.
    signal.throwIfAborted();
    if (!(await stub.isRunning(message.run_id))) return;
    written += (await writeUserFile(env, job.user_id, underFolder(folder, `${feature.id}.json`), json(answer), "application/json")).size;
  }
  const state = await stub.chunkDone(message.run_id, message.index, { seconds: (Date.now() - started) / 1000, bytesRead: stats.bytes, stripBytes: written });
  if (state === "complete") {
    const { job_id, user_id, run_id, api_base } = message;
    await env.BATCH_QUEUE.send({ kind: "job.assemble", job_id, user_id, run_id, api_base } satisfies BatchMessage);
  }
}

export async function finishStatisticsBatch(env: Env, job: JobRecord, message: AssembleMessage): Promise<void> {
  const stub = jobStub(env, job.id);
  if (!(await stub.enter(message.run_id, "assembly"))) return;
  await deleteObjects(env.RESULTS, chunkPrefix(message));
  const totals = await stub.chunkTotals(message.run_id);
  // The job's last status change was its move to running.
  const seconds = (Date.now() - Date.parse(job.updated)) / 1000;
  await stub.finish(message.run_id, outcomeOf([], { bytesRead: totals.bytesRead, seconds, cpuSeconds: totals.seconds }));
}

import type { JobRecord, RunPart } from "../../durable-objects/job";
import type { Env } from "../env";
import { OpenEOError } from "../errors";
import { RunLog } from "../execution/run-log";
import { sentinelHubSteps } from "../sentinel-hub/job-steps";
import { chunkPrefix } from "./fan-out";
import { InvocationWatch, RunStopped } from "./invocation-watch";
import { deleteObjects, jobStub, readJob, runPrefix } from "./job-store";
import { BatchMessageSchema, type BatchMessage } from "./messages";
import { runLimits } from "./run-limits";
import { OPENEO_STEPS, type RunSteps } from "./run-steps";

export const DEAD_LETTER_QUEUE = "openeo-batch-dlq";

/** Errors in the process or its data (a 4xx) end the job; anything else is retried by the queue. */
function isUsersFault(error: unknown): error is OpenEOError {
  return error instanceof OpenEOError && error.status < 500;
}

/**
 * Starts a job's run: the JobDO moves it to running (a redelivered message resumes it), and the
 * result is computed into R2 and published unless the run was canceled or replaced meanwhile
 * (then the late files are discarded) — or its chunks are sent.
 */
async function startRun(env: Env, job: JobRecord, message: BatchMessage, log: RunLog, signal: AbortSignal, execute: RunSteps["run"]): Promise<void> {
  const stub = jobStub(env, job.id);
  const begun = await stub.begin(message.run_id);
  if (!begun) return;
  if (begun === "started") await stub.log({ level: "info", message: "Batch job started." });
  const outcome = await execute(env, job, message, log, signal);
  await stub.log(...log.stored());
  if ("chunks" in outcome) return;
  if (!(await stub.finish(message.run_id, outcome))) await deleteObjects(env.RESULTS, runPrefix(job.user_id, job.id, message.run_id));
}

/** A user's error in any step ends the run in error, with what it logged up to then (inspect, warnings) to explain it. */
async function endInError(env: Env, message: BatchMessage, error: OpenEOError, log: RunLog): Promise<void> {
  const stub = jobStub(env, message.job_id);
  await stub.log(...log.stored());
  await stub.fail(message.run_id, { level: "error", code: error.code, message: error.message });
  await deleteObjects(env.RESULTS, chunkPrefix(message));
}

const partOf = (message: BatchMessage): RunPart => (message.kind === "job.run" ? "run" : message.kind === "job.assemble" ? "assembly" : message.index);

async function handle(env: Env, message: BatchMessage): Promise<void> {
  const stub = jobStub(env, message.job_id);
  const job = await readJob(stub);
  if (!job || job.user_id !== message.user_id) {
    console.warn(`batch: job ${message.job_id} of ${message.user_id} does not exist; message dropped`);
    return;
  }
  const log = new RunLog(job.log_level);
  const part = partOf(message);
  const watch = new InvocationWatch(stub, message.run_id, part, runLimits(env));
  const steps = sentinelHubSteps(job) ?? OPENEO_STEPS;
  try {
    await watch.guard(async (signal) => {
      if (message.kind === "job.run") await startRun(env, job, message, log, signal, steps.run);
      else if (message.kind === "job.chunk") await steps.chunk(env, job, message, signal);
      else if (message.kind === "job.features") {
        if (!steps.features) throw new Error(`job ${job.id}'s runs have no chunks of features`);
        await steps.features(env, job, message, signal);
      }
      else await steps.assemble(env, job, message, signal);
    });
  } catch (error) {
    // Canceled, restarted or ended meanwhile: the JobDO knows, and what this invocation wrote is discarded by whoever stopped it.
    if (error instanceof RunStopped || watch.signal.reason instanceof RunStopped) return;
    if (!isUsersFault(error)) {
      // Retried by the queue, which may be busy: the run waits for it rather than counting its silence.
      await stub.retrying(message.run_id, part).catch((cause) => console.warn(`batch: run ${message.run_id} not told of the retry`, cause));
      throw error;
    }
    await endInError(env, message, error, log);
  }
}

/** A message that exhausted its retries: its job ends in error with a concise log entry, and its pieces go. */
async function giveUp(env: Env, message: BatchMessage): Promise<void> {
  const failed = await jobStub(env, message.job_id).fail(message.run_id, {
    level: "error",
    code: "Internal",
    message: `The batch job failed repeatedly ${message.kind === "job.chunk" || message.kind === "job.features" ? `in chunk ${message.index}` : "and was given up"}; start it again or contact support.`,
  });
  if (failed) await deleteObjects(env.RESULTS, chunkPrefix(message));
}

/** The Worker's queue handler for the batch queue and its dead-letter queue. */
export async function handleBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const parsed = BatchMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      // Retrying a malformed message can never help.
      console.error(`batch: malformed message ${message.id} dropped`, parsed.error.message);
      message.ack();
      continue;
    }
    try {
      if (batch.queue === DEAD_LETTER_QUEUE) await giveUp(env, parsed.data);
      else await handle(env, parsed.data);
      message.ack();
    } catch (error) {
      console.error(`batch: message ${message.id} (${parsed.data.kind} ${parsed.data.job_id}) failed`, error);
      message.retry();
    }
  }
}

import type { Env } from "../env";
import { OpenEOError } from "../errors";
import { RunLog } from "../execution/run-log";
import { executeRun, jobLogEntries } from "./execute-run";
import { deleteObjects, jobStub, readJob, runPrefix } from "./job-store";
import { BatchMessageSchema, type BatchMessage } from "./messages";

export const DEAD_LETTER_QUEUE = "openeo-batch-dlq";

/** Errors in the process or its data (a 4xx) end the job; anything else is retried by the queue. */
function isUsersFault(error: unknown): error is OpenEOError {
  return error instanceof OpenEOError && error.status < 500;
}

/**
 * Runs a job's run: the JobDO moves it to running (a redelivered message resumes it), the result
 * is computed into R2, and the JobDO publishes it unless the run was canceled or replaced
 * meanwhile; then the late files are discarded.
 */
async function runJob(env: Env, message: BatchMessage): Promise<void> {
  const job = jobStub(env, message.job_id);
  const record = await readJob(job);
  if (!record || record.user_id !== message.user_id) {
    console.warn(`batch: job ${message.job_id} of ${message.user_id} does not exist; message dropped`);
    return;
  }
  const begun = await job.begin(message.run_id);
  if (!begun) return;
  if (begun === "started") await job.log({ level: "info", message: "Batch job started." });
  const prefix = runPrefix(record.user_id, record.id, message.run_id);
  const log = new RunLog(record.log_level);
  try {
    const outcome = await executeRun(env, record, message.run_id, message.api_base, log);
    await job.log(...jobLogEntries(log));
    if (!(await job.finish(message.run_id, outcome))) await deleteObjects(env.RESULTS, prefix);
  } catch (error) {
    if (!isUsersFault(error)) throw error;
    // What the process logged up to the failure (inspect, warnings) helps to explain it.
    await job.log(...jobLogEntries(log));
    await job.fail(message.run_id, { level: "error", code: error.code, message: error.message });
  }
}

/** A message that exhausted its retries: its job ends in error with a concise log entry. */
async function failJob(env: Env, message: BatchMessage): Promise<void> {
  await jobStub(env, message.job_id).fail(message.run_id, {
    level: "error",
    code: "Internal",
    message: "The batch job failed repeatedly and was given up; start it again or contact support.",
  });
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
      if (batch.queue === DEAD_LETTER_QUEUE) await failJob(env, parsed.data);
      else await runJob(env, parsed.data);
      message.ack();
    } catch (error) {
      console.error(`batch: message ${message.id} (${parsed.data.kind} ${parsed.data.job_id}) failed`, error);
      message.retry();
    }
  }
}

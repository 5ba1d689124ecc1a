import type { Env } from "../env";
import { jobPrefix, jobStub } from "./job-store";
import { BatchMessageSchema, type BatchMessage } from "./messages";

export const DEAD_LETTER_QUEUE = "openeo-batch-dlq";

/**
 * Starts a queued job: the JobDO moves it to running (a redelivered message finds it running
 * already and does nothing), and the run's input, the process as it was when the run started,
 * is kept beside its results in R2. Evaluation of the process graph plugs in here.
 */
async function runJob(env: Env, message: Extract<BatchMessage, { kind: "job.run" }>): Promise<void> {
  const job = jobStub(env, message.job_id);
  const record = await job.get();
  if (!record || record.user_id !== message.user_id) {
    console.warn(`batch: job ${message.job_id} of ${message.user_id} does not exist; message dropped`);
    return;
  }
  if (!(await job.transition("running", 0))) return;
  await env.RESULTS.put(`${jobPrefix(record.user_id, record.id)}process.json`, JSON.stringify(record.process), {
    httpMetadata: { contentType: "application/json" },
  });
  await job.log({ level: "info", message: "Batch job started." });
}

/** A message that exhausted its retries: its job ends in error with a concise log entry. */
async function failJob(env: Env, message: BatchMessage): Promise<void> {
  const job = jobStub(env, message.job_id);
  if (await job.transition("error")) {
    await job.log({
      level: "error",
      code: "Internal",
      message: "The batch job failed repeatedly and was given up; start it again or contact support.",
    });
  }
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

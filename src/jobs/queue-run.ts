import type { JobRecord } from "../../durable-objects/job";
import type { Env } from "../env";
import { deleteObjects, jobStub, runPrefix } from "./job-store";

/**
 * Starts a new run of a job and sends its first message; answers false when a run was queued or
 * running already (starting is then a no-op). The previous run's results are discarded.
 */
export async function queueRun(env: Env, job: Pick<JobRecord, "id" | "user_id">, apiBase: string): Promise<boolean> {
  const stub = jobStub(env, job.id);
  const started = await stub.start();
  if (!started) return false;
  if (started.previous) await deleteObjects(env.RESULTS, runPrefix(job.user_id, job.id, started.previous));
  try {
    await env.BATCH_QUEUE.send({ kind: "job.run", job_id: job.id, user_id: job.user_id, run_id: started.run, api_base: apiBase });
  } catch (error) {
    // Without its message the run would stay queued for ever: the job is as it was before the start.
    await stub.unqueue(started.run);
    throw error;
  }
  return true;
}

import type { JobRecord } from "../../durable-objects/job";
import type { Env } from "../env";
import { OpenEOError } from "../errors";

/** The JobDO of a job id; job ids are unique across users. */
export function jobStub(env: Env, jobId: string) {
  return env.JOBS.get(env.JOBS.idFromName(jobId));
}

/** Where a job's objects live in the RESULTS bucket. */
export function jobPrefix(userId: string, jobId: string): string {
  return `jobs/${userId}/${jobId}/`;
}

/** Where the files of one run live: runs never share keys, so a late run can't overwrite a newer one's results. */
export function runPrefix(userId: string, jobId: string, runId: string): string {
  return `${jobPrefix(userId, jobId)}runs/${runId}/`;
}

/** Deletes every object under a prefix (R2 lists and deletes at most 1000 keys at a time). */
export async function deleteObjects(bucket: R2Bucket, prefix: string): Promise<void> {
  let cursor: string | undefined;
  do {
    const listing = await bucket.list({ prefix, ...(cursor ? { cursor } : {}) });
    if (listing.objects.length > 0) await bucket.delete(listing.objects.map((o) => o.key));
    cursor = listing.truncated ? listing.cursor : undefined;
  } while (cursor);
}

/**
 * A job's record, or null. Typed as the plain record it is: comparing the RPC wrapper's type
 * with JobRecord exceeds the compiler's instantiation depth.
 */
export async function readJob(stub: ReturnType<typeof jobStub>): Promise<JobRecord | null> {
  return (await stub.get()) as unknown as JobRecord | null;
}

/** A user's job; another user's job, like a missing one, is JobNotFound. */
export async function ownJob(env: Env, userId: string, jobId: string) {
  const stub = jobStub(env, jobId);
  const job = await readJob(stub);
  if (!job || job.user_id !== userId) throw new OpenEOError("JobNotFound", { identifier: jobId });
  return { stub, job };
}

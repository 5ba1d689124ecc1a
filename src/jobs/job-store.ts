import type { Env } from "../env";

/** The JobDO of a job id; job ids are unique across users. */
export function jobStub(env: Env, jobId: string) {
  return env.JOBS.get(env.JOBS.idFromName(jobId));
}

/** Where a job's objects live in the RESULTS bucket. */
export function jobPrefix(userId: string, jobId: string): string {
  return `jobs/${userId}/${jobId}/`;
}

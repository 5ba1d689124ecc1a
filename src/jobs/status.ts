/** The batch job status machine of the openEO API. */
export type JobStatus = "created" | "queued" | "running" | "canceled" | "finished" | "error";

const TRANSITIONS: Record<JobStatus, readonly JobStatus[]> = {
  created: ["queued"],
  // A message given up before its run began fails the job straight from the queue.
  queued: ["running", "canceled", "error"],
  running: ["finished", "error", "canceled"],
  // A job that ended may be started again.
  finished: ["queued"],
  error: ["queued"],
  canceled: ["queued"],
};

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Queued and running jobs may not be modified (JobLocked). */
export function isLocked(status: JobStatus): boolean {
  return status === "queued" || status === "running";
}

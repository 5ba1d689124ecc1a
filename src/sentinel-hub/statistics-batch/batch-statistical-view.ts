/**
 * A batch statistical request as Sentinel Hub shows it, read from its job: the status (CREATED,
 * ANALYSIS_DONE, PROCESSING, DONE, FAILED, STOPPED), how far it got, the user's last action and
 * the request as given. Analysis checks the features at once when asked for, so ANALYSING is never
 * seen; one failed feature fails the request, so PARTIAL is not reached.
 */
import type { JobRecord } from "../../../durable-objects/job";
import { batchStatus } from "../batch/batch-view";
import type { SentinelHubRequest } from "../sentinel-hub-job";

export type BatchStatisticalStatus = "CREATED" | "ANALYSING" | "ANALYSIS_DONE" | "PROCESSING" | "DONE" | "FAILED" | "STOPPED" | "PARTIAL";

/** The Batch Processing API's status of the job, but STOPPED where that says CANCELED. */
export function batchStatisticalStatus(job: Pick<JobRecord, "status">, request: SentinelHubRequest): BatchStatisticalStatus {
  const status = batchStatus(job, request);
  return status === "CANCELED" ? "STOPPED" : status;
}

/** The JobDO's progress reaches 90 % when the last chunk is in (the assembly is the rest); here the chunks are the work. */
function completion(job: Pick<JobRecord, "progress">, status: BatchStatisticalStatus): number {
  if (status === "DONE") return 100;
  if (status === "CREATED" || status === "ANALYSIS_DONE") return 0;
  return Math.min(99, Math.round(((job.progress ?? 0) * 100) / 90));
}

/** The status without the request, as GET .../{id}/status answers it. */
export function batchStatisticalStatusView(job: JobRecord, request: SentinelHubRequest, error: string | null) {
  const status = batchStatisticalStatus(job, request);
  return {
    id: job.id,
    status,
    completionPercentage: completion(job, status),
    lastUpdated: job.updated,
    created: job.created,
    userAction: request.userAction ?? "NONE",
    userActionUpdated: request.userActionUpdated ?? job.created,
    ...(status === "STOPPED" ? { stoppedStatusReason: "USER_ACTION" as const } : {}),
    ...(error === null ? {} : { error }),
  };
}

export function batchStatisticalView(job: JobRecord, request: SentinelHubRequest, error: string | null) {
  return { ...batchStatisticalStatusView(job, request, error), request: request.body };
}

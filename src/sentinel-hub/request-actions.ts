/**
 * What the batch and batch statistical APIs do alike with a request's job: show the error of a
 * failed one, and record the user's actions on it.
 */
import type { JobRecord } from "../../durable-objects/job";
import type { Env } from "../env";
import { jobStub } from "../jobs/job-store";
import { SENTINEL_HUB, type SentinelHubRequest } from "./sentinel-hub-job";

/** The error of a failed request: its job's last error log entry; null for any other. */
export async function requestError(env: Env, job: JobRecord): Promise<string | null> {
  return job.status === "error" ? ((await jobStub(env, job.id).logs({ level: "error" })).at(-1)?.message ?? "The request failed.") : null;
}

/** Records the user's action (and, for analyse and start, the analysis); false when the request is being processed. */
export async function recordAction(env: Env, id: string, request: SentinelHubRequest, action: NonNullable<SentinelHubRequest["userAction"]>): Promise<boolean> {
  const stopping = action === "CANCEL" || action === "STOP";
  const next: SentinelHubRequest = { ...request, userAction: action, userActionUpdated: new Date().toISOString(), ...(stopping ? {} : { analysed: true }) };
  return (await jobStub(env, id).update({ extra: { [SENTINEL_HUB]: next } })) === "updated";
}

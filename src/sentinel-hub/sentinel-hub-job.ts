/**
 * A Sentinel Hub asynchronous, batch or batch statistical request runs as a batch job on the openEO machinery
 * (JobDO, the batch queue, the watchdog): the request's body is kept as given in the job's
 * back-end properties (`sentinel_hub`), and the consumer runs the job with Sentinel Hub's steps
 * instead of evaluating a process graph. The job's process only says so, for GET /jobs.
 */
import type { JobRecord } from "../../durable-objects/job";
import { OpenEOError } from "../errors";
import { isLocked } from "../jobs/status";

export type SentinelHubApi = "async" | "batch" | "statistics-batch";
const APIS: readonly SentinelHubApi[] = ["async", "batch", "statistics-batch"];

export interface SentinelHubRequest {
  api: SentinelHubApi;
  /** The request's body, parsed again where it runs (parsing is pure and cheap). */
  body: Record<string, unknown>;
  /** Batch: analysed (its tiles, or features, counted), as POST .../analyse or .../start leave it. */
  analysed?: boolean;
  /** Batch: the number of tiles, recorded when analysed. */
  tileCount?: number;
  userAction?: "NONE" | "ANALYSE" | "START" | "CANCEL" | "STOP";
  userActionUpdated?: string;
  /** Batch: the tiles that failed in a run that processed others (the request is PARTIAL). */
  failedTiles?: number;
}

export const SENTINEL_HUB = "sentinel_hub";

export const TITLES: Record<SentinelHubApi, string> = {
  async: "Sentinel Hub asynchronous request",
  batch: "Sentinel Hub batch request",
  "statistics-batch": "Sentinel Hub batch statistical request",
};

/** The job's process: a description of the request it carries (no graph to evaluate). */
export function jobProcess(api: SentinelHubApi): Record<string, unknown> {
  return { summary: TITLES[api], description: `A ${TITLES[api]}, run by the back-end's Sentinel Hub steps; its body is the job's \`${SENTINEL_HUB}.body\`.`, process_graph: {} };
}

/** The Sentinel Hub request a job carries, or null for an openEO job. */
export function sentinelHubOf(job: Pick<JobRecord, "extra">): SentinelHubRequest | null {
  const value = job.extra[SENTINEL_HUB] as SentinelHubRequest | undefined;
  return value && APIS.includes(value.api) ? value : null;
}

/** Where each API's requests are started, canceled and deleted. */
const ROUTES: Record<SentinelHubApi, string> = { async: "/api/v1/async/process", batch: "/api/v1/batch/process", "statistics-batch": "/api/v1/statistics/batch" };

/**
 * openEO's job endpoints may read a job that carries a Sentinel Hub request but not change, start,
 * cancel or delete it: the request's own API does that, with its checks. The one exception is
 * deleting an asynchronous request that ended, which Sentinel Hub's API has no way to do.
 */
export function refuseOpenEOChange(job: Pick<JobRecord, "extra" | "status">, action: "modify" | "start" | "cancel" | "delete"): void {
  const request = sentinelHubOf(job);
  if (!request || (action === "delete" && request.api === "async" && !isLocked(job.status))) return;
  const message = `The job is a ${TITLES[request.api]}: it can't be ${action === "modify" ? "modified" : action === "start" ? "started" : action === "cancel" ? "canceled" : "deleted"} through /jobs; use ${ROUTES[request.api]}.`;
  throw new OpenEOError("RequestInvalid", { target: "job", reason: message }, { message });
}

/** POST /jobs keeps unknown properties as given, but not this one: only the Sentinel Hub APIs create such jobs. */
export function refuseSentinelHubProperty(extra: Record<string, unknown>): void {
  if (!(SENTINEL_HUB in extra)) return;
  const message = `'${SENTINEL_HUB}' is reserved for requests of the Sentinel Hub APIs.`;
  throw new OpenEOError("RequestInvalid", { target: "body", reason: message }, { message });
}

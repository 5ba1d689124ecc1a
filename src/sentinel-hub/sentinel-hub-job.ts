/**
 * A Sentinel Hub asynchronous, batch or batch statistical request runs as a batch job on the openEO machinery
 * (JobDO, the batch queue, the watchdog): the request's body is kept as given in the job's
 * back-end properties (`sentinel_hub`), and the consumer runs the job with Sentinel Hub's steps
 * instead of evaluating a process graph. The job's process only says so, for GET /jobs.
 */
import type { JobRecord } from "../../durable-objects/job";

export type SentinelHubApi = "async" | "batch" | "statistics-batch";
const APIS: readonly SentinelHubApi[] = ["async", "batch", "statistics-batch"];

export interface SentinelHubRequest {
  api: SentinelHubApi;
  /** The request's body, parsed again where it runs (parsing is pure and cheap). */
  body: Record<string, unknown>;
  /** Batch: analysed (its tiles, or features, counted), as POST .../analyse or .../start leave it. */
  analysed?: boolean;
  userAction?: "NONE" | "ANALYSE" | "START" | "CANCEL" | "STOP";
  userActionUpdated?: string;
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

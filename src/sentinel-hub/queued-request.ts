/**
 * Creating and reading the batch jobs that carry Sentinel Hub requests (sentinel-hub-job.ts), for
 * the asynchronous, batch and batch statistical APIs.
 */
import type { JobRecord } from "../../durable-objects/job";
import type { Env } from "../env";
import { OpenEOError } from "../errors";
import { jobStub, readJob } from "../jobs/job-store";
import { MAX_PROCESS_BYTES } from "../udp/process-record";
import { jobProcess, SENTINEL_HUB, sentinelHubOf, TITLES, type SentinelHubApi, type SentinelHubRequest } from "./sentinel-hub-job";

/** A body to keep in a job's record, a Durable Object row (2 MB), fits as a stored process does. */
export function checkKeptBody(body: Record<string, unknown>): void {
  if (new TextEncoder().encode(JSON.stringify(body)).byteLength > MAX_PROCESS_BYTES) throw new OpenEOError("PayloadTooLarge", { limit: MAX_PROCESS_BYTES });
}

/** Creates the job of a request already checked (with `id` when the caller stored something under it first); answers its id. */
export async function createRequestJob(env: Env, userId: string, api: SentinelHubApi, body: Record<string, unknown>, description: string | null = null, id: string = crypto.randomUUID()): Promise<string> {
  checkKeptBody(body);
  const request: SentinelHubRequest = { api, body, ...(api !== "async" ? { userAction: "NONE" as const, userActionUpdated: new Date().toISOString() } : {}) };
  await jobStub(env, id).create({ id, user_id: userId, title: TITLES[api], description, process: jobProcess(api), extra: { [SENTINEL_HUB]: request } });
  return id;
}

/** The user's request of this API and its job; anything else (another user's, an openEO job, none) is 404. */
export async function ownRequest(env: Env, userId: string, api: SentinelHubApi, id: string): Promise<{ job: JobRecord; request: SentinelHubRequest }> {
  const job = await readJob(jobStub(env, id));
  const request = job && job.user_id === userId ? sentinelHubOf(job) : null;
  if (!job || !request || request.api !== api) throw new OpenEOError("NotFound", {}, { message: `There is no ${TITLES[api]} '${id}'.` });
  return { job, request };
}

/**
 * A user's batch (or batch statistical) requests, oldest first, for GET /api/v1/batch/process (and
 * /api/v1/statistics/batch): their jobs are found among the user's jobs (whose summaries carry the
 * API's title), a bounded number of summaries scanned per page; the viewtoken is the key of the last summary scanned.
 */
import type { JobRecord } from "../../../durable-objects/job";
import { sortKey } from "../../../durable-objects/summary-index";
import { userStub } from "../../api/user-store";
import type { Env } from "../../env";
import { decodePageToken, encodePageToken } from "../../files/page-token";
import { jobStub, readJob } from "../../jobs/job-store";
import { badRequest } from "../process-request";
import { sentinelHubOf, TITLES, type SentinelHubApi } from "../sentinel-hub-job";

/** Summaries read for one page at most, so that a user with many openEO jobs gets short pages rather than a slow one. */
const MAX_SCAN = 1000;
const SCAN_PAGE = 100;

export async function listBatchRequests(env: Env, userId: string, count: number, token: string | undefined, api: SentinelHubApi = "batch"): Promise<{ jobs: JobRecord[]; next: string | null }> {
  const user = userStub(env, userId);
  const cursor = token === undefined ? undefined : decodePageToken(token);
  // Our tokens only page forward; any other would silently start the list again.
  if (cursor && !("after" in cursor)) throw badRequest("viewtoken is not a token of this list.");
  let after = cursor?.after;
  const jobs: JobRecord[] = [];
  let scanned = 0;
  for (;;) {
    const page = await user.listJobs({ limit: SCAN_PAGE, ...(after === undefined ? {} : { after }) });
    for (const [i, summary] of page.entries.entries()) {
      after = sortKey(summary);
      scanned++;
      if (summary.title === TITLES[api]) {
        const job = await readJob(jobStub(env, summary.id));
        if (job && sentinelHubOf(job)?.api === api) jobs.push(job);
      }
      const more = i < page.entries.length - 1 || page.hasNext;
      if (jobs.length === count || scanned >= MAX_SCAN) return { jobs, next: more ? encodePageToken({ after }) : null };
    }
    if (!page.hasNext || page.entries.length === 0) return { jobs, next: null };
  }
}

import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { JobRecord } from "../../durable-objects/job";
import type { AppEnv } from "../app-env";
import { requireAuth } from "../auth/middleware";
import { OpenEOError } from "../errors";
import { decodePageToken } from "../files/page-token";
import { sortKey } from "../../durable-objects/summary-index";
import { deleteObjects, jobPrefix, jobStub, ownJob } from "../jobs/job-store";
import { resultsUrl } from "../jobs/results-document";
import { jobResultLinksApi } from "./job-result-links";
import { jobRunsApi } from "./job-runs";
import { requireJsonBody } from "./middleware/json-body";
import { checkStoredProcess } from "./stored-process";
import { keysetLinks, PagingQuerySchema } from "./paging";
import { BatchJobSchema, JobListSchema, JobRequestSchema, JobUpdateSchema } from "./schemas/jobs";
import { bearerSecurity, errorResponses, jsonResponse, type Link } from "./schemas/common";
import { userStub } from "./user-store";
import { apiBaseOf } from "./version";
import { FREE_PLAN, planOf, requestedPlan } from "./billing";
import { refuseOpenEOChange, refuseSentinelHubProperty } from "../sentinel-hub/sentinel-hub-job";

const JobParams = z.object({ job_id: z.string().openapi({ description: "Identifier of the batch job." }) });
const common = { tags: ["Batch Jobs"], security: bearerSecurity, middleware: [requireAuth] };
const json = <T extends z.ZodType>(schema: T) => ({ required: true, content: { "application/json": { schema } } });

const listRoute = createRoute({
  ...common,
  method: "get",
  path: "/jobs",
  summary: "List all batch jobs",
  request: {
    query: z.object({
      limit: PagingQuerySchema.shape.limit,
      page: z.string().optional().openapi({ description: "Opaque position of the page, as given by next/prev links." }),
    }),
  },
  responses: jsonResponse(JobListSchema, "The user's jobs, oldest first, without their processes."),
});
const createJobRoute = createRoute({
  ...common,
  method: "post",
  path: "/jobs",
  summary: "Create a new batch job",
  middleware: [requireAuth, requireJsonBody] as const,
  request: { body: json(JobRequestSchema) },
  responses: { 201: { description: "The job has been created; nothing runs yet." }, ...errorResponses },
});
const byId = { ...common, path: "/jobs/{job_id}", request: { params: JobParams } };
const getRoute = createRoute({ ...byId, method: "get", summary: "Full metadata for a batch job", responses: jsonResponse(BatchJobSchema, "The job with its process.") });
const updateRoute = createRoute({
  ...byId,
  method: "patch",
  summary: "Modify a batch job",
  middleware: [requireAuth, requireJsonBody] as const,
  request: { ...byId.request, body: json(JobUpdateSchema) },
  responses: { 204: { description: "The changes have been applied." }, ...errorResponses },
});
const deleteRoute = createRoute({
  ...byId,
  method: "delete",
  summary: "Delete a batch job",
  responses: { 204: { description: "The job, its logs and its results have been deleted; a run has been canceled." }, ...errorResponses },
});

/** The full job as GET /jobs/{id} shows it: the user's additional properties first, so they can't hide ours. */
function describeJob(job: JobRecord, base: string) {
  const { extra, user_id: _owner, run: _run, outcome, ...fields } = job;
  const links: Link[] = [{ rel: "monitor", href: `${base}/jobs/${encodeURIComponent(job.id)}/logs`, type: "application/json", title: "Batch job logs" }];
  if (job.status === "finished") links.push({ rel: "result", href: resultsUrl(base, job.id), type: "application/json", title: "Batch job results" });
  return { ...extra, ...fields, plan: planOf(job), costs: outcome?.costs ?? null, ...(outcome ? { usage: outcome.usage } : {}), links };
}

export const jobsApi = new OpenAPIHono<AppEnv>()
  .openapi(listRoute, async (c) => {
    const { limit, page } = c.req.valid("query");
    const cursor = page === undefined ? {} : decodePageToken(page);
    const listing = await userStub(c.env, c.var.user!.user_id).listJobs({ limit, ...cursor });
    const links = keysetLinks(c.req.url, limit, listing, sortKey);
    return c.json({ jobs: listing.entries, links }, 200);
  })
  .openapi(createJobRoute, async (c) => {
    const { title, description, process, plan, budget, log_level, ...extra } = c.req.valid("json");
    refuseSentinelHubProperty(extra);
    const chosen = requestedPlan(plan) ?? FREE_PLAN;
    await checkStoredProcess(c, process);
    const id = crypto.randomUUID();
    await jobStub(c.env, id).create({ id, user_id: c.var.user!.user_id, title, description, process, plan: chosen, budget, log_level, extra });
    return c.body(null, 201, { Location: `${apiBaseOf(c.req.url)}/jobs/${id}`, "OpenEO-Identifier": id });
  })
  .openapi(getRoute, async (c) => {
    const { job } = await ownJob(c.env, c.var.user!.user_id, c.req.valid("param").job_id);
    return c.json(describeJob(job, apiBaseOf(c.req.url)), 200);
  })
  .openapi(updateRoute, async (c) => {
    const id = c.req.valid("param").job_id;
    const { stub, job } = await ownJob(c.env, c.var.user!.user_id, id);
    refuseOpenEOChange(job, "modify");
    const patch = c.req.valid("json");
    const { plan, ...changes } = patch;
    const chosen = requestedPlan(plan);
    if (patch.process) await checkStoredProcess(c, patch.process);
    // A null plan, like an omitted one, leaves the stored plan as it is.
    const result = await stub.update({ ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)), ...(chosen ? { plan: chosen } : {}) });
    if (result === "locked") throw new OpenEOError("JobLocked");
    if (result === "missing") throw new OpenEOError("JobNotFound", { identifier: id });
    return c.body(null, 204);
  })
  .openapi(deleteRoute, async (c) => {
    const { stub, job } = await ownJob(c.env, c.var.user!.user_id, c.req.valid("param").job_id);
    refuseOpenEOChange(job, "delete");
    // Canceled and forgotten first: a run finishing meanwhile finds no job and discards its files.
    await stub.cancel();
    await stub.destroy();
    await deleteObjects(c.env.RESULTS, jobPrefix(job.user_id, job.id));
    return c.body(null, 204);
  })
  .route("/", jobRunsApi)
  .route("/", jobResultLinksApi);

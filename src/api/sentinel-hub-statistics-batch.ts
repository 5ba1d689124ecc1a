/**
 * Sentinel Hub's Batch Statistical API: the Statistical API over every feature of a GeoJSON
 * FeatureCollection, each feature's answer written into the caller's files as
 * `<output.s3.url>/<feature id>.json`, run as a batch job whose queue chunks are ranges of
 * features. Requests are created, analysed (their features checked), started and stopped.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { requireAuth } from "../auth/middleware";
import { runEnvironment } from "../execution/sync";
import { deleteObjects, jobStub, runPrefix } from "../jobs/job-store";
import { queueRun } from "../jobs/queue-run";
import { listBatchRequests } from "../sentinel-hub/batch/batch-list";
import { badRequest } from "../sentinel-hub/process-request";
import { checkKeptBody, createRequestJob, ownRequest } from "../sentinel-hub/queued-request";
import { recordAction, requestError } from "../sentinel-hub/request-actions";
import { sentinelHubOf } from "../sentinel-hub/sentinel-hub-job";
import { checkScript, featureChunks, parseBatchStatisticalRequest, storedBatchStatisticalBody } from "../sentinel-hub/statistics-batch/batch-statistical-request";
import { batchStatisticalStatus, batchStatisticalStatusView, batchStatisticalView } from "../sentinel-hub/statistics-batch/batch-statistical-view";
import type { BatchFeatures } from "../sentinel-hub/statistics-batch/features";
import { loadFeatures, storedFeaturesKey } from "../sentinel-hub/statistics-batch/load-features";
import { checkOutputFolder } from "../sentinel-hub/statistics-batch/output-folder";
import { MAX_COUNT, viewLinks, ViewQuerySchema } from "../sentinel-hub/view-page";
import { requireJsonBody } from "./middleware/json-body";
import { bearerSecurity, errorResponses, jsonResponse } from "./schemas/common";
import { apiBaseOf } from "./version";

const common = { tags: ["Sentinel Hub"], security: bearerSecurity, middleware: [requireAuth] };
const StatusSchema = z.record(z.string(), z.unknown()).openapi("SentinelHubBatchStatisticalStatus", {
  description: "{id, status, completionPercentage, lastUpdated, created, userAction, userActionUpdated, stoppedStatusReason, error}",
});
const RequestSchema = z.record(z.string(), z.unknown()).openapi("SentinelHubBatchStatisticalRequest", { description: "The status and the request as given (`request`)." });
const Params = z.object({ requestId: z.string().openapi({ description: "The batch statistical request's id." }) });
const byId = { ...common, request: { params: Params } };
const noContent = (description: string) => ({ 204: { description }, ...errorResponses });
const PATH = "/api/v1/statistics/batch";

const createRequestRoute = createRoute({
  ...common,
  method: "post",
  path: PATH,
  summary: "Submit a batch statistical request",
  middleware: [requireAuth, requireJsonBody] as const,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.record(z.string(), z.unknown()).openapi("SentinelHubBatchStatisticalBody", {
            description: "input (features: s3.url of a GeoJSON FeatureCollection in your files, or geojson; data), aggregation and calculations as the Statistical API's, output.s3.url.",
          }),
        },
      },
    },
  },
  responses: { 201: { description: "The request, CREATED.", content: { "application/json": { schema: RequestSchema } } }, ...errorResponses },
});
const listRoute = createRoute({
  ...common,
  method: "get",
  path: PATH,
  summary: "The caller's batch statistical requests",
  request: { query: ViewQuerySchema },
  responses: jsonResponse(z.object({ data: z.array(RequestSchema), links: z.record(z.string(), z.unknown()) }), "The requests, oldest first."),
});
const getRoute = createRoute({ ...byId, method: "get", path: `${PATH}/{requestId}`, summary: "One batch statistical request", responses: jsonResponse(RequestSchema, "The request and its status.") });
const statusRoute = createRoute({ ...byId, method: "get", path: `${PATH}/{requestId}/status`, summary: "The status of a batch statistical request", responses: jsonResponse(StatusSchema, "Its status.") });
const analyseRoute = createRoute({ ...byId, method: "post", path: `${PATH}/{requestId}/analyse`, summary: "Analyse a batch statistical request: check its features", responses: noContent("ANALYSIS_DONE.") });
const startRoute = createRoute({ ...byId, method: "post", path: `${PATH}/{requestId}/start`, summary: "Start processing a batch statistical request", responses: noContent("PROCESSING: its features are queued.") });
const stopRoute = createRoute({ ...byId, method: "post", path: `${PATH}/{requestId}/stop`, summary: "Stop a batch statistical request being processed", responses: noContent("STOPPED: features not yet processed will not be.") });

async function own(c: Context<AppEnv>, id: string) {
  return ownRequest(c.env, c.var.user!.user_id, "statistics-batch", id);
}

/** The features read, every feature's Statistical API request and the output folder checked, as they are now (`job`: of the request that job keeps). */
async function analyse(c: Context<AppEnv>, body: Record<string, unknown>, job?: string): Promise<BatchFeatures> {
  const request = parseBatchStatisticalRequest(body, job);
  const features = await loadFeatures(c.env, c.var.user!.user_id, request);
  featureChunks(body, features);
  await checkOutputFolder(c.env, c.var.user!.user_id, request.folder);
  return features;
}

export const sentinelHubStatisticsBatchApi = new OpenAPIHono<AppEnv>()
  .openapi(createRequestRoute, async (c) => {
    const body = c.req.valid("json");
    const userId = c.var.user!.user_id;
    const given = parseBatchStatisticalRequest(body);
    // The body as kept, its size checked before any work on the features.
    const kept = storedBatchStatisticalBody(body);
    checkKeptBody(kept);
    // Checked before the request is accepted: where it reads and writes, every feature's request, and the evalscript with the calculations.
    const features = await analyse(c, body);
    await checkScript(body, features, runEnvironment({ env: c.env, userId, apiBase: apiBaseOf(c.req.url), signal: c.req.raw.signal }).data);
    const id = crypto.randomUUID();
    // Inline features are kept in R2, not in the job's row, which every call to its Durable Object reads.
    if ("geojson" in given.features) await c.env.RESULTS.put(storedFeaturesKey(userId, id), JSON.stringify(given.features.geojson));
    try {
      await createRequestJob(c.env, userId, "statistics-batch", kept, null, id);
    } catch (error) {
      await c.env.RESULTS.delete(storedFeaturesKey(userId, id));
      throw error;
    }
    const { job, request } = await own(c, id);
    return c.json(batchStatisticalView(job, request, null), 201);
  })
  .openapi(listRoute, async (c) => {
    const query = c.req.valid("query");
    const { jobs, next } = await listBatchRequests(c.env, c.var.user!.user_id, query.count ?? MAX_COUNT, query.viewtoken, "statistics-batch");
    const data = await Promise.all(jobs.map(async (job) => batchStatisticalView(job, sentinelHubOf(job)!, await requestError(c.env, job))));
    return c.json({ data, links: viewLinks(c.req.url, query.viewtoken, next) }, 200);
  })
  .openapi(getRoute, async (c) => {
    const { job, request } = await own(c, c.req.valid("param").requestId);
    return c.json(batchStatisticalView(job, request, await requestError(c.env, job)), 200);
  })
  .openapi(statusRoute, async (c) => {
    const { job, request } = await own(c, c.req.valid("param").requestId);
    return c.json(batchStatisticalStatusView(job, request, await requestError(c.env, job)), 200);
  })
  .openapi(analyseRoute, async (c) => {
    const id = c.req.valid("param").requestId;
    const { job, request } = await own(c, id);
    const status = batchStatisticalStatus(job, request);
    if (status !== "CREATED" && status !== "ANALYSIS_DONE") throw badRequest(`The batch statistical request is ${status}; only a CREATED request can be analysed.`);
    if (status === "CREATED") {
      await analyse(c, request.body, id);
      if (!(await recordAction(c.env, id, request, "ANALYSE"))) throw badRequest("The batch statistical request is being processed.");
    }
    return c.body(null, 204);
  })
  .openapi(startRoute, async (c) => {
    const id = c.req.valid("param").requestId;
    const { job, request } = await own(c, id);
    const status = batchStatisticalStatus(job, request);
    if (status !== "CREATED" && status !== "ANALYSIS_DONE" && status !== "STOPPED") {
      throw badRequest(`The batch statistical request is ${status}; only a CREATED, ANALYSIS_DONE or STOPPED request can be started.`);
    }
    await checkOutputFolder(c.env, job.user_id, parseBatchStatisticalRequest(request.body, id).folder);
    if (!(await recordAction(c.env, id, request, "START")) || !(await queueRun(c.env, job, apiBaseOf(c.req.url)))) throw badRequest("The batch statistical request is being processed already.");
    return c.body(null, 204);
  })
  .openapi(stopRoute, async (c) => {
    const id = c.req.valid("param").requestId;
    const { job, request } = await own(c, id);
    const status = batchStatisticalStatus(job, request);
    const run = status === "PROCESSING" ? await jobStub(c.env, id).cancel() : null;
    if (run === null) throw badRequest(`The batch statistical request is ${status}; only a request being processed can be stopped.`);
    await recordAction(c.env, id, request, "STOP");
    // The run's stored features: chunks still to come are dropped before they read them.
    await deleteObjects(c.env.RESULTS, runPrefix(job.user_id, id, run));
    return c.body(null, 204);
  });

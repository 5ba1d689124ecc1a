/**
 * Sentinel Hub's Batch Processing API: a Process API request over an area cut into the tiles of a
 * tiling grid, each tile a queue chunk of a batch job, written as COGs (and a STAC Item) into the
 * caller's files, with a STAC Collection of the tiles. Requests are created, analysed (their tiles
 * listed), started and canceled; their tiles have a status each (sentinel-hub-batch-tiles.ts).
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { JobRecord } from "../../durable-objects/job";
import type { AppEnv } from "../app-env";
import { requireAuth } from "../auth/middleware";
import { runEnvironment } from "../execution/sync";
import { deleteObjects, jobPrefix, jobStub } from "../jobs/job-store";
import { queueRun } from "../jobs/queue-run";
import { acceptedTiles, parseBatchRequest, requestTiles } from "../sentinel-hub/batch/batch-request";
import { listBatchRequests } from "../sentinel-hub/batch/batch-list";
import { batchStatus, batchView } from "../sentinel-hub/batch/batch-view";
import { badRequest } from "../sentinel-hub/process-request";
import { createRequestJob, ownRequest } from "../sentinel-hub/queued-request";
import { checkedSetup } from "../sentinel-hub/run-process-request";
import { SENTINEL_HUB, sentinelHubOf, type SentinelHubRequest } from "../sentinel-hub/sentinel-hub-job";
import { requestError } from "../sentinel-hub/request-actions";
import { MAX_COUNT, viewLinks, ViewQuerySchema } from "../sentinel-hub/view-page";
import { requireJsonBody } from "./middleware/json-body";
import { bearerSecurity, errorResponses, jsonResponse } from "./schemas/common";
import { sentinelHubBatchTilesApi } from "./sentinel-hub-batch-tiles";
import { sentinelHubTilingGridsApi } from "./sentinel-hub-tiling-grids";
import { apiBaseOf } from "./version";

const common = { tags: ["Sentinel Hub"], security: bearerSecurity, middleware: [requireAuth] };
const RequestSchema = z.record(z.string(), z.unknown()).openapi("SentinelHubBatchRequest", {
  description: "{id, userId, created, processRequest, tilingGrid, output or bucketName, description, tileCount, tileWidthPx, tileHeightPx, userAction, userActionUpdated, status, error}",
});
const Params = z.object({ requestId: z.string().openapi({ description: "The batch request's id." }) });
const byId = { ...common, request: { params: Params } };
const noContent = (description: string) => ({ 204: { description }, ...errorResponses });

const createRequestRoute = createRoute({
  ...common,
  method: "post",
  path: "/api/v1/batch/process",
  summary: "Submit a batch processing request",
  middleware: [requireAuth, requireJsonBody] as const,
  request: { body: { required: true, content: { "application/json": { schema: z.record(z.string(), z.unknown()).openapi("SentinelHubBatchProcessRequest", { description: "processRequest, tilingGrid {id, resolution, bufferX?, bufferY?}, output.defaultTilePath or bucketName, description." }) } } } },
  responses: { 201: { description: "The request, CREATED.", content: { "application/json": { schema: RequestSchema } } }, ...errorResponses },
});
const listRoute = createRoute({
  ...common,
  method: "get",
  path: "/api/v1/batch/process",
  summary: "The caller's batch processing requests",
  request: { query: ViewQuerySchema },
  responses: jsonResponse(z.object({ data: z.array(RequestSchema), links: z.record(z.string(), z.unknown()) }), "The requests, oldest first."),
});
const getRoute = createRoute({ ...byId, method: "get", path: "/api/v1/batch/process/{requestId}", summary: "One batch processing request", responses: jsonResponse(RequestSchema, "The request and its status.") });
const deleteRoute = createRoute({ ...byId, method: "delete", path: "/api/v1/batch/process/{requestId}", summary: "Delete a batch request that is not being processed and has no processed tiles", responses: noContent("Deleted.") });
const analyseRoute = createRoute({ ...byId, method: "post", path: "/api/v1/batch/process/{requestId}/analyse", summary: "Analyse a batch request: list its tiles", responses: noContent("Analysed: ANALYSIS_DONE, with its tile count.") });
const startRoute = createRoute({ ...byId, method: "post", path: "/api/v1/batch/process/{requestId}/start", summary: "Start processing a batch request", responses: noContent("PROCESSING: its tiles are queued.") });
const cancelRoute = createRoute({ ...byId, method: "post", path: "/api/v1/batch/process/{requestId}/cancel", summary: "Cancel a batch request being processed", responses: noContent("CANCELED: tiles not yet processed will not be.") });

/** A request as shown, with the error of a failed one: its last error log entry. */
async function viewOf(c: Context<AppEnv>, job: JobRecord, request: SentinelHubRequest) {
  return batchView(job, request, await requestError(c.env, job));
}

async function view(c: Context<AppEnv>, id: string) {
  const { job, request } = await ownRequest(c.env, c.var.user!.user_id, "batch", id);
  return viewOf(c, job, request);
}

/**
 * Records the user's action, leaving the rest of the job's properties as they are; analyse and
 * start also record the analysis: the tile count, so that views don't list the tiles again.
 */
async function act(c: Context<AppEnv>, id: string, request: SentinelHubRequest, action: SentinelHubRequest["userAction"]): Promise<void> {
  const analysis = action === "CANCEL" ? {} : { analysed: true, tileCount: request.tileCount ?? requestTiles(parseBatchRequest(request.body)).length };
  const patch: Partial<SentinelHubRequest> = { userAction: action, userActionUpdated: new Date().toISOString(), ...analysis };
  await jobStub(c.env, id).amendExtra(SENTINEL_HUB, patch);
}

export const sentinelHubBatchApi = new OpenAPIHono<AppEnv>()
  .route("/", sentinelHubTilingGridsApi)
  .route("/", sentinelHubBatchTilesApi)
  .openapi(createRequestRoute, async (c) => {
    const body = c.req.valid("json");
    const userId = c.var.user!.user_id;
    const batch = parseBatchRequest(body);
    // Checked before the request is accepted: the number of tiles, their paths, and the responses against the evalscript's outputs.
    acceptedTiles(batch);
    await checkedSetup(batch.process, runEnvironment({ env: c.env, userId, apiBase: apiBaseOf(c.req.url), signal: c.req.raw.signal }).data);
    const id = await createRequestJob(c.env, userId, "batch", body, batch.description);
    return c.json(await view(c, id), 201);
  })
  .openapi(listRoute, async (c) => {
    const query = c.req.valid("query");
    const { jobs, next } = await listBatchRequests(c.env, c.var.user!.user_id, query.count ?? MAX_COUNT, query.viewtoken);
    const data = await Promise.all(jobs.map((job) => viewOf(c, job, sentinelHubOf(job)!)));
    return c.json({ data, links: viewLinks(c.req.url, query.viewtoken, next) }, 200);
  })
  .openapi(getRoute, async (c) => c.json(await view(c, c.req.valid("param").requestId), 200))
  .openapi(deleteRoute, async (c) => {
    const id = c.req.valid("param").requestId;
    const { job, request } = await ownRequest(c.env, c.var.user!.user_id, "batch", id);
    const status = batchStatus(job, request);
    const stub = jobStub(c.env, id);
    if (status === "PROCESSING") throw badRequest("The batch request is being processed; cancel it first.");
    // Tiles already delivered stay the request's record, as Sentinel Hub has it.
    if ((await stub.chunksDone()).length > 0) throw badRequest(`The batch request is ${status} and has processed tiles; it can't be deleted.`);
    await stub.destroy();
    await deleteObjects(c.env.RESULTS, jobPrefix(job.user_id, id));
    return c.body(null, 204);
  })
  .openapi(analyseRoute, async (c) => {
    const id = c.req.valid("param").requestId;
    const { job, request } = await ownRequest(c.env, c.var.user!.user_id, "batch", id);
    const status = batchStatus(job, request);
    if (status !== "CREATED" && status !== "ANALYSIS_DONE") throw badRequest(`The batch request is ${status}; only a CREATED request can be analysed.`);
    if (status === "CREATED") await act(c, id, request, "ANALYSE");
    return c.body(null, 204);
  })
  .openapi(startRoute, async (c) => {
    const id = c.req.valid("param").requestId;
    const { job, request } = await ownRequest(c.env, c.var.user!.user_id, "batch", id);
    const status = batchStatus(job, request);
    if (status !== "CREATED" && status !== "ANALYSIS_DONE") throw badRequest(`The batch request is ${status}; only a CREATED or ANALYSIS_DONE request can be started.`);
    // A stored body refused by a check added since is not started (400).
    parseBatchRequest(request.body);
    // The action is recorded once the run is queued: a start that fails leaves the request as it was.
    if (!(await queueRun(c.env, job, apiBaseOf(c.req.url)))) throw badRequest("The batch request is being processed already.");
    await act(c, id, request, "START");
    return c.body(null, 204);
  })
  .openapi(cancelRoute, async (c) => {
    const id = c.req.valid("param").requestId;
    const { job, request } = await ownRequest(c.env, c.var.user!.user_id, "batch", id);
    const status = batchStatus(job, request);
    if (status !== "PROCESSING" || (await jobStub(c.env, id).cancel()) === null) throw badRequest(`The batch request is ${status}; only a request being processed can be canceled.`);
    await act(c, id, request, "CANCEL");
    return c.body(null, 204);
  });

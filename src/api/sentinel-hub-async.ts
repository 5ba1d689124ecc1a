/**
 * Sentinel Hub's Asynchronous Processing API: POST /api/v1/async/process queues a Process API
 * request as a batch job whose responses are delivered into the caller's files
 * (output.delivery.s3.url); GET /api/v1/async/process/{requestId} answers while it runs, and 404
 * once it finished or failed, as Sentinel Hub does.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { requireAuth } from "../auth/middleware";
import { OpenEOError } from "../errors";
import { runEnvironment } from "../execution/sync";
import { queueRun } from "../jobs/queue-run";
import { isLocked } from "../jobs/status";
import { parseAsyncRequest, storedAsyncBody } from "../sentinel-hub/async/async-request";
import { createRequestJob, ownRequest } from "../sentinel-hub/queued-request";
import { checkedSetup } from "../sentinel-hub/run-process-request";
import { requireJsonBody } from "./middleware/json-body";
import { bearerSecurity, jsonResponse } from "./schemas/common";
import { apiBaseOf } from "./version";

const StatusSchema = z.object({ id: z.string(), status: z.literal("RUNNING") }).openapi("SentinelHubAsyncStatus");
const common = { tags: ["Sentinel Hub"], security: bearerSecurity };

const submitRoute = createRoute({
  ...common,
  method: "post",
  path: "/api/v1/async/process",
  summary: "Sentinel Hub Asynchronous Processing API: a Process API request delivered into your files",
  middleware: [requireAuth, requireJsonBody] as const,
  request: {
    body: { required: true, content: { "application/json": { schema: z.record(z.string(), z.unknown()).openapi("SentinelHubAsyncRequest", { description: "A Process API request with output.delivery.s3.url (s3://<bucket>/<prefix>: your files under <prefix>)." }) } } },
  },
  responses: jsonResponse(StatusSchema, "The request is queued; its responses go to <prefix>/<id>/<identifier>.<extension> in your files."),
});

const statusRoute = createRoute({
  ...common,
  method: "get",
  path: "/api/v1/async/process/{requestId}",
  summary: "The status of an asynchronous request, while it runs",
  middleware: [requireAuth] as const,
  request: { params: z.object({ requestId: z.string().openapi({ description: "The request's id." }) }) },
  responses: jsonResponse(StatusSchema, "The request runs; once it finished or failed, 404."),
});

export const sentinelHubAsyncApi = new OpenAPIHono<AppEnv>()
  .openapi(submitRoute, async (c) => {
    const body = c.req.valid("json");
    const userId = c.var.user!.user_id;
    const { process } = parseAsyncRequest(body);
    // What can be checked before the request is accepted is: its responses against the evalscript's outputs.
    await checkedSetup(process, runEnvironment({ env: c.env, userId, apiBase: apiBaseOf(c.req.url), signal: c.req.raw.signal }).data);
    const id = await createRequestJob(c.env, userId, "async", storedAsyncBody(body));
    await queueRun(c.env, { id, user_id: userId }, apiBaseOf(c.req.url));
    return c.json({ id, status: "RUNNING" as const }, 200);
  })
  .openapi(statusRoute, async (c) => {
    const id = c.req.valid("param").requestId;
    const { job } = await ownRequest(c.env, c.var.user!.user_id, "async", id);
    if (!isLocked(job.status)) throw new OpenEOError("NotFound", {}, { message: `The asynchronous request '${id}' is not running (it finished, failed or was canceled).` });
    return c.json({ id, status: "RUNNING" as const }, 200);
  });

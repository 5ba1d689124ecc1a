/**
 * Sentinel Hub's Statistical API (POST /api/v1/statistics): an evalscript's outputs reduced to
 * statistics per time interval, answered as Sentinel Hub does ({data: [{interval, outputs}], status}).
 * Authenticated as the Process API; errors in Sentinel Hub's shape (error-handler.ts).
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { requireAuth } from "../auth/middleware";
import { runEnvironment } from "../execution/sync";
import { parseStatisticalRequest } from "../sentinel-hub/statistics/request";
import { runStatisticalRequest } from "../sentinel-hub/statistics/run-statistics";
import { requireJsonBody } from "./middleware/json-body";
import { bearerSecurity, errorResponses } from "./schemas/common";
import { apiBaseOf } from "./version";

const route = createRoute({
  method: "post",
  path: "/api/v1/statistics",
  summary: "Sentinel Hub Statistical API: statistics of an evalscript's outputs per time interval",
  tags: ["Sentinel Hub"],
  security: bearerSecurity,
  middleware: [requireAuth, requireJsonBody] as const,
  request: {
    body: { required: true, content: { "application/json": { schema: z.record(z.string(), z.unknown()).openapi("SentinelHubStatisticalRequest", { description: "input (bounds, data), aggregation (timeRange, aggregationInterval, width/height or resx/resy, evalscript) and calculations." }) } } },
  },
  responses: {
    200: { description: "{data: [{interval: {from, to}, outputs: {<output>: {bands: {<band>: {stats, histogram?}}}}} or {interval, error}], status}.", content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } },
    ...errorResponses,
  },
});

export const sentinelHubStatisticsApi = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const request = parseStatisticalRequest(c.req.valid("json"));
  const { engineEnv, data } = runEnvironment({ env: c.env, userId: c.var.user!.user_id, apiBase: apiBaseOf(c.req.url), signal: c.req.raw.signal });
  return c.json(await runStatisticalRequest(request, data, engineEnv.budget), 200);
});

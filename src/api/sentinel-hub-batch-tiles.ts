/** The tiles of a Sentinel Hub batch request and their status (GET /api/v1/batch/process/{requestId}/tiles[/{tileId}]). */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { requireAuth } from "../auth/middleware";
import type { Env } from "../env";
import { OpenEOError } from "../errors";
import { jobStub } from "../jobs/job-store";
import { parseBatchRequest, requestTiles } from "../sentinel-hub/batch/batch-request";
import { batchStatus, tileView } from "../sentinel-hub/batch/batch-view";
import { badRequest } from "../sentinel-hub/process-request";
import { ownRequest } from "../sentinel-hub/queued-request";
import { offsetPage, ViewQuerySchema } from "../sentinel-hub/view-page";
import { bearerSecurity, jsonResponse } from "./schemas/common";

const common = { tags: ["Sentinel Hub"], security: bearerSecurity, middleware: [requireAuth] };
const TileSchema = z.record(z.string(), z.unknown()).openapi("SentinelHubBatchTile", { description: "{id, requestId, tileName, geometry, origin, status}" });
const STATUSES = ["PENDING", "SCHEDULED", "QUEUED", "PROCESSING", "PROCESSED", "FAILED"] as const;

const listRoute = createRoute({
  ...common,
  method: "get",
  path: "/api/v1/batch/process/{requestId}/tiles",
  summary: "The tiles of a batch request, with their status",
  request: {
    params: z.object({ requestId: z.string() }),
    query: ViewQuerySchema.extend({ status: z.enum(STATUSES).optional().openapi({ description: "Only the tiles of this status." }) }),
  },
  responses: jsonResponse(z.object({ data: z.array(TileSchema), links: z.record(z.string(), z.unknown()) }), "The tiles, in the order they are queued."),
});
const getRoute = createRoute({
  ...common,
  method: "get",
  path: "/api/v1/batch/process/{requestId}/tiles/{tileId}",
  summary: "One tile of a batch request",
  request: { params: z.object({ requestId: z.string(), tileId: z.string() }) },
  responses: jsonResponse(TileSchema, "The tile and its status."),
});

/** Every tile of the user's request, as shown. */
async function tilesOf(env: Env, userId: string, id: string) {
  const { job, request } = await ownRequest(env, userId, "batch", id);
  const status = batchStatus(job, request);
  // Tiles are chunks of the request's run; before it ran there are none in.
  const ran = status !== "CREATED" && status !== "ANALYSIS_DONE";
  const stub = jobStub(env, id);
  const [done, failed] = ran ? [new Set(await stub.chunksDone()), new Set(await stub.chunksFailed())] : [new Set<number>(), new Set<number>()];
  return requestTiles(parseBatchRequest(request.body)).map((tile, index) => tileView(id, tile, status, done.has(index) ? "processed" : failed.has(index) ? "failed" : null));
}

export const sentinelHubBatchTilesApi = new OpenAPIHono<AppEnv>()
  .openapi(listRoute, async (c) => {
    const query = c.req.valid("query");
    const tiles = (await tilesOf(c.env, c.var.user!.user_id, c.req.valid("param").requestId)).filter((tile) => !query.status || tile.status === query.status);
    const page = offsetPage(tiles, query, c.req.url);
    if (!page) throw badRequest("viewtoken is not a token of this list.");
    return c.json(page, 200);
  })
  .openapi(getRoute, async (c) => {
    const { requestId, tileId } = c.req.valid("param");
    const tile = (await tilesOf(c.env, c.var.user!.user_id, requestId)).find((t) => String(t.id) === tileId);
    if (!tile) throw new OpenEOError("NotFound", {}, { message: `The batch request '${requestId}' has no tile '${tileId}'.` });
    return c.json(tile, 200);
  });

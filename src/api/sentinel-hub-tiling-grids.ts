/** Sentinel Hub's tiling grids (GET /api/v1/batch/tilinggrids[/{id}]), for the Batch Processing API. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { requireAuth } from "../auth/middleware";
import { OpenEOError } from "../errors";
import { badRequest } from "../sentinel-hub/process-request";
import { describeGrid, tilingGrid, TILING_GRIDS } from "../sentinel-hub/batch/tiling-grids";
import { offsetPage, ViewQuerySchema } from "../sentinel-hub/view-page";
import { bearerSecurity, jsonResponse } from "./schemas/common";

const common = { tags: ["Sentinel Hub"], security: bearerSecurity, middleware: [requireAuth] };
const GridSchema = z.record(z.string(), z.unknown()).openapi("SentinelHubTilingGrid", { description: "{id, name, properties: {tileWidth, tileHeight, resolutions, unit}}" });

const listRoute = createRoute({
  ...common,
  method: "get",
  path: "/api/v1/batch/tilinggrids",
  summary: "The tiling grids of the Batch Processing API",
  request: { query: ViewQuerySchema },
  responses: jsonResponse(z.object({ data: z.array(GridSchema), links: z.record(z.string(), z.unknown()) }), "The grids, with their tile sizes and resolutions."),
});
const getRoute = createRoute({
  ...common,
  method: "get",
  path: "/api/v1/batch/tilinggrids/{id}",
  summary: "One tiling grid",
  request: { params: z.object({ id: z.string().openapi({ description: "The grid's id." }) }) },
  responses: jsonResponse(GridSchema, "The grid."),
});

export const sentinelHubTilingGridsApi = new OpenAPIHono<AppEnv>()
  .openapi(listRoute, (c) => {
    const page = offsetPage(TILING_GRIDS.map(describeGrid), c.req.valid("query"), c.req.url);
    if (!page) throw badRequest("viewtoken is not a token of this list.");
    return c.json(page, 200);
  })
  .openapi(getRoute, (c) => {
    const id = c.req.valid("param").id;
    const grid = /^\d{1,6}$/.test(id) ? tilingGrid(Number(id)) : undefined;
    if (!grid) throw new OpenEOError("NotFound", {}, { message: `There is no tiling grid '${id}'.` });
    return c.json(describeGrid(grid), 200);
  });

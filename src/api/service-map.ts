/**
 * A service's map page: its XYZ layer on a Leaflet map (served by this Worker, see map-assets.ts),
 * opened on the data's extent. Public like the tiles: the service id is unguessable.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { mapPage } from "../map/map-page";
import { userCatalog } from "../catalog/user-catalog";
import { serviceBounds } from "../services/service-extent";
import { servingService } from "../services/service-store";
import { tileTemplate } from "../services/tile-url";
import { LEAFLET_URLS, mapAssetsApi } from "./map-assets";
import { errorResponses } from "./schemas/common";
import { API_PREFIX } from "./version";

const mapRoute = createRoute({
  method: "get",
  path: "/services/{service_id}/map",
  summary: "A web map of an XYZ service",
  tags: ["Secondary Services"],
  request: { params: z.object({ service_id: z.string() }) },
  responses: {
    200: { description: "An HTML page showing the service's tiles on a map.", content: { "text/html": { schema: z.string() } } },
    ...errorResponses,
  },
});

export const serviceMapApi = new OpenAPIHono<AppEnv>()
  .openapi(mapRoute, async (c) => {
    const id = c.req.valid("param").service_id;
    const { service } = await servingService(c.env, id);
    const page = mapPage({
      title: service.title ?? `Service ${id}`,
      // Relative to the origin, so the page works under whatever host name it was reached by.
      tiles: tileTemplate(API_PREFIX, id, service.version),
      tileSize: service.configuration.tile_size,
      bounds: await serviceBounds(service.process, userCatalog(c.env, service.user_id)),
      leaflet: LEAFLET_URLS,
    });
    return c.html(page, 200);
  })
  .route("/", mapAssetsApi);

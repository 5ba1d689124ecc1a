import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { optionalAuth } from "../auth/middleware";
import { userCatalog } from "../catalog/user-catalog";
import { parseSearchGet } from "../catalog/search";
import { servedItem } from "../catalog/served-item";
import { COLLECTIONS_PREFIX } from "../catalog/sources/ingested-source";
import { OpenEOError } from "../errors";
import { downloadFile } from "../files/download";
import { respondWithSearch } from "./search";
import { errorResponses, jsonResponse, optionalBearerSecurity } from "./schemas/common";
import { apiBaseOf } from "./version";

const ItemParams = z.object({ collection_id: z.string().regex(/^[\w\-.~]+$/), item_id: z.string().min(1).max(256) });
const ItemSchema = z.record(z.string(), z.any()).openapi("Item");

const listRoute = createRoute({
  method: "get",
  path: "/collections/{collection_id}/items",
  summary: "Items of a collection (bbox, datetime, limit, filter, sortby, fields)",
  tags: ["EO Data Discovery"],
  security: optionalBearerSecurity,
  middleware: [optionalAuth] as const,
  request: { params: ItemParams.pick({ collection_id: true }) },
  responses: jsonResponse(z.record(z.string(), z.any()), "The matching items, one page, as a GeoJSON FeatureCollection."),
});

const itemRoute = createRoute({
  method: "get",
  path: "/collections/{collection_id}/items/{item_id}",
  summary: "One item of a collection",
  tags: ["EO Data Discovery"],
  security: optionalBearerSecurity,
  middleware: [optionalAuth] as const,
  request: { params: ItemParams },
  responses: jsonResponse(ItemSchema, "The item as a STAC Item (GeoJSON Feature)."),
});

const assetRoute = createRoute({
  method: "get",
  path: "/collections/{collection_id}/items/{item_id}/assets/{asset_key}",
  summary: "The file of an ingested item's asset (supports HTTP range requests)",
  tags: ["EO Data Discovery"],
  security: optionalBearerSecurity,
  middleware: [optionalAuth] as const,
  request: { params: ItemParams.extend({ asset_key: z.string().min(1).max(256) }) },
  responses: { 200: { description: "The file." }, 206: { description: "A byte range of the file." }, ...errorResponses },
});

export const itemsApi = new OpenAPIHono<AppEnv>()
  .openapi(listRoute, async (c) => {
    const { collection_id } = c.req.valid("param");
    await userCatalog(c.env, c.var.user?.user_id).source(collection_id);
    return respondWithSearch(c, parseSearchGet(new URL(c.req.url).searchParams, { collection: collection_id })) as never;
  })
  .openapi(itemRoute, async (c) => {
    const { collection_id, item_id } = c.req.valid("param");
    const item = await userCatalog(c.env, c.var.user?.user_id).item(collection_id, item_id);
    const base = apiBaseOf(c.req.url);
    return c.json(servedItem(item, collection_id, base), 200, { "Content-Type": "application/geo+json" });
  })
  .openapi(assetRoute, async (c) => {
    const { collection_id, item_id, asset_key } = c.req.valid("param");
    const asset = (await userCatalog(c.env, c.var.user?.user_id).item(collection_id, item_id)).assets[asset_key];
    // Only ingested assets are stored here; their hrefs are keys in the DATA bucket.
    if (!asset || !asset.href.startsWith(COLLECTIONS_PREFIX)) {
      throw new OpenEOError("NotFound", {}, { message: `Item '${item_id}' has no stored asset '${asset_key}'.` });
    }
    const response = await downloadFile(c.env.DATA, asset.href, asset.href, c.req.header("Range"));
    if (!response) throw new OpenEOError("NotFound", {}, { message: `The file of asset '${asset_key}' is missing.` });
    return response;
  });

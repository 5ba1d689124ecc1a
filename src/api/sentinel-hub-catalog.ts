import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { requireAuth } from "../auth/middleware";
import type { Catalog, CollectionSource } from "../catalog/catalog";
import { userCatalog } from "../catalog/user-catalog";
import { matchIngested, searchCatalog } from "../catalog/catalog-search";
import { collectionQueryables, globalQueryables } from "../catalog/queryables";
import { pageOf, STAC_API_CONFORMANCE } from "../catalog/search";
import { parameterError } from "../catalog/search/search-errors";
import { servedItem } from "../catalog/served-item";
import type { StacItem, StacLink } from "../catalog/stac-types";
import { OpenEOError } from "../errors";
import { distinctValues } from "../sentinel-hub/catalog/distinct";
import { CATALOG_PREFIX, catalogBaseOf, featurePage, landingPage } from "../sentinel-hub/catalog/documents";
import { COLLECTION_NAME, parseCatalogSearchGet, parseCatalogSearchPost, type CatalogSearch } from "../sentinel-hub/catalog/search-request";
import { resolveSentinelHubName, sentinelHubName, sourceId } from "../sentinel-hub/collection-names";
import { collectionLinks } from "./collections";
import { pagingLink } from "./search";
import { bearerSecurity, errorResponses, jsonResponse } from "./schemas/common";
import { API_PREFIX, apiBaseOf } from "./version";

const Json = z.record(z.string(), z.any());
const CollectionParams = z.object({ collectionId: z.string().regex(COLLECTION_NAME) });
const FeatureParams = CollectionParams.extend({ featureId: z.string().min(1).max(256) });
const tags = ["Sentinel Hub Catalog"];
const GEO_JSON = { "Content-Type": "application/geo+json" };
const geoJson = (description: string) => ({ 200: { description, content: { "application/geo+json": { schema: Json } } }, ...errorResponses });
/** Sentinel Hub's reference names no authorisation for the landing page and conformance; the rest takes its OAuth2 tokens. */
const authed = { security: bearerSecurity, middleware: [requireAuth] };

const routes = {
  landing: createRoute({ method: "get", path: CATALOG_PREFIX, summary: "Sentinel Hub Catalog API: landing page", tags, security: [{}], responses: jsonResponse(Json, "The root STAC Catalog.") }),
  conformance: createRoute({ method: "get", path: `${CATALOG_PREFIX}/conformance`, summary: "Sentinel Hub Catalog API: conformance classes", tags, security: [{}], responses: jsonResponse(Json, "conformsTo.") }),
  collections: createRoute({ method: "get", path: `${CATALOG_PREFIX}/collections`, summary: "Sentinel Hub Catalog API: all collections", tags, ...authed, responses: jsonResponse(Json, "collections and links.") }),
  collection: createRoute({ method: "get", path: `${CATALOG_PREFIX}/collections/{collectionId}`, summary: "Sentinel Hub Catalog API: one collection (sentinel-2-l2a, byoc-<id>)", tags, ...authed, request: { params: CollectionParams }, responses: jsonResponse(Json, "A STAC Collection.") }),
  globalQueryables: createRoute({
    method: "get", path: `${CATALOG_PREFIX}/queryables`, summary: "Sentinel Hub Catalog API: the properties CQL2 filters can use in every collection", tags, ...authed,
    responses: { 200: { description: "A JSON Schema.", content: { "application/schema+json": { schema: Json } } }, ...errorResponses },
  }),
  queryables: createRoute({
    method: "get", path: `${CATALOG_PREFIX}/collections/{collectionId}/queryables`, summary: "Sentinel Hub Catalog API: the properties CQL2 filters can use", tags, ...authed, request: { params: CollectionParams },
    responses: { 200: { description: "A JSON Schema.", content: { "application/schema+json": { schema: Json } } }, ...errorResponses },
  }),
  items: createRoute({ method: "get", path: `${CATALOG_PREFIX}/collections/{collectionId}/items`, summary: "Sentinel Hub Catalog API: items of a collection (bbox, datetime, limit, next, filter, fields, distinct)", tags, ...authed, request: { params: CollectionParams }, responses: geoJson("One page of items, with context.") }),
  item: createRoute({ method: "get", path: `${CATALOG_PREFIX}/collections/{collectionId}/items/{featureId}`, summary: "Sentinel Hub Catalog API: one item", tags, ...authed, request: { params: FeatureParams }, responses: geoJson("A STAC Item.") }),
  searchGet: createRoute({ method: "get", path: `${CATALOG_PREFIX}/search`, summary: "Sentinel Hub Catalog API: item search (query parameters)", tags, ...authed, responses: geoJson("One page of items, with context.") }),
  searchPost: createRoute({
    method: "post", path: `${CATALOG_PREFIX}/search`, summary: "Sentinel Hub Catalog API: item search (JSON body)", tags, ...authed,
    request: { body: { required: true, content: { "application/json": { schema: Json.openapi("SentinelHubCatalogSearch", { description: "collections (one), bbox or intersects, datetime, ids, limit (1..100), next, filter and filter-lang, fields, distinct." }) } } } },
    responses: geoJson("One page of items, with context."),
  }),
};

/** The collection document under its Sentinel Hub name, linked into the catalogue. */
async function collectionDocument(catalog: Catalog, source: CollectionSource, base: string) {
  const collection = { ...(await catalog.collection(sourceId(source))), id: sentinelHubName(source) };
  return { ...collection, links: collectionLinks(base, collection) };
}

/** Items link into the catalogue under their Sentinel Hub collection; ingested files download from the openEO API. */
function serveAs(c: Context<AppEnv>, source: CollectionSource) {
  const [base, openeo] = [catalogBaseOf(c.req.url), apiBaseOf(c.req.url)];
  const ours = `${openeo}/collections/${encodeURIComponent(sourceId(source))}/items/`;
  return (item: StacItem) => servedItem(item, sentinelHubName(source), base, ours + encodeURIComponent(item.id));
}

function pageLinks(c: Context<AppEnv>, next: number | string | undefined): StacLink[] {
  const base = catalogBaseOf(c.req.url);
  const links: StacLink[] = [
    { rel: "self", href: c.req.url, type: "application/geo+json" },
    { rel: "root", href: `${base}/`, type: "application/json" },
  ];
  if (next !== undefined) links.push(pagingLink(c, "next", "next", next));
  return links;
}

async function respondWithSearch(c: Context<AppEnv>, search: CatalogSearch): Promise<Response> {
  const catalog = userCatalog(c.env, c.var.user?.user_id);
  const source = await resolveSentinelHubName(catalog, search.collection);
  const query = { ...search.query, collections: [sourceId(source)] };
  const limit = query.limit;
  // Only a remote collection's pages hand out tokens; ours page by offsets.
  if (query.token !== undefined && source.kind !== "remote") throw parameterError("next", "must be the integer context.next of the previous page");
  if (search.distinct !== undefined) {
    const values = distinctValues(await matchIngested(catalog, query, "distinct"), search.distinct);
    const { page, next } = pageOf(values, query.offset ?? 0, limit);
    return c.json(featurePage(page, pageLinks(c, next), limit, next), 200, GEO_JSON);
  }
  const page = await searchCatalog(catalog, query, serveAs(c, source));
  const next = page.nextOffset ?? page.next;
  return c.json(featurePage(page.features, pageLinks(c, next), limit, next), 200, GEO_JSON);
}

export const sentinelHubCatalogApi = new OpenAPIHono<AppEnv>()
  .openapi(routes.landing, async (c) => {
    const sources = await userCatalog(c.env, c.var.user?.user_id).sources();
    const info = { id: c.env.BACKEND_ID, title: c.env.BACKEND_TITLE, serviceDesc: `${new URL(c.req.url).origin}${API_PREFIX}/openapi.json` };
    return c.json(landingPage(catalogBaseOf(c.req.url), info, sources.map(sentinelHubName)), 200);
  })
  .openapi(routes.conformance, (c) => c.json({ conformsTo: STAC_API_CONFORMANCE }, 200))
  .openapi(routes.collections, async (c) => {
    const catalog = userCatalog(c.env, c.var.user?.user_id);
    const base = catalogBaseOf(c.req.url);
    const sources = await catalog.sources();
    const collections = await Promise.all(sources.map((source) => collectionDocument(catalog, source, base)));
    const links = [{ rel: "self", href: c.req.url, type: "application/json" }, { rel: "root", href: `${base}/`, type: "application/json" }];
    return c.json({ collections, links }, 200);
  })
  .openapi(routes.collection, async (c) => {
    const catalog = userCatalog(c.env, c.var.user?.user_id);
    const source = await resolveSentinelHubName(catalog, c.req.valid("param").collectionId);
    return c.json(await collectionDocument(catalog, source, catalogBaseOf(c.req.url)), 200);
  })
  .openapi(routes.globalQueryables, (c) => c.json(globalQueryables(`${catalogBaseOf(c.req.url)}/queryables`), 200, { "Content-Type": "application/schema+json" }))
  .openapi(routes.queryables, async (c) => {
    const catalog = userCatalog(c.env, c.var.user?.user_id);
    const name = c.req.valid("param").collectionId;
    const collection = await catalog.collection(sourceId(await resolveSentinelHubName(catalog, name)));
    const schema = collectionQueryables(`${catalogBaseOf(c.req.url)}/collections/${encodeURIComponent(name)}/queryables`, collection);
    return c.json(schema, 200, { "Content-Type": "application/schema+json" });
  })
  .openapi(routes.items, (c) => respondWithSearch(c, parseCatalogSearchGet(new URL(c.req.url).searchParams, c.req.valid("param").collectionId)) as never)
  .openapi(routes.item, async (c) => {
    const { collectionId, featureId } = c.req.valid("param");
    const catalog = userCatalog(c.env, c.var.user?.user_id);
    const source = await resolveSentinelHubName(catalog, collectionId);
    const item = await catalog.item(sourceId(source), featureId).catch((error: unknown) => {
      if (error instanceof OpenEOError && error.code === "ItemNotFound") throw new OpenEOError("ItemNotFound", { identifier: featureId, collection: collectionId });
      throw error;
    });
    return c.json(serveAs(c, source)(item), 200, GEO_JSON);
  })
  .openapi(routes.searchGet, (c) => respondWithSearch(c, parseCatalogSearchGet(new URL(c.req.url).searchParams)) as never)
  .openapi(routes.searchPost, (c) => respondWithSearch(c, parseCatalogSearchPost(c.req.valid("json"))) as never);

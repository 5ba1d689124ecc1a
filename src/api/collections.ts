import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { optionalAuth } from "../auth/middleware";
import { userCatalog } from "../catalog/user-catalog";
import { collectionQueryables } from "../catalog/queryables";
import type { StacCollection, StacLink } from "../catalog/stac-types";
import { paginate, PagingQuerySchema } from "./paging";
import { LinkSchema, jsonResponse, optionalBearerSecurity } from "./schemas/common";
import { apiBaseOf } from "./version";

const CollectionSchema = z.record(z.string(), z.unknown()).openapi("Collection");
/** Collections listed on one page at least, whatever `limit` asks (see `paginate`). */
export const COLLECTIONS_MINIMUM_PAGE = 1000;

const CollectionIdParams = z.object({ collection_id: z.string().regex(/^[\w\-.~]+$/) });

export function collectionLinks(base: string, collection: StacCollection): StacLink[] {
  const self = `${base}/collections/${encodeURIComponent(collection.id)}`;
  const own = collection.links.filter((l) => !["root", "parent", "self", "items", "queryables"].includes(l.rel));
  return [
    { rel: "root", href: `${base}/`, type: "application/json", title: "Capabilities" },
    { rel: "parent", href: `${base}/`, type: "application/json" },
    { rel: "self", href: self, type: "application/json" },
    { rel: "items", href: `${self}/items`, type: "application/geo+json", title: "Items" },
    { rel: "http://www.opengis.net/def/rel/ogc/1.0/queryables", href: `${self}/queryables`, type: "application/schema+json", title: "Queryables" },
    ...own,
  ];
}

const listRoute = createRoute({
  method: "get",
  path: "/collections",
  summary: "Basic metadata for all collections",
  tags: ["EO Data Discovery"],
  security: optionalBearerSecurity,
  middleware: [optionalAuth] as const,
  request: { query: PagingQuerySchema },
  responses: jsonResponse(z.object({ collections: z.array(CollectionSchema), links: z.array(LinkSchema) }), "Collections."),
});

const getRoute = createRoute({
  method: "get",
  path: "/collections/{collection_id}",
  summary: "Full metadata of one collection",
  tags: ["EO Data Discovery"],
  security: optionalBearerSecurity,
  middleware: [optionalAuth] as const,
  request: { params: CollectionIdParams },
  responses: jsonResponse(CollectionSchema, "The collection as a STAC Collection."),
});

const queryablesRoute = createRoute({
  method: "get",
  path: "/collections/{collection_id}/queryables",
  summary: "The properties of a collection's items that filters can use",
  tags: ["EO Data Discovery"],
  security: optionalBearerSecurity,
  middleware: [optionalAuth] as const,
  request: { params: CollectionIdParams },
  responses: {
    200: { description: "A JSON Schema", content: { "application/schema+json": { schema: z.record(z.string(), z.any()) } } },
  },
});

export const collectionsApi = new OpenAPIHono<AppEnv>()
  .openapi(listRoute, async (c) => {
    const catalog = userCatalog(c.env, c.var.user?.user_id);
    const base = apiBaseOf(c.req.url);
    const { page, links } = paginate(await catalog.collectionIds(), c.req.valid("query"), c.req.url, COLLECTIONS_MINIMUM_PAGE);
    const collections = await Promise.all(page.map((id) => catalog.collection(id)));
    return c.json(
      {
        collections: collections.map((col) => ({ ...col, links: collectionLinks(base, col) })),
        links: [{ rel: "self", href: c.req.url, type: "application/json" }, { rel: "root", href: `${base}/`, type: "application/json" }, ...links],
      },
      200,
    );
  })
  .openapi(getRoute, async (c) => {
    const collection = await userCatalog(c.env, c.var.user?.user_id).collection(c.req.valid("param").collection_id);
    const base = apiBaseOf(c.req.url);
    return c.json({ ...collection, links: collectionLinks(base, collection) }, 200);
  })
  .openapi(queryablesRoute, async (c) => {
    const id = c.req.valid("param").collection_id;
    const collection = await userCatalog(c.env, c.var.user?.user_id).collection(id);
    const schema = collectionQueryables(`${apiBaseOf(c.req.url)}/collections/${id}/queryables`, collection);
    return c.json(schema, 200, { "Content-Type": "application/schema+json" });
  });

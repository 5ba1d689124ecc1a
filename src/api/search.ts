import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { optionalAuth } from "../auth/middleware";
import { userCatalog } from "../catalog/user-catalog";
import { searchCatalog, type SearchPage } from "../catalog/catalog-search";
import { globalQueryables } from "../catalog/queryables";
import { parseSearchGet, parseSearchPost, type SearchQuery } from "../catalog/search";
import { servedItem } from "../catalog/served-item";
import type { StacItem, StacLink } from "../catalog/stac-types";
import { jsonResponse, optionalBearerSecurity } from "./schemas/common";
import { apiBaseOf } from "./version";

const FeatureCollectionSchema = z.record(z.string(), z.any()).openapi("ItemCollection");

/** A link to a neighbouring page: GET repeats the request with `param` set; POST merges `{[param]: value}` into its body. */
export function pagingLink(c: Context<AppEnv>, rel: string, param: string, value: string | number): StacLink {
  if (c.req.method === "POST") return { rel, href: c.req.url, type: "application/geo+json", method: "POST", body: { [param]: value }, merge: true };
  const url = new URL(c.req.url);
  url.searchParams.set(param, String(value));
  return { rel, href: url.toString(), type: "application/geo+json" };
}

function pageLinks(c: Context<AppEnv>, page: SearchPage): StacLink[] {
  const base = apiBaseOf(c.req.url);
  const links: StacLink[] = [
    { rel: "self", href: c.req.url, type: "application/geo+json" },
    { rel: "root", href: `${base}/`, type: "application/json" },
  ];
  for (const [rel, token] of [["next", page.next], ["prev", page.prev]] as const) {
    if (token) links.push(pagingLink(c, rel, "token", token));
  }
  return links;
}

/** Runs a search and renders the STAC ItemCollection, with items linked into this API. */
export async function respondWithSearch(c: Context<AppEnv>, query: SearchQuery): Promise<Response> {
  const base = apiBaseOf(c.req.url);
  const serve = (item: StacItem) => servedItem(item, item.collection ?? "", base);
  const page = await searchCatalog(userCatalog(c.env, c.var.user?.user_id), query, serve);
  const body = {
    type: "FeatureCollection",
    features: page.features,
    ...(page.numberMatched !== undefined ? { numberMatched: page.numberMatched } : {}),
    numberReturned: page.numberReturned,
    links: pageLinks(c, page),
  };
  return c.json(body, 200, { "Content-Type": "application/geo+json" });
}

const getRoute = createRoute({
  method: "get",
  path: "/search",
  summary: "STAC API item search (bbox, intersects, datetime, ids, collections, filter, sortby, fields)",
  tags: ["EO Data Discovery"],
  security: optionalBearerSecurity,
  middleware: [optionalAuth] as const,
  responses: jsonResponse(FeatureCollectionSchema, "The matching items, one page."),
});

const postRoute = createRoute({
  method: "post",
  path: "/search",
  summary: "STAC API item search with a JSON body",
  tags: ["EO Data Discovery"],
  security: optionalBearerSecurity,
  middleware: [optionalAuth] as const,
  request: { body: { required: true, content: { "application/json": { schema: z.record(z.string(), z.any()) } } } },
  responses: jsonResponse(FeatureCollectionSchema, "The matching items, one page."),
});

const queryablesRoute = createRoute({
  method: "get",
  path: "/queryables",
  summary: "The item properties filters can use across all collections",
  tags: ["EO Data Discovery"],
  security: optionalBearerSecurity,
  middleware: [optionalAuth] as const,
  responses: {
    200: { description: "A JSON Schema", content: { "application/schema+json": { schema: z.record(z.string(), z.any()) } } },
  },
});

export const searchApi = new OpenAPIHono<AppEnv>()
  .openapi(queryablesRoute, (c) =>
    c.json(globalQueryables(c.req.url), 200, { "Content-Type": "application/schema+json" }),
  )
  .openapi(getRoute, (c) => respondWithSearch(c, parseSearchGet(new URL(c.req.url).searchParams)) as never)
  .openapi(postRoute, (c) => respondWithSearch(c, parseSearchPost(c.req.valid("json"))) as never);

import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { oidcProviders } from "../config";
import { STAC_API_CONFORMANCE } from "../catalog/search";
import type { Env } from "../env";
import { BILLING } from "./billing";
import type { RouteTable } from "./route-table";
import { LinkSchema, jsonResponse, type Link } from "./schemas/common";
import { API_PREFIX, API_VERSION, BACKEND_VERSION, STAC_VERSION } from "./version";

/** Conformance classes: only what the back-end implements. */
const CONFORMS_TO = ["https://api.openeo.org/1.2.0", ...STAC_API_CONFORMANCE];

const CapabilitiesSchema = z
  .object({
    api_version: z.literal(API_VERSION),
    backend_version: z.string(),
    stac_version: z.string(),
    type: z.literal("Catalog"),
    id: z.string(),
    title: z.string(),
    description: z.string(),
    conformsTo: z.array(z.string()),
    production: z.boolean(),
    billing: z.object({
      currency: z.null(),
      default_plan: z.string(),
      plans: z.array(z.object({ name: z.string(), description: z.string(), paid: z.boolean() })),
    }),
    endpoints: z.array(z.object({ path: z.string(), methods: z.array(z.string()) })),
    links: z.array(LinkSchema),
  })
  .openapi("Capabilities");

const capabilitiesRoute = createRoute({
  method: "get",
  path: "/",
  summary: "Information about the back-end",
  tags: ["Capabilities"],
  security: [{}],
  responses: jsonResponse(CapabilitiesSchema, "The back-end's capabilities, endpoints and links."),
});

const conformanceRoute = createRoute({
  method: "get",
  path: "/conformance",
  summary: "Conformance classes this API implements",
  tags: ["Capabilities"],
  security: [{}],
  responses: jsonResponse(z.object({ conformsTo: z.array(z.string()) }), "The conformance classes."),
});

/** Endpoints that exist but have nothing to offer under this deployment's configuration. */
function unavailablePaths(env: Env): Set<string> {
  return new Set(oidcProviders(env).length === 0 ? ["/credentials/oidc"] : []);
}

function links(routes: RouteTable, base: string, origin: string): Link[] {
  const result: Link[] = [
    { rel: "self", href: `${base}/`, type: "application/json", title: "Capabilities" },
    { rel: "version-history", href: `${origin}/.well-known/openeo`, type: "application/json", title: "Supported openEO versions" },
    { rel: "service-desc", href: `${base}/openapi.json`, type: "application/vnd.oai.openapi+json;version=3.0", title: "OpenAPI description of this API" },
    { rel: "service-doc", href: `${base}/docs`, type: "text/html", title: "API documentation" },
    { rel: "conformance", href: `${base}/conformance`, type: "application/json", title: "Conformance classes" },
  ];
  if (routes.has(`${API_PREFIX}/collections`, "GET")) {
    result.push({ rel: "data", href: `${base}/collections`, type: "application/json", title: "Collections" });
  }
  // One link per method (STAC API), each with a title of its own so that clients listing links can tell them apart.
  const searches = { GET: "Item search (query parameters)", POST: "Item search (JSON body)" };
  for (const [method, title] of Object.entries(searches)) {
    if (routes.has(`${API_PREFIX}/search`, method)) {
      result.push({ rel: "search", href: `${base}/search`, type: "application/geo+json", title, method });
    }
  }
  return result;
}

export const capabilitiesApi = new OpenAPIHono<AppEnv>()
  .openapi(capabilitiesRoute, (c) => {
    const origin = new URL(c.req.url).origin;
    const hidden = unavailablePaths(c.env);
    return c.json(
      {
        api_version: API_VERSION,
        backend_version: BACKEND_VERSION,
        stac_version: STAC_VERSION,
        type: "Catalog" as const,
        id: c.env.BACKEND_ID,
        title: c.env.BACKEND_TITLE,
        description: c.env.BACKEND_DESCRIPTION,
        conformsTo: CONFORMS_TO,
        production: c.env.PRODUCTION === "true",
        billing: BILLING,
        endpoints: c.var.routes.under(API_PREFIX).filter((e) => !hidden.has(e.path)),
        links: links(c.var.routes, `${origin}${API_PREFIX}`, origin),
      },
      200,
    );
  })
  .openapi(conformanceRoute, (c) => c.json({ conformsTo: CONFORMS_TO }, 200));

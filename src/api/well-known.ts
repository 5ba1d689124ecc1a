import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { API_PREFIX, API_VERSION } from "./version";
import { jsonResponse } from "./schemas/common";

const WellKnownSchema = z
  .object({
    versions: z.array(z.object({ url: z.string(), api_version: z.string(), production: z.boolean().optional() })),
  })
  .openapi("WellKnownDiscovery");

const route = createRoute({
  method: "get",
  path: "/.well-known/openeo",
  summary: "The openEO API versions this back-end serves",
  tags: ["Capabilities"],
  security: [{}],
  responses: jsonResponse(WellKnownSchema, "The API instances, one per version."),
});

export const wellKnownApi = new OpenAPIHono<AppEnv>().openapi(route, (c) => {
  const origin = new URL(c.req.url).origin;
  return c.json(
    { versions: [{ url: `${origin}${API_PREFIX}/`, api_version: API_VERSION, production: c.env.PRODUCTION === "true" }] },
    200,
  );
});

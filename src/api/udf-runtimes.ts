import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { optionalAuth } from "../auth/middleware";
import { jsonResponse, optionalBearerSecurity } from "./schemas/common";

const route = createRoute({
  method: "get",
  path: "/udf_runtimes",
  summary: "Supported UDF runtimes",
  tags: ["Capabilities"],
  security: optionalBearerSecurity,
  middleware: [optionalAuth] as const,
  responses: jsonResponse(z.record(z.string(), z.unknown()), "UDF runtimes by name."),
});

/** User-defined functions need a sandboxed runtime that Workers do not offer yet: none are listed. */
export const udfRuntimesApi = new OpenAPIHono<AppEnv>().openapi(route, (c) => c.json({}, 200));

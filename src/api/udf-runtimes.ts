import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { optionalAuth } from "../auth/middleware";
import { UDF_RUNTIMES } from "../processes/udf/udf-runtime";
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

/** JavaScript, where a Worker Loader binding gives user code isolates of its own (src/sandbox); nothing without one. */
export const udfRuntimesApi = new OpenAPIHono<AppEnv>().openapi(route, (c) => c.json(c.env.LOADER ? UDF_RUNTIMES : {}, 200));

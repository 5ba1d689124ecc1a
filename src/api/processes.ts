import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { optionalAuth } from "../auth/middleware";
import { listProcesses } from "../processes";
import { PagingQuerySchema } from "./paging";
import { LinkSchema, jsonResponse, optionalBearerSecurity } from "./schemas/common";
import { apiBaseOf } from "./version";

const ProcessSchema = z.record(z.string(), z.unknown()).openapi("Process");

const listRoute = createRoute({
  method: "get",
  path: "/processes",
  summary: "Supported predefined processes",
  tags: ["Process Discovery"],
  security: optionalBearerSecurity,
  middleware: [optionalAuth] as const,
  // The list is static and small: every process is answered whatever `limit` and `page` say (the
  // spec makes pagination optional; js-client asks `limit=50` and reads one page).
  request: { query: PagingQuerySchema },
  responses: jsonResponse(z.object({ processes: z.array(ProcessSchema), links: z.array(LinkSchema) }), "All predefined processes, sorted by id; `limit` and `page` are accepted and ignored."),
});

export const processesApi = new OpenAPIHono<AppEnv>().openapi(listRoute, (c) => {
  const base = apiBaseOf(c.req.url);
  return c.json(
    {
      processes: listProcesses(),
      links: [{ rel: "self", href: c.req.url, type: "application/json" }, { rel: "root", href: `${base}/`, type: "application/json" }],
    },
    200,
  );
});

import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { optionalAuth } from "../auth/middleware";
import { listProcesses } from "../processes";
import { paginate, PagingQuerySchema } from "./paging";
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
  request: { query: PagingQuerySchema },
  responses: jsonResponse(z.object({ processes: z.array(ProcessSchema), links: z.array(LinkSchema) }), "The predefined processes, sorted by id."),
});

export const processesApi = new OpenAPIHono<AppEnv>().openapi(listRoute, (c) => {
  const base = apiBaseOf(c.req.url);
  const { page, links } = paginate(listProcesses(), c.req.valid("query"), c.req.url);
  return c.json(
    {
      processes: page,
      links: [{ rel: "self", href: c.req.url, type: "application/json" }, { rel: "root", href: `${base}/`, type: "application/json" }, ...links],
    },
    200,
  );
});

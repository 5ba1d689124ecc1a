import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { optionalAuth } from "../auth/middleware";
import { requireJsonBody } from "./middleware/json-body";
import { userCatalog } from "../catalog/user-catalog";
import { checkProcess } from "../engine";
import { OpenEOError } from "../errors";
import { PROCESSES } from "../processes";
import { storedProcesses } from "../udp/lookup";
import { jsonResponse, optionalBearerSecurity } from "./schemas/common";

const ProcessBodySchema = z.record(z.string(), z.unknown()).openapi("ProcessGraphWithMetadata", {
  description: "A user-defined process: a process_graph, optionally with metadata (id, parameters, returns, ...).",
});

const ValidationErrorSchema = z.object({ code: z.string(), message: z.string() });

const validateRoute = createRoute({
  method: "post",
  path: "/validation",
  summary: "Validate a user-defined process (graph)",
  tags: ["Data Processing"],
  security: optionalBearerSecurity,
  middleware: [optionalAuth, requireJsonBody] as const,
  request: { body: { required: true, content: { "application/json": { schema: ProcessBodySchema } } } },
  responses: jsonResponse(z.object({ errors: z.array(ValidationErrorSchema) }), "The problems found; none when the process is valid."),
});

export const validationApi = new OpenAPIHono<AppEnv>().openapi(validateRoute, async (c) => {
  const process = c.req.valid("json");
  // A request without a process graph is malformed (4xx); problems inside the graph are the answer (200).
  if (!("process_graph" in process)) throw new OpenEOError("ProcessGraphMissing");
  const graph = process.process_graph;
  if (typeof graph !== "object" || graph === null || Array.isArray(graph)) {
    throw new OpenEOError("ProcessGraphInvalid", {}, { message: "Invalid process graph specified: process_graph must be an object of process nodes." });
  }
  // Only authenticated users have stored processes to call.
  const user = c.var.user;
  const userProcesses = user && storedProcesses(c.env, user.user_id);
  const catalog = userCatalog(c.env, user?.user_id);
  const collectionExists = (id: string) => catalog.source(id).then(() => true, () => false);
  const { issues } = await checkProcess(process, { processes: PROCESSES, userProcesses, collectionExists });
  return c.json({ errors: issues.map(({ code, message }) => ({ code, message })) }, 200);
});

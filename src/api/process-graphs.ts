import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { requireAuth } from "../auth/middleware";
import { requireJsonBody } from "./middleware/json-body";
import { checkProcess, issueToError } from "../engine";
import { OpenEOError } from "../errors";
import { PROCESSES } from "../processes";
import { forgetStoredProcess, storedProcesses, withProcess } from "../udp/lookup";
import { checkProcessId, toRecord } from "../udp/process-record";
import { paginate, PagingQuerySchema } from "./paging";
import { bearerSecurity, errorResponses, jsonResponse, LinkSchema } from "./schemas/common";
import { userStub } from "./user-store";

const UserProcessSchema = z.record(z.string(), z.unknown()).openapi("UserDefinedProcess", {
  description: "A user-defined process: its metadata and, except in listings, its process_graph.",
});
// No pattern here: a failing path parameter answers 404, while a PUT with a bad id is a 400.
const IdParams = z.object({ process_graph_id: z.string().openapi({ description: "Per-user unique identifier (^\\w+$) of a user-defined process." }) });
const common = { tags: ["User-Defined Processes"], security: bearerSecurity, middleware: [requireAuth] };

const listRoute = createRoute({
  ...common,
  method: "get",
  path: "/process_graphs",
  summary: "List all user-defined processes",
  request: { query: PagingQuerySchema },
  responses: jsonResponse(z.object({ processes: z.array(UserProcessSchema), links: z.array(LinkSchema) }), "The user's processes, sorted by id, without process graphs."),
});
const byId = { ...common, path: "/process_graphs/{process_graph_id}", request: { params: IdParams } };
const getRoute = createRoute({
  ...byId,
  method: "get",
  summary: "Full metadata for a user-defined process",
  responses: jsonResponse(UserProcessSchema, "The user-defined process with its process graph."),
});
const putRoute = createRoute({
  ...byId,
  method: "put",
  summary: "Store a user-defined process",
  middleware: [requireAuth, requireJsonBody],
  request: { ...byId.request, body: { required: true, content: { "application/json": { schema: UserProcessSchema } } } },
  responses: { 200: { description: "The user-defined process has been stored; an existing one with the id replaced." }, ...errorResponses },
});
const deleteRoute = createRoute({
  ...byId,
  method: "delete",
  summary: "Delete a user-defined process",
  responses: { 204: { description: "The user-defined process has been deleted." }, ...errorResponses },
});

export const processGraphsApi = new OpenAPIHono<AppEnv>()
  .openapi(listRoute, async (c) => {
    const listed = (await userStub(c.env, c.var.user!.user_id).listProcesses()).map((json) => JSON.parse(json) as Record<string, unknown>);
    const { page, links } = paginate(listed, c.req.valid("query"), c.req.url);
    return c.json({ processes: page, links }, 200);
  })
  .openapi(getRoute, async (c) => {
    const id = c.req.valid("param").process_graph_id;
    const json = await userStub(c.env, c.var.user!.user_id).getProcess(id);
    if (json === null) throw new OpenEOError("ProcessGraphNotFound", { identifier: id });
    return c.json(JSON.parse(json) as Record<string, unknown>, 200);
  })
  .openapi(putRoute, async (c) => {
    const id = c.req.valid("param").process_graph_id;
    checkProcessId(id);
    const record = toRecord(id, c.req.valid("json"));
    const userId = c.var.user!.user_id;
    // Validated against the user's other processes, and against itself: recursion is allowed.
    const userProcesses = withProcess(storedProcesses(c.env, userId), record.process);
    const { issues } = await checkProcess(record.process, { processes: PROCESSES, userProcesses });
    if (issues[0]) throw issueToError(issues[0]);
    await userStub(c.env, userId).putProcess(id, record.json, record.listing);
    forgetStoredProcess(userId, id);
    return c.body(null, 200);
  })
  .openapi(deleteRoute, async (c) => {
    const id = c.req.valid("param").process_graph_id;
    const userId = c.var.user!.user_id;
    if (!(await userStub(c.env, userId).deleteProcess(id))) throw new OpenEOError("ProcessGraphNotFound", { identifier: id });
    forgetStoredProcess(userId, id);
    return c.body(null, 204);
  });

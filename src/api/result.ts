import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { requireAuth } from "../auth/middleware";
import { OpenEOError } from "../errors";
import { readRunLog, storeRunLog } from "../execution/log-store";
import { runSynchronously } from "../execution/sync";
import { requireJsonBody } from "./middleware/json-body";
import { bearerSecurity, errorResponses, jsonResponse } from "./schemas/common";
import { requestedPlan } from "./billing";
import { LogLevelSchema, LogsSchema } from "./schemas/processing";
import { apiBaseOf } from "./version";

const ResultRequestSchema = z
  .object({
    process: z.record(z.string(), z.unknown()).openapi({ description: "The process to run: process_graph with optional metadata." }),
    budget: z.number().positive().nullable().optional(),
    plan: z.string().nullable().optional(),
    log_level: LogLevelSchema.optional(),
  })
  .passthrough()
  .openapi("SynchronousResultRequest");

const resultRoute = createRoute({
  method: "post",
  path: "/result",
  summary: "Process and download data synchronously",
  tags: ["Data Processing"],
  security: bearerSecurity,
  middleware: [requireAuth, requireJsonBody] as const,
  request: { body: { required: true, content: { "application/json": { schema: ResultRequestSchema } } } },
  responses: {
    200: { description: "The result in the requested format (a tar archive when there are several files)." },
    ...errorResponses,
  },
});

const logsRoute = createRoute({
  method: "get",
  path: "/logs/{log_id}",
  summary: "Logs of a synchronous request",
  tags: ["Data Processing"],
  security: bearerSecurity,
  middleware: [requireAuth] as const,
  request: { params: z.object({ log_id: z.string() }) },
  responses: jsonResponse(LogsSchema, "The log entries of the run."),
});

export const resultApi = new OpenAPIHono<AppEnv>()
  .openapi(resultRoute, async (c) => {
    const body = c.req.valid("json");
    const process = body.process;
    if (!("process_graph" in process)) throw new OpenEOError("ProcessGraphMissing");
    // Every request runs under the free plan; naming it is allowed, naming another is not.
    requestedPlan(body.plan);
    const user = c.var.user!;
    const apiBase = apiBaseOf(c.req.url);
    const logLevel = body.log_level ?? "info";
    // The request's signal aborts when the client goes away (enable_request_signal), which stops the reads.
    const outcome = await runSynchronously(process, { env: c.env, userId: user.user_id, apiBase, logLevel, signal: c.req.raw.signal });
    const logId = crypto.randomUUID();
    // The log is stored while the result is sent, and the response ends only once it is: whoever has
    // the whole result can read the log its Link names, and the first byte doesn't wait for R2.
    // A log that can't be stored doesn't fail the result: its link answers LogNotFound.
    const logStored = storeRunLog(c.env.RESULTS, user.user_id, logId, { level: logLevel, logs: outcome.log.entries }).catch((error: unknown) => {
      console.error(`the log ${logId} of a synchronous result could not be stored`, error);
    });
    c.executionCtx.waitUntil(logStored);
    const { name, mediaType, byteLength, chunks } = outcome.body;
    // The pieces (a large COG's tiles) go out one by one, as they are computed, instead of being joined first.
    const pieces = Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await pieces.next();
        if (!done) return controller.enqueue(value);
        await logStored;
        controller.close();
      },
      // The client went away: a large result's temporary storage is deleted as it stops.
      async cancel() {
        await pieces.return?.();
      },
    });
    // A known length goes out as Content-Length; a file encoded while sent (PNG) is chunked.
    return new Response(byteLength === undefined ? stream : stream.pipeThrough(new FixedLengthStream(byteLength)), {
      status: 200,
      headers: {
        "Content-Type": mediaType,
        "Content-Disposition": `attachment; filename="${name}"`,
        "OpenEO-Costs": String(outcome.costs),
        Link: `<${apiBase}/logs/${logId}>; rel="monitor"`,
      },
    });
  })
  .openapi(logsRoute, async (c) => {
    const { log_id } = c.req.valid("param");
    const log = await readRunLog(c.env.RESULTS, c.var.user!.user_id, log_id);
    if (!log) throw new OpenEOError("LogNotFound", { identifier: log_id });
    return c.json({ level: log.level, logs: log.logs, links: [] }, 200);
  });

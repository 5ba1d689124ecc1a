/** The runs of a batch job: starting and canceling them, their logs, results and estimate. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { requireAuth } from "../auth/middleware";
import { OpenEOError } from "../errors";
import { estimateJob } from "../jobs/estimate";
import { deleteObjects, ownJob, runPrefix } from "../jobs/job-store";
import type { LogEntry } from "../jobs/log-entry";
import { queueRun } from "../jobs/queue-run";
import { logsPage } from "./logs-page";
import { resultsDocument } from "../jobs/results-document";
import { JobEstimateSchema, JobLogsQuerySchema, JobLogsSchema, LogEntrySchema, ResultsDocumentSchema } from "./schemas/jobs";
import { bearerSecurity, errorResponses, jsonResponse } from "./schemas/common";
import { apiBaseOf } from "./version";
import { refuseOpenEOChange } from "../sentinel-hub/sentinel-hub-job";

const JobParams = z.object({ job_id: z.string().openapi({ description: "Identifier of the batch job." }) });
const common = { tags: ["Batch Jobs"], security: bearerSecurity, middleware: [requireAuth], request: { params: JobParams } };

const logsRoute = createRoute({
  ...common,
  method: "get",
  path: "/jobs/{job_id}/logs",
  summary: "Logs for a batch job",
  request: { ...common.request, query: JobLogsQuerySchema },
  responses: jsonResponse(JobLogsSchema, "The job's log entries, oldest first."),
});
const results = { ...common, path: "/jobs/{job_id}/results" };
const startRoute = createRoute({
  ...results,
  method: "post",
  summary: "Start processing a batch job",
  responses: { 202: { description: "The job has been queued, or was queued or running already." }, ...errorResponses },
});
const cancelRoute = createRoute({
  ...results,
  method: "delete",
  summary: "Cancel processing a batch job",
  responses: { 204: { description: "A queued or running run has been canceled and its partial files deleted." }, ...errorResponses },
});
const resultsRoute = createRoute({
  ...results,
  method: "get",
  summary: "List batch job results",
  request: {
    ...common.request,
    query: z.object({ partial: z.enum(["true", "false", ""]).optional().openapi({ description: "true: answer (without assets) while the job has not finished." }) }),
  },
  responses: {
    ...jsonResponse(ResultsDocumentSchema, "A STAC Item with signed links to the result files."),
    424: { description: "The job failed: its last error log entry.", content: { "application/json": { schema: LogEntrySchema } } },
  },
});
const estimateRoute = createRoute({
  ...common,
  method: "get",
  path: "/jobs/{job_id}/estimate",
  summary: "Get an estimate for a batch job",
  responses: jsonResponse(JobEstimateSchema, "Upper limits of the costs and the size, from the read plans of the job's loads."),
});


export const jobRunsApi = new OpenAPIHono<AppEnv>()
  .openapi(logsRoute, async (c) => {
    const { stub, job } = await ownJob(c.env, c.var.user!.user_id, c.req.valid("param").job_id);
    // Entries below the job's log level were never kept.
    return c.json(await logsPage(c.req.url, job.log_level, c.req.valid("query"), (options) => stub.logs(options)), 200);
  })
  .openapi(startRoute, async (c) => {
    const { job } = await ownJob(c.env, c.var.user!.user_id, c.req.valid("param").job_id);
    refuseOpenEOChange(job, "start");
    await queueRun(c.env, job, apiBaseOf(c.req.url));
    return c.body(null, 202);
  })
  .openapi(cancelRoute, async (c) => {
    const { stub, job } = await ownJob(c.env, c.var.user!.user_id, c.req.valid("param").job_id);
    refuseOpenEOChange(job, "cancel");
    const run = await stub.cancel();
    // A canceled run publishes nothing, so its partial files are of no use.
    if (run) await deleteObjects(c.env.RESULTS, runPrefix(job.user_id, job.id, run));
    return c.body(null, 204);
  })
  .openapi(resultsRoute, async (c) => {
    const { stub, job } = await ownJob(c.env, c.var.user!.user_id, c.req.valid("param").job_id);
    if (job.status === "error") {
      const failure: LogEntry = (await stub.logs({ level: "error" })).at(-1) ?? { id: "0", level: "error", message: "The batch job failed.", time: job.updated, path: [] };
      return c.json(failure, 424);
    }
    const partial = c.req.valid("query").partial;
    if (job.status !== "finished" && !(partial === "true" || partial === "")) throw new OpenEOError("JobNotFinished");
    // The owner's downloads are included in what the run cost.
    const document = await resultsDocument(c.env, job, apiBaseOf(c.req.url));
    return c.json(document, 200, { "OpenEO-Costs": "0" });
  })
  .openapi(estimateRoute, async (c) => {
    const userId = c.var.user!.user_id;
    const { job } = await ownJob(c.env, userId, c.req.valid("param").job_id);
    return c.json(await estimateJob(c.env, job.process, userId, apiBaseOf(c.req.url)), 200);
  });

import { z } from "@hono/zod-openapi";
import { LinkSchema } from "./common";
import { LogLevelSchema, LogsQuerySchema, LogsSchema } from "./processing";

export { LogEntrySchema } from "./processing";
const process = z.record(z.string(), z.unknown()).openapi({ description: "The process to run: process_graph with optional metadata." });
const title = z.string().nullable().optional();
const description = z.string().nullable().optional();
const plan = z.string().nullable().optional().openapi({ description: "The billing plan: `free`, the only one offered and the default (GET /)." });
const budget = z.number().min(0).nullable().optional();
const logLevel = LogLevelSchema.optional();

export const JobRequestSchema = z
  .object({ title, description, process, plan, budget, log_level: logLevel })
  .passthrough()
  .openapi("StoreBatchJobRequest", { description: "The job: its process and metadata; additional properties are stored as given." });

export const JobUpdateSchema = z
  .object({ title, description, process: process.optional(), plan, budget, log_level: logLevel })
  .openapi("UpdateBatchJobRequest");

export const BatchJobSchema = z.record(z.string(), z.unknown()).openapi("BatchJob", {
  description: "A batch job: id, status, progress, created, updated, costs, and, except in listings, its process and further metadata.",
});

export const JobListSchema = z.object({ jobs: z.array(BatchJobSchema), links: z.array(LinkSchema) });

export const JobLogsSchema = LogsSchema;

export const JobLogsQuerySchema = LogsQuerySchema;

export const JobEstimateSchema = z.object({
  costs: z.number(),
  duration: z.string().openapi({ description: "ISO 8601 duration, an upper limit in whole minutes, e.g. PT2M." }),
  size: z.number().int().optional(),
  downloads_included: z.null(),
  expires: z.string(),
});

export const ResultsDocumentSchema = z.record(z.string(), z.unknown()).openapi("BatchJobResult", {
  description: "A STAC Item (one data file) or Collection (several) whose assets are the result files, behind signed links that need no Bearer token.",
});

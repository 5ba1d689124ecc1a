/** What synchronous requests and batch jobs share: log levels and the shape of log entries. */
import { z } from "@hono/zod-openapi";
import { LOG_LEVELS } from "../../jobs/log-entry";
import { LinkSchema } from "./common";

export const LogLevelSchema = z.enum(LOG_LEVELS as ["debug", "info", "warning", "error"]);

export const LogEntrySchema = z
  .object({
    id: z.string(),
    code: z.string().optional(),
    level: LogLevelSchema,
    message: z.string(),
    time: z.string(),
    path: z.array(z.object({ node_id: z.string(), process_id: z.string().optional(), parameter: z.string().optional() })),
    data: z.unknown().optional(),
  })
  .openapi("LogEntry");

export const LogsSchema = z.object({ level: LogLevelSchema, logs: z.array(LogEntrySchema), links: z.array(LinkSchema) });

export const LogsQuerySchema = z.object({
  offset: z.string().optional().openapi({ description: "The id of the last entry received; only later entries are sent." }),
  level: LogLevelSchema.optional().openapi({ description: "The minimum level of the entries sent; all when omitted." }),
  limit: z.coerce.number().int().min(1).max(10_000).optional().openapi({ description: "Maximum number of entries; all when omitted." }),
});

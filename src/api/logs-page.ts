import type { z } from "@hono/zod-openapi";
import type { LogEntry, LogLevel } from "../jobs/log-entry";
import { stricterLevel } from "../jobs/log-entry";
import type { LogsQuerySchema } from "./schemas/processing";
import type { Link } from "./schemas/common";

/**
 * One page of a job's or service's log: entries after `offset` at or above the requested level
 * (never below the level the log kept), and a next link when more follow.
 */
export async function logsPage(
  requestUrl: string,
  kept: LogLevel,
  query: z.infer<typeof LogsQuerySchema>,
  read: (options: { offset?: string; level: LogLevel; limit?: number }) => Promise<LogEntry[]>,
): Promise<{ level: LogLevel; logs: LogEntry[]; links: Link[] }> {
  const { offset, level, limit } = query;
  const effective = stricterLevel(kept, level ?? "debug");
  // One more than asked tells whether a next page exists.
  const entries = await read({ ...(offset === undefined ? {} : { offset }), level: effective, ...(limit === undefined ? {} : { limit: limit + 1 }) });
  const logs = limit === undefined ? entries : entries.slice(0, limit);
  const links: Link[] = [];
  if (limit !== undefined && entries.length > limit) {
    const url = new URL(requestUrl);
    url.searchParams.set("offset", logs.at(-1)!.id);
    links.push({ rel: "next", href: url.toString(), type: "application/json" });
  }
  return { level: effective, logs, links };
}

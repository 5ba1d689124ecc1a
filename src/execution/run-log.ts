/**
 * The log of one run (a synchronous request, or a batch job's run before its entries go to the
 * JobDO): entries in the shape of the API's log_entry, filtered by the requested minimum level.
 * Messages stay short: never stack traces.
 */
import type { NewLogEntry } from "../../durable-objects/log-table";
import { levelsFrom, type LogData, type LogEntry, type LogLevel } from "../jobs/log-entry";

export type { LogLevel };

/** A log entry with data of any shape (the JobDO flattens it for RPC). */
export type RunLogEntry = Omit<LogEntry, "data"> & { data?: unknown };

export class RunLog {
  readonly entries: RunLogEntry[] = [];
  private readonly kept: LogLevel[];

  constructor(readonly level: LogLevel = "info") {
    this.kept = levelsFrom(level);
  }

  add(level: LogLevel, message: string, extra: { code?: string; data?: unknown } = {}): void {
    if (!this.kept.includes(level)) return;
    this.entries.push({ id: String(this.entries.length), level, message, time: new Date().toISOString(), path: [], ...extra });
  }

  /** The entries as a job's or service's Durable Object stores them. */
  stored(): NewLogEntry[] {
    return this.entries.map(({ level, message, code, data }) => ({
      level,
      message,
      ...(code ? { code } : {}),
      // Stored as JSON text; the type only keeps RPC inference flat.
      ...(data === undefined ? {} : { data: data as LogData }),
    }));
  }
}

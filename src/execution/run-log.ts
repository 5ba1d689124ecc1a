/**
 * The log of one run (a synchronous request, or a batch job's run before its entries go to the
 * JobDO): entries in the shape of the API's log_entry, filtered by the requested minimum level.
 * Messages stay short: never stack traces.
 */
import { levelsFrom, type LogEntry, type LogLevel } from "../jobs/log-entry";

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
}

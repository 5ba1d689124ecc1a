/**
 * The log of one run (a synchronous request now; jobs and services later): entries in the shape
 * of the API's log schema, filtered by the requested minimum level. Messages stay short: never
 * stack traces.
 */
export type LogLevel = "debug" | "info" | "warning" | "error";

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warning: 2, error: 3 };

export interface LogEntry {
  id: string;
  code?: string;
  level: LogLevel;
  message: string;
  time: string;
  data?: unknown;
}

export class RunLog {
  readonly entries: LogEntry[] = [];

  constructor(readonly level: LogLevel = "info") {}

  add(level: LogLevel, message: string, extra: { code?: string; data?: unknown } = {}): void {
    if (RANK[level] < RANK[this.level]) return;
    this.entries.push({ id: String(this.entries.length), level, message, time: new Date().toISOString(), ...extra });
  }
}

/** Flat on purpose: recursive JSON types defeat the type inference of Durable Object RPC. */
export type LogData = Record<string, string | number | boolean | null | (string | number)[]>;

export type LogLevel = "error" | "warning" | "info" | "debug";

/** From the least to the most severe. */
export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warning", "error"];

/** The levels at or above `min`. */
export function levelsFrom(min: LogLevel): LogLevel[] {
  return LOG_LEVELS.slice(LOG_LEVELS.indexOf(min));
}

/** The more severe of two minimum levels: what a log filtered by both may contain. */
export function stricterLevel(a: LogLevel, b: LogLevel): LogLevel {
  return LOG_LEVELS.indexOf(a) >= LOG_LEVELS.indexOf(b) ? a : b;
}

/** A log entry in the shape of the openEO API's log_entry schema. */
export interface LogEntry {
  id: string;
  code?: string;
  level: LogLevel;
  message: string;
  time: string;
  path: { node_id: string; process_id?: string; parameter?: string }[];
  data?: LogData;
}

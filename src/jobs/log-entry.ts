/** Flat on purpose: recursive JSON types defeat the type inference of Durable Object RPC. */
export type LogData = Record<string, string | number | boolean | null | (string | number)[]>;

export type LogLevel = "error" | "warning" | "info" | "debug";

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

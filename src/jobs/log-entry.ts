export type LogLevel = "error" | "warning" | "info" | "debug";

/** A log entry in the shape of the openEO API's log_entry schema. */
export interface LogEntry {
  id: string;
  code?: string;
  level: LogLevel;
  message: string;
  time: string;
  path: { node_id: string; process_id?: string; parameter?: string }[];
  /** Any JSON; typed loosely because recursive JSON types defeat Durable Object RPC type inference. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data?: any;
}

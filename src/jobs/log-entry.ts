import type { JsonValue } from "../json";

export type LogLevel = "error" | "warning" | "info" | "debug";

/** A log entry in the shape of the openEO API's log_entry schema. */
export interface LogEntry {
  id: string;
  code?: string;
  level: LogLevel;
  message: string;
  time: string;
  path: { node_id: string; process_id?: string; parameter?: string }[];
  data?: JsonValue;
}

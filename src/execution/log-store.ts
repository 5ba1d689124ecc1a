/** The logs of synchronous runs, kept in the RESULTS bucket for a day so the monitor link can show them. */
import { isRandomUuid } from "../uuid";
import type { LogLevel, RunLogEntry } from "./run-log";

export interface StoredLog {
  level: LogLevel;
  logs: RunLogEntry[];
}

const key = (userId: string, id: string) => `logs/sync/${userId}/${id}.json`;

export async function storeRunLog(bucket: R2Bucket, userId: string, id: string, log: StoredLog): Promise<void> {
  await bucket.put(key(userId, id), JSON.stringify(log), { httpMetadata: { contentType: "application/json" } });
}

/** Undefined when there is no such log for this user (another user's id finds nothing). */
export async function readRunLog(bucket: R2Bucket, userId: string, id: string): Promise<StoredLog | undefined> {
  // Log ids are random UUIDs; anything else names no log (and may be no valid R2 key).
  if (!isRandomUuid(id)) return undefined;
  const object = await bucket.get(key(userId, id));
  return object ? ((await object.json()) as StoredLog) : undefined;
}

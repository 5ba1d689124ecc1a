import type { Env } from "../env";
import { DEFAULT_READ_DEADLINES, type ReadDeadlines } from "../net/bounded-fetch";
import { numberSetting } from "../settings";

/** The deadlines of remote reads ([vars], in milliseconds), else bounded-fetch's defaults. */
export function readDeadlines(env: Env): ReadDeadlines {
  const setting = (name: keyof Env, fallback: number) => numberSetting(env, name, "count", fallback);
  return {
    firstByteMs: setting("REMOTE_READ_FIRST_BYTE_MS", DEFAULT_READ_DEADLINES.firstByteMs),
    idleMs: setting("REMOTE_READ_IDLE_MS", DEFAULT_READ_DEADLINES.idleMs),
    totalMs: setting("REMOTE_READ_TOTAL_MS", DEFAULT_READ_DEADLINES.totalMs),
  };
}

import type { Env } from "../env";
import type { ReadDeadlines } from "../net/bounded-fetch";

const SETTINGS = {
  firstByteMs: "REMOTE_READ_FIRST_BYTE_MS",
  idleMs: "REMOTE_READ_IDLE_MS",
  totalMs: "REMOTE_READ_TOTAL_MS",
} as const satisfies Record<keyof ReadDeadlines, keyof Env>;

/** The deadlines of remote reads the deployment sets ([vars]); unset ones keep bounded-fetch's defaults. A malformed setting is a deployment error. */
export function readDeadlines(env: Env): Partial<ReadDeadlines> {
  const deadlines: Partial<ReadDeadlines> = {};
  for (const deadline of Object.keys(SETTINGS) as (keyof ReadDeadlines)[]) {
    const name = SETTINGS[deadline];
    const configured = env[name];
    if (configured === undefined || configured === "") continue;
    if (!/^[1-9]\d*$/.test(configured)) throw new Error(`${name} must be a positive number of milliseconds, not '${configured}'`);
    deadlines[deadline] = Number(configured);
  }
  return deadlines;
}

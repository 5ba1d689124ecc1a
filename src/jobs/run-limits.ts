/**
 * The watchdog's limits for batch job runs ([vars], in seconds). The JobDO fails a run whose
 * invocations all went silent; each invocation beats often enough to stay well inside that, and
 * stops itself before the queue consumer's wall time (15 min) would kill it.
 */
import type { Env } from "../env";

export interface RunLimits {
  /** How long a working invocation may go without a heartbeat. */
  silenceMs: number;
  /** How long a message may wait in the queue before its invocation begins. */
  queuedMs: number;
  /** How long one invocation (the run, a chunk, the assembly) may take. */
  invocationMs: number;
  /** How often a working invocation beats: ten beats per silence, so a few lost ones don't matter. */
  heartbeatMs: number;
}

export const DEFAULT_RUN_SILENCE_SECONDS = 300;
export const DEFAULT_RUN_QUEUED_SECONDS = 3600;
export const DEFAULT_RUN_INVOCATION_SECONDS = 840;

/** A setting in seconds, or its default. A malformed setting is a deployment error. */
function seconds(name: string, configured: string | undefined, fallback: number): number {
  if (configured === undefined || configured === "") return fallback;
  const value = Number(configured);
  if (!/^\d+(\.\d+)?$/.test(configured) || value <= 0) throw new Error(`${name} must be a positive number of seconds, not '${configured}'`);
  return value;
}

export function runLimits(env: Env): RunLimits {
  const silence = seconds("RUN_SILENCE_SECONDS", env.RUN_SILENCE_SECONDS, DEFAULT_RUN_SILENCE_SECONDS);
  return {
    silenceMs: silence * 1000,
    queuedMs: seconds("RUN_QUEUED_SECONDS", env.RUN_QUEUED_SECONDS, DEFAULT_RUN_QUEUED_SECONDS) * 1000,
    invocationMs: seconds("RUN_INVOCATION_SECONDS", env.RUN_INVOCATION_SECONDS, DEFAULT_RUN_INVOCATION_SECONDS) * 1000,
    heartbeatMs: silence * 100,
  };
}

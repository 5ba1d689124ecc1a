/**
 * The watchdog's limits for batch job runs ([vars], in seconds). The JobDO fails a run whose
 * invocations all went silent; each invocation beats often enough to stay well inside that, and
 * stops itself before the queue consumer's wall time (15 min) would kill it.
 */
import type { Env } from "../env";
import { numberSetting } from "../settings";

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

export function runLimits(env: Env): RunLimits {
  const silence = numberSetting(env, "RUN_SILENCE_SECONDS", "seconds", DEFAULT_RUN_SILENCE_SECONDS);
  return {
    silenceMs: silence * 1000,
    queuedMs: numberSetting(env, "RUN_QUEUED_SECONDS", "seconds", DEFAULT_RUN_QUEUED_SECONDS) * 1000,
    invocationMs: numberSetting(env, "RUN_INVOCATION_SECONDS", "seconds", DEFAULT_RUN_INVOCATION_SECONDS) * 1000,
    heartbeatMs: silence * 100,
  };
}

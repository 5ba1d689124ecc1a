/**
 * The three steps of a run on the batch queue: the run's first invocation (the result, or its
 * chunks sent), one chunk, and the assembly once every chunk is in. openEO jobs evaluate their
 * process graph; jobs that carry a Sentinel Hub request have steps of their own (src/sentinel-hub).
 */
import type { JobOutcome, JobRecord } from "../../durable-objects/job";
import type { Env } from "../env";
import type { RunLog } from "../execution/run-log";
import { assembleRun } from "./assemble";
import { executeRun } from "./execute-run";
import type { AssembleMessage, ChunkMessage, FeaturesMessage, RunMessage } from "./messages";
import { runChunk } from "./run-chunk";

export interface RunSteps {
  run(env: Env, job: JobRecord, message: RunMessage, log: RunLog, signal: AbortSignal): Promise<JobOutcome | { chunks: number }>;
  chunk(env: Env, job: JobRecord, message: ChunkMessage, signal: AbortSignal): Promise<void>;
  /** A chunk of features, for the runs that have them (a Sentinel Hub batch statistical request's). */
  features?(env: Env, job: JobRecord, message: FeaturesMessage, signal: AbortSignal): Promise<void>;
  assemble(env: Env, job: JobRecord, message: AssembleMessage, signal: AbortSignal): Promise<void>;
}

export const OPENEO_STEPS: RunSteps = { run: executeRun, chunk: runChunk, assemble: assembleRun };

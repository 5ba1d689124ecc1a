// The memory one request takes inside the local Worker, for bench/e2e.ts.
//
// Hook: the goal is measured inside workerd through the DevTools protocol (JS heap and
// ArrayBuffers after a GC), which bench/inspector-memory.ts will do once it is merged. Until then
// this reports what /proc shows: the growth of workerd's resident memory while the request runs,
// an upper bound (it includes garbage not yet collected and memory workerd keeps after freeing).
import type { LocalWorker } from "../scripts/local-worker.mjs";
import { rssSampler, workerdPid } from "./workerd-memory";

export interface MemoryPeak {
  /** What was measured, for the table. */
  method: string;
  peakBytes: number;
}

export async function peakMemoryOf(worker: LocalWorker, request: () => Promise<unknown>): Promise<MemoryPeak> {
  const sampler = rssSampler(workerdPid(worker.pid));
  await request();
  return { method: "workerd RSS growth (/proc)", peakBytes: sampler.stop() };
}

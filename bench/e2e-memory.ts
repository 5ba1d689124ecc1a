// The memory one request takes inside the local Worker, for bench/e2e.ts: V8's own count through
// wrangler dev's inspector (bench/inspector-memory.ts), live JS heap plus ArrayBuffers sampled
// after garbage collections while the request runs, the measure of issue 14's goal.
import { startInspectorMemory } from "./inspector-memory";

export interface MemoryPeak {
  /** Largest JS heap + ArrayBuffers of one sample, bytes. */
  peakBytes: number;
  /** What the peak is made of and how it was sampled, for the notes. */
  detail: string;
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

export async function peakMemoryOf(inspectorPort: number, request: () => Promise<unknown>): Promise<MemoryPeak> {
  const sampler = await startInspectorMemory(inspectorPort);
  await request();
  const peaks = await sampler.stop();
  return {
    peakBytes: peaks.peakTotal,
    detail: `peak JS heap ${mb(peaks.peakHeap)} MB, peak ArrayBuffers ${mb(peaks.peakArrayBuffers)} MB, before the request ${mb(peaks.start.usedSize + (peaks.start.backingStorageSize ?? 0))} MB; ${peaks.samples} samples, ${peaks.collected} after a finished collection`,
  };
}

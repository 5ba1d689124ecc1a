// Memory and statistics helpers of the processing benchmarks (run with node --expose-gc).

/** Live memory: V8's heap plus ArrayBuffers after a full garbage collection. */
export function live(): number {
  (globalThis as { gc?: () => void }).gc!();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * Peak live memory above the start, sampled every 5 ms the event loop is free (between reads and
 * strips, where the large arrays are alive); garbage not yet collected is not counted.
 */
export function memorySampler(): { stop(): number } {
  const base = live();
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, live() - base);
  };
  const timer = setInterval(sample, 5);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

/**
 * The cost model reported in OpenEO-Costs: what a run costs is what it reads. One credit per
 * GiB of source data read (COG headers and tiles, as fetched), with four decimals; everything
 * else (computing, encoding) is included. Simple and predictable, and the same bytes the engine's
 * estimate and the benchmarks count.
 */
export const CREDITS_PER_GIB = 1;

export function costOf(bytesRead: number): number {
  return Math.round((bytesRead / 2 ** 30) * CREDITS_PER_GIB * 10_000) / 10_000;
}

/**
 * The statistics GDAL keeps per band (STATISTICS_MINIMUM, ..._MAXIMUM, ..._MEAN, ..._STDDEV,
 * ..._VALID_PERCENT) and STAC's raster:bands carry, accumulated from rows as a file is written, so
 * viewers can stretch the values without reading the file first. No-data and NaN don't count.
 */
import type { TypedArray } from "./grid";

export interface BandStatistics {
  minimum: number;
  maximum: number;
  mean: number;
  /** Of the population, as GDAL computes it. */
  stddev: number;
  /** The share of valid pixels, in percent. */
  valid_percent: number;
}

/**
 * The squared deviations of two groups of values about their joint mean (Chan, Golub and LeVeque),
 * from each group's count, mean and squared deviations about its own mean.
 */
export function joinedSquares(na: number, meanA: number, m2a: number, nb: number, meanB: number, m2b: number): number {
  if (na === 0 || nb === 0) return na === 0 ? m2b : m2a;
  const delta = meanB - meanA;
  return m2a + (m2b + (delta * delta * na * nb) / (na + nb));
}

/**
 * One band's running statistics; means and squared deviations are merged row by row (Chan et al.),
 * which stays exact where a plain sum of squares loses precision. Row by row, whatever blocks the
 * rows come in: a file written in other strips (a batch job's chunks, a synchronous result's strips)
 * gets the same statistics to the last bit, and so the same bytes.
 */
export class StatisticsAccumulator {
  private count = 0;
  private total = 0;
  private mean = 0;
  private m2 = 0;
  private min = Infinity;
  private max = -Infinity;

  constructor(private readonly nodata: number | null) {}

  /** Rows of `width` values, row-major. */
  addRows(values: TypedArray, width: number): void {
    for (let start = 0; start < values.length; start += width) this.add(values.subarray(start, start + width));
  }

  private add(values: TypedArray): void {
    // A local no-data (NaN when there is none: NaN is skipped anyway), not a field read per value.
    const nodata = this.nodata ?? NaN;
    let n = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v !== v || v === nodata) continue;
      n++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    this.total += values.length;
    if (n === 0) return;
    const mean = sum / n;
    let m2 = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v !== v || v === nodata) continue;
      m2 += (v - mean) * (v - mean);
    }
    const count = this.count + n;
    const delta = mean - this.mean;
    this.m2 = joinedSquares(this.count, this.mean, this.m2, n, mean, m2);
    this.mean += (delta * n) / count;
    this.count = count;
    this.min = Math.min(this.min, min);
    this.max = Math.max(this.max, max);
  }

  /** Null when no pixel was valid (GDAL then writes no statistics either). */
  result(): BandStatistics | null {
    if (this.count === 0) return null;
    return { minimum: this.min, maximum: this.max, mean: this.mean, stddev: Math.sqrt(this.m2 / this.count), valid_percent: (100 * this.count) / this.total };
  }
}

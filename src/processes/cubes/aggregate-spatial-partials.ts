/** What aggregate_spatial answers in a chunk of a batch job's zonal statistics (src/execution/partials.ts merges it). */
import type { PartialAggregation, PartialVectorCube } from "../../cube/partial-aggregation";
import { boundPlanes, summaryOf, summarySize, SUMMARY_BUDGET, type QuantileSummary } from "../../cube/quantile-summary";
import type { RasterCube } from "../../cube/types";

type Base = Omit<PartialAggregation, "sum" | "m2" | "min" | "max" | "valid" | "total" | "quantiles">;

/**
 * Sums, squared deviations, extremes and counts of each geometry's pixels per plane, and with
 * `quantiles` summaries of their values: one strip's share of the statistics.
 */
export function partialStatistics(cube: RasterCube, pixels: number[][], base: Base, quantiles: boolean): PartialVectorCube {
  const partial: PartialAggregation = { ...base, sum: [], m2: [], min: [], max: [], valid: [], total: [], ...(quantiles ? { quantiles: [] } : {}) };
  const scratch = new Float64Array(quantiles ? pixels.reduce((most, covered) => Math.max(most, covered.length), 0) : 0);
  // Values are kept exactly while the strip's exact values fit the budget, in geometry order.
  let kept = 0;
  for (const plane of cube.planes) {
    const [sum, m2, min, max, valid, summaries]: [number[], number[], (number | null)[], (number | null)[], number[], QuantileSummary[]] = [[], [], [], [], [], []];
    for (const covered of pixels) {
      let [s, lo, hi, n] = [0, Infinity, -Infinity, 0];
      for (const i of covered) {
        const v = plane[i]!;
        if (Number.isNaN(v)) continue;
        s += v;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
        if (quantiles) scratch[n] = v;
        n++;
      }
      // A second pass about the strip's mean: sums of squares less their square would cancel.
      let squares = 0;
      const mean = n > 0 ? s / n : 0;
      for (const i of covered) {
        const v = plane[i]!;
        if (!Number.isNaN(v)) squares += (v - mean) ** 2;
      }
      sum.push(s);
      m2.push(squares);
      min.push(n > 0 ? lo : null);
      max.push(n > 0 ? hi : null);
      valid.push(n);
      if (quantiles) {
        const summary = summaryOf(scratch.subarray(0, n), kept + n <= SUMMARY_BUDGET);
        if ("sorted" in summary) kept += summarySize(summary);
        summaries.push(summary);
      }
    }
    partial.sum.push(sum);
    partial.m2.push(m2);
    partial.min.push(min);
    partial.max.push(max);
    partial.valid.push(valid);
    partial.total.push(pixels.map((covered) => covered.length));
    partial.quantiles?.push(summaries);
  }
  if (partial.quantiles) boundPlanes(partial.quantiles);
  // The sums stand in as values, so that save_result sees a vector cube of the whole's shape.
  return { kind: "vector", crs: base.crs, geometries: base.geometries, dims: base.dims, values: partial.sum.map((plane) => Float64Array.from(plane)), partial };
}

/** One band's statistics: percentiles by rank, one value, the histogram's edges and overflows, and nothing valid. */
import { describe, expect, it } from "vitest";
import { bandStatistics, HistogramTooLarge, percentile, percentileKey } from "../../../src/sentinel-hub/statistics/band-statistics";

const of = (...values: number[]) => Float64Array.from(values);

describe("band statistics", () => {
  it("takes percentiles between ranks 0 and n - 1 as numpy's methods do", () => {
    // Five values: p 30 lies at rank 1.2, p 50 at 2, p 62.5 at 2.5 (halves go to the even rank, 2).
    const sorted = of(10, 20, 30, 40, 50);
    expect(["lower", "higher", "nearest", "midpoint", "linear"].map((how) => percentile(sorted, 30, how as never))).toEqual([20, 30, 20, 25, 20 + 0.2 * 10]);
    expect(["lower", "higher", "nearest", "midpoint", "linear"].map((how) => percentile(sorted, 50, how as never))).toEqual([30, 30, 30, 30, 30]);
    expect(percentile(sorted, 62.5, "nearest")).toBe(30);
    expect(percentile(sorted, 87.5, "nearest")).toBe(50);
    expect([percentile(sorted, 0, "higher"), percentile(sorted, 100, "lower")]).toEqual([10, 50]);
    expect([percentileKey(50), percentileKey(12.5), percentileKey(0)]).toEqual(["50.0", "12.5", "0.0"]);
  });

  it("gives one value a stDev of 0, and its histogram a single bin that holds it", () => {
    const { stats, histogram } = bandStatistics(of(0.25), 4, { histogram: { nBins: 3 } });
    expect(stats).toEqual({ min: 0.25, max: 0.25, mean: 0.25, stDev: 0, sampleCount: 4, noDataCount: 3 });
    expect(histogram).toEqual({ bins: [{ lowEdge: 0.25, highEdge: 0.25, count: 1 }], overflowCount: 0, underflowCount: 0 });
  });

  it("makes a whole number of bins of binWidth where the range divides within rounding, the last edge the high one", () => {
    // (0.4 - 0.1) / 0.1 is 3.0000000000000004 in doubles: three bins, not four (0.3 lies below the edge 0.1 + 2 x 0.1).
    const { histogram } = bandStatistics(of(0.1, 0.2, 0.3, 0.4), 4, { histogram: { binWidth: 0.1, lowEdge: 0.1, highEdge: 0.4 } });
    expect(histogram!.bins.map((b) => [b.lowEdge, b.highEdge, b.count])).toEqual([[0.1, 0.2, 1], [0.2, 0.1 + 2 * 0.1, 2], [0.1 + 2 * 0.1, 0.4, 1]]);
    // The data's own range: the same.
    expect(bandStatistics(of(0.1, 0.2, 0.3, 0.4), 4, { histogram: { binWidth: 0.1 } }).histogram!.bins).toHaveLength(3);
    // A range that doesn't divide keeps its last bin whole, past the high edge.
    expect(bandStatistics(of(0, 1), 2, { histogram: { binWidth: 0.4, lowEdge: 0, highEdge: 1 } }).histogram!.bins.map((b) => b.highEdge)).toEqual([0.4, 0.8, 0.4 * 3]);
  });

  it("gives no bins where the one edge given lies beyond the data: everything under or over it", () => {
    expect(bandStatistics(of(0.1, 0.5), 2, { histogram: { nBins: 4, lowEdge: 0.9 } }).histogram).toEqual({ bins: [], overflowCount: 0, underflowCount: 2 });
    expect(bandStatistics(of(0.1, 0.5), 2, { histogram: { binWidth: 0.1, highEdge: 0.05 } }).histogram).toEqual({ bins: [], overflowCount: 2, underflowCount: 0 });
  });

  it("divides by n - 1, and counts values outside the edges apart, the high edge inside the last bin", () => {
    const { stats, histogram } = bandStatistics(of(1, 2, 3, 4, 9), 5, { histogram: { binWidth: 2, lowEdge: 2, highEdge: 8 } });
    // Mean 3.8: squared deviations 7.84, 3.24, 0.64, 0.04 and 27.04.
    expect(stats.stDev).toBeCloseTo(Math.sqrt(38.8 / 4), 12);
    expect(histogram).toEqual({ bins: [{ lowEdge: 2, highEdge: 4, count: 2 }, { lowEdge: 4, highEdge: 6, count: 1 }, { lowEdge: 6, highEdge: 8, count: 0 }], overflowCount: 1, underflowCount: 1 });
    expect(bandStatistics(of(1, 2, 4), 3, { histogram: { edges: [1, 2, 4] } }).histogram!.bins.map((b) => b.count)).toEqual([1, 2]);
  });

  it("answers \"NaN\" where nothing is valid, and refuses a binWidth too fine for the data's range", () => {
    expect(bandStatistics(of(), 9, { percentiles: { k: [50], interpolation: "higher" } }).stats).toEqual({ min: "NaN", max: "NaN", mean: "NaN", stDev: "NaN", sampleCount: 9, noDataCount: 9, percentiles: { "50.0": "NaN" } });
    expect(() => bandStatistics(of(0, 1), 2, { histogram: { binWidth: 1e-6 } })).toThrow(HistogramTooLarge);
  });
});

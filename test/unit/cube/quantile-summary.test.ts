import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../src/cube/geometry/random-points";
import { atLevel, collapsed, mergeSketches, sketchAccuracy, sketchOf } from "../../../src/cube/quantile-sketch";
import { boundSummaries, EXACT_MAX, mergeSummaries, summaryCount, summaryOf, summaryRanks, summarySize, SUMMARY_BUDGET, type QuantileSummary } from "../../../src/cube/quantile-summary";
import { OpenEOError } from "../../../src/errors";
import { medianAt, quantileType7At } from "../../../src/processes/shared/statistics";
import { median } from "../../../src/processes/statistics/median";
import { quantiles } from "../../../src/processes/statistics/quantiles";

const CTX = { log: () => undefined };
const PROBABILITIES = Array.from({ length: 101 }, (_, k) => k / 100);

const sortedCopy = (values: number[]) => [...values].sort((a, b) => a - b);

/** Type 7 by its textbook formula over ascending values: x[lo] + f (x[lo+1] - x[lo]), h = (n - 1) p. */
function reference(sorted: number[], p: number): { value: number; low: number; high: number } {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const [low, high] = [sorted[lo]!, sorted[Math.min(lo + 1, sorted.length - 1)]!];
  return { value: h === lo ? low : low + (h - lo) * (high - low), low, high };
}

/** Float32 values: a share of zeros, the rest of either sign with magnitudes log-uniform over 10^-decades..10^decades. */
function randomValues(seed: number, count: number, decades: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => (random() < 0.05 ? 0 : Math.fround((random() < 0.3 ? -1 : 1) * 10 ** (decades * (2 * random() - 1)))));
}

/** The values cut into pieces of the given sizes, each summarised, then merged in the order given. */
function merged(values: number[], sizes: number[]): QuantileSummary {
  const pieces: QuantileSummary[] = [];
  let at = 0;
  for (const size of sizes) pieces.push(summaryOf(Float64Array.from(values.slice(at, (at += size)))));
  expect(at).toBe(values.length);
  return pieces.reduce((a, b) => mergeSummaries(a, b));
}

const quantile = (s: QuantileSummary, p: number) => quantileType7At(summaryCount(s), summaryRanks(s), p);

describe("quantile summaries", () => {
  it("refuse a merge whose sketches would be coarser than about 1.6 % (level 4), whatever their size", () => {
    const values = Array.from({ length: 1000 }, (_, i) => 10 ** (-6 + (12 * i) / 999));
    const coarse = atLevel(sketchOf(values), 5);
    expect(() => boundSummaries([{ negInf: 0, posInf: 0, sketch: coarse }])).toThrow(OpenEOError);
    expect(() => boundSummaries([{ negInf: 0, posInf: 0, sketch: atLevel(sketchOf(values), 4) }])).not.toThrow();
    expect(sketchAccuracy(4)).toBeLessThan(0.02);
  });

  it("merge exact pieces into exactly the whole's quantiles and median, infinities included", () => {
    const values = [...randomValues(1, 3000, 3), -Infinity, Infinity, Infinity, 0, 0];
    const random = seededRandom(2);
    for (let i = values.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [values[i], values[j]] = [values[j]!, values[i]!];
    }
    const whole = merged(values, [1000, 0, 7, 1998]);
    expect("sorted" in whole).toBe(true);
    expect(summaryCount(whole)).toBe(values.length);
    // What the processes answer over all the values at once, to the last bit.
    const processes = quantiles.run({ data: values, probabilities: PROBABILITIES, ignore_nodata: true }, CTX) as number[];
    PROBABILITIES.forEach((p, k) => expect(quantile(whole, p), `p=${p}`).toBe(processes[k]));
    const sorted = sortedCopy(values);
    PROBABILITIES.forEach((p) => expect(quantile(whole, p)).toBeCloseTo(reference(sorted, p).value, 9));
    const odd = merged(values.slice(1), [500, 2504]);
    for (const [s, data] of [[whole, values], [odd, values.slice(1)]] as const) {
      expect(medianAt(summaryCount(s), summaryRanks(s))).toBe(median.run({ data, ignore_nodata: true }, CTX));
    }
  });

  it("become sketches beyond EXACT_MAX, whose quantiles stay within α times the larger magnitude of the two ranks interpolated", () => {
    for (const [seed, decades] of [[3, 6], [4, 1]] as const) {
      const values = [...randomValues(seed, 150_000, decades), -Infinity, Infinity];
      // A sketch merged with exact pieces and with other sketches.
      const whole = merged(values, [EXACT_MAX + 1, 20_000, 50_000, 14_465]);
      expect("sketch" in whole).toBe(true);
      expect(summaryCount(whole)).toBe(values.length);
      const level = "sketch" in whole ? whole.sketch.level : -1;
      const alpha = sketchAccuracy(level);
      let worst = 0;
      const sorted = sortedCopy(values);
      for (const p of PROBABILITIES) {
        const { value, low, high } = reference(sorted, p);
        const error = Math.abs(quantile(whole, p) - value);
        const bound = alpha * Math.max(Math.abs(low), Math.abs(high));
        if (Number.isFinite(value)) expect(error, `p=${p}`).toBeLessThanOrEqual(bound * (1 + 1e-9));
        else expect(quantile(whole, p)).toBe(value);
        if (bound > 0 && Number.isFinite(error)) worst = Math.max(worst, error / bound);
      }
      // Not exact: the bound is what is being tested, and it is not loose by orders of magnitude.
      expect(worst).toBeGreaterThan(0.05);
      // Twelve decades need a few collapses to fit MAX_BUCKETS; two need fewer.
      expect(alpha).toBeLessThan(decades === 6 ? 0.02 : 0.005);
    }
  });

  it("merge sketches of different levels as the sketch of all values at the coarser level", () => {
    const [x, y] = [randomValues(5, 5000, 4), randomValues(6, 3000, 2)];
    const a = atLevel(sketchOf(x), 2);
    expect(mergeSketches(a, sketchOf(y))).toEqual(atLevel(sketchOf([...x, ...y]), 2));
    expect(mergeSketches(sketchOf(y), a)).toEqual(atLevel(sketchOf([...x, ...y]), 2));
    expect(collapsed(sketchOf(x), 100).positive.length / 2).toBeLessThanOrEqual(100);
  });

  it("are kept within SUMMARY_BUDGET numbers: exact ones become sketches, largest first, then sketches collapse", () => {
    const values = randomValues(7, 60_000, 3);
    const summaries = Array.from({ length: 12 }, (_, i) => summaryOf(Float64Array.from(values.slice(0, 60_000 - i * 1000))));
    expect(summaries.reduce((n, s) => n + summarySize(s), 0)).toBeGreaterThan(SUMMARY_BUDGET);
    boundSummaries(summaries);
    expect(summaries.reduce((n, s) => n + summarySize(s), 0)).toBeLessThanOrEqual(SUMMARY_BUDGET);
    // 654,000 values: the three largest as sketches (about 4,000 numbers each) bring them under 500,000.
    expect(summaries.map((s) => "sorted" in s)).toEqual([false, false, false, ...Array(9).fill(true)]);
    const sketch = summaries[0]!;
    const alpha = sketchAccuracy("sketch" in sketch ? sketch.sketch.level : -1);
    const { value, low, high } = reference(sortedCopy(values), 0.5);
    expect(Math.abs(quantile(sketch, 0.5) - value)).toBeLessThanOrEqual(alpha * Math.max(Math.abs(low), Math.abs(high)) * (1 + 1e-9));
  });

  it("refuse what can't fit even with sketches collapsed to the last level", () => {
    const tiny = (): QuantileSummary => ({ negInf: 0, posInf: 0, sketch: { level: 16, zeros: 0, positive: [0, 1, 1, 1], negative: [0, 1, 1, 1] } });
    const summaries = Array.from({ length: SUMMARY_BUDGET / 8 + 1 }, tiny);
    expect(() => boundSummaries(summaries)).toThrow(OpenEOError);
  });
});

import { isNodata } from "./values";

/**
 * The numbers a statistics reducer works on: no-data values dropped when ignoreNodata,
 * otherwise null as soon as one is present (the whole result is then no-data).
 */
export function numbersOf(data: unknown[], ignoreNodata: boolean): number[] | null {
  const numbers: number[] = [];
  for (const value of data) {
    if (isNodata(value)) {
      if (!ignoreNodata) return null;
    } else numbers.push(value as number);
  }
  return numbers;
}

/** Sample quantile of type 7 (Hyndman & Fan) on ascending numbers without NaN, 0 ≤ p ≤ 1. */
export function quantileType7(sorted: number[], p: number): number {
  return quantileType7At(sorted.length, (k) => sorted[k]!, p);
}

/**
 * quantileType7 over `count` ascending values known by rank (`at(k)`, from 0), so that values merged
 * from pieces (batch zonal statistics) interpolate exactly as the quantiles process does.
 */
export function quantileType7At(count: number, at: (k: number) => number, p: number): number {
  const h = (count - 1) * p;
  const lower = Math.floor(h);
  const low = at(lower);
  const fraction = h - lower;
  if (fraction === 0) return low;
  const high = at(lower + 1);
  // Weighted form instead of low + f*(high-low): keeps -∞/+∞ neighbours from turning into NaN.
  return low === high ? low : (1 - fraction) * low + fraction * high;
}

/** The median of `count` (at least 1) ascending values known by rank: the middle one, or the mean of the two middle ones. */
export function medianAt(count: number, at: (k: number) => number): number {
  const middle = count >> 1;
  return count % 2 === 1 ? at(middle) : (at(middle - 1) + at(middle)) / 2;
}

export function ascending(numbers: number[]): number[] {
  return [...numbers].sort((a, b) => a - b);
}

/** Divided by n - 1; over any array of numbers (the Statistical API's float32 samples too). */
export function sampleVariance(numbers: ArrayLike<number>): number {
  const n = numbers.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += numbers[i]!;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (numbers[i]! - mean) ** 2;
  return squares / (n - 1);
}

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
  const h = (sorted.length - 1) * p;
  const lower = Math.floor(h);
  const low = sorted[lower]!;
  const fraction = h - lower;
  if (fraction === 0) return low;
  const high = sorted[lower + 1]!;
  // Weighted form instead of low + f*(high-low): keeps -∞/+∞ neighbours from turning into NaN.
  return low === high ? low : (1 - fraction) * low + fraction * high;
}

export function ascending(numbers: number[]): number[] {
  return [...numbers].sort((a, b) => a - b);
}

export function sampleVariance(numbers: number[]): number {
  const mean = numbers.reduce((sum, x) => sum + x, 0) / numbers.length;
  const squares = numbers.reduce((sum, x) => sum + (x - mean) ** 2, 0);
  return squares / (numbers.length - 1);
}

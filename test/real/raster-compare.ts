/** Comparing result rasters pixel by pixel with expected ones (recomputed, or another result). */
import { expect } from "vitest";

/** float32 results against double recomputations: a few float32 roundings of values within [-1, 1]. */
export const FLOAT32_TOLERANCE = 2e-6;

/** The pixels where `actual` and `expected` differ (NaN = no-data must match NaN), as readable lines. */
export function rasterDifferences(actual: ArrayLike<number>, expected: ArrayLike<number>, width: number, tolerance: number): string[] {
  const differences: string[] = [];
  if (actual.length !== expected.length) return [`${actual.length} pixels instead of ${expected.length}`];
  for (let i = 0; i < expected.length; i++) {
    const [a, e] = [actual[i]!, expected[i]!];
    const same = Number.isNaN(e) ? Number.isNaN(a) : Math.abs(a - e) <= tolerance;
    if (!same) differences.push(`pixel (${i % width}, ${Math.floor(i / width)}): got ${a}, expected ${e}`);
  }
  return differences;
}

export function expectSameRaster(actual: ArrayLike<number>, expected: ArrayLike<number>, width: number, tolerance: number): void {
  const differences = rasterDifferences(actual, expected, width, tolerance);
  expect(differences.length, `${differences.length} pixels differ, such as:\n${differences.slice(0, 10).join("\n")}`).toBe(0);
}

export const countNoData = (values: ArrayLike<number>) => Array.from(values).filter(Number.isNaN).length;

/** Recomputes a value for every pixel of a result grid from the map coordinates of its centre. */
export function expectedOnGrid(grid: { bbox: number[]; width: number; height: number }, valueAt: (x: number, y: number) => number): Float64Array {
  const [minX, minY, maxX, maxY] = grid.bbox as [number, number, number, number];
  const [px, py] = [(maxX - minX) / grid.width, (maxY - minY) / grid.height];
  const out = new Float64Array(grid.width * grid.height);
  for (let row = 0; row < grid.height; row++) {
    for (let col = 0; col < grid.width; col++) out[row * grid.width + col] = valueAt(minX + (col + 0.5) * px, maxY - (row + 0.5) * py);
  }
  return out;
}

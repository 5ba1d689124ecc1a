/**
 * The band statistics a written GeoTIFF carries in GDAL's metadata tag, read back with our own TIFF
 * parser, and the same statistics recomputed here from pixel values (plainly, in two passes), so
 * tests compare what the writer accumulated with what the pixels say.
 */
import { expect } from "vitest";
import { parseTiff } from "../../src/raster/tiff-parser";
import { Tag } from "../../src/raster/tiff-tags";

export interface Statistics {
  minimum: number;
  maximum: number;
  mean: number;
  stddev: number;
  valid_percent: number;
}

/** STATISTICS_* items of the full-resolution image, per sample. */
export function fileStatistics(bytes: Uint8Array): Map<number, Statistics> {
  const metadata = parseTiff(bytes).ifds[0]!.get(Tag.GdalMetadata);
  const bands = new Map<number, Record<string, number>>();
  for (const [, name, sample, value] of String(metadata ?? "").matchAll(/<Item name="STATISTICS_(\w+)" sample="(\d+)">([^<]*)<\/Item>/g)) {
    const band = bands.get(Number(sample)) ?? {};
    band[name!.toLowerCase()] = Number(value);
    bands.set(Number(sample), band);
  }
  return new Map([...bands].map(([sample, s]) => [sample, s as unknown as Statistics]));
}

/** The statistics of the values other than NaN and `nodata`; null when there are none. */
export function recomputed(values: ArrayLike<number>, nodata: number | null = null): Statistics | null {
  const valid = Array.from(values).filter((v) => !Number.isNaN(v) && v !== nodata);
  if (valid.length === 0) return null;
  const mean = valid.reduce((sum, v) => sum + v, 0) / valid.length;
  const variance = valid.reduce((sum, v) => sum + (v - mean) ** 2, 0) / valid.length;
  const [minimum, maximum] = valid.reduce(([min, max], v) => [Math.min(min, v), Math.max(max, v)], [Infinity, -Infinity]);
  return { minimum, maximum, mean, stddev: Math.sqrt(variance), valid_percent: (100 * valid.length) / values.length };
}

/** Statistics equal up to float rounding of the accumulated sums. */
export function expectStatistics(actual: Statistics | undefined, expected: Statistics | null): void {
  expect(expected).not.toBeNull();
  expect(actual).toBeDefined();
  expect(actual!.minimum).toBe(expected!.minimum);
  expect(actual!.maximum).toBe(expected!.maximum);
  expect(actual!.mean).toBeCloseTo(expected!.mean, 9);
  expect(actual!.stddev).toBeCloseTo(expected!.stddev, 9);
  expect(actual!.valid_percent).toBeCloseTo(expected!.valid_percent, 9);
}

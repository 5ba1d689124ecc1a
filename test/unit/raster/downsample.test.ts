import { describe, expect, it } from "vitest";
import { allocate } from "../../../src/raster/data-types";
import type { DataType } from "../../../src/raster/grid";
import { Downsampler } from "../../../src/raster/downsample";

/** The mean of each block's valid values, block by block over the whole band: what the overview should hold. */
function blockMeans(band: number[], width: number, height: number, outWidth: number, outHeight: number, nodata: number | null, round: boolean): number[] {
  const out: number[] = [];
  for (let j = 0; j < outHeight; j++) {
    for (let i = 0; i < outWidth; i++) {
      const valid: number[] = [];
      for (let y = Math.floor((j * height) / outHeight); y < Math.floor(((j + 1) * height) / outHeight); y++) {
        for (let x = Math.floor((i * width) / outWidth); x < Math.floor(((i + 1) * width) / outWidth); x++) {
          const v = band[y * width + x]!;
          if (!Number.isNaN(v) && v !== nodata) valid.push(v);
        }
      }
      const mean = valid.reduce((a, b) => a + b, 0) / valid.length;
      out.push(valid.length === 0 ? (nodata ?? NaN) : round ? Math.floor(mean + 0.5) : mean);
    }
  }
  return out;
}

/** Pushes the band in strips of uneven heights and joins the output rows. */
function downsampled(band: number[], type: DataType, width: number, height: number, outWidth: number, outHeight: number, nodata: number | null): number[] {
  const sampler = new Downsampler(width, height, outWidth, outHeight, type, nodata, "average");
  const out: number[] = [];
  for (let top = 0, step = 3; top < height; top += step, step = step === 3 ? 5 : 3) {
    const rows = Math.min(step, height - top);
    const data = allocate(type, rows * width);
    data.set(band.slice(top * width, (top + rows) * width));
    out.push(...sampler.push(data, rows));
  }
  expect(sampler.complete).toBe(true);
  return out;
}

describe("Downsampler, average", () => {
  const width = 12;
  const height = 10;
  // Values with gaps: every seventh pixel NaN (float) or nodata 0 (integers), one block all empty.
  const band = (empty: number) => Array.from({ length: width * height }, (_, i) => (i % 7 === 3 || (i % width < 3 && i < 3 * width) ? empty : (i * 37) % 101));

  it.each([
    ["halves (2 x 2 blocks)", 6, 5],
    ["thirds and uneven blocks", 4, 3],
    ["odd sizes", 5, 4],
  ])("float32 %s: the mean of each block's valid values, NaN where none", (_, outWidth, outHeight) => {
    const input = band(NaN);
    const got = downsampled(input, "float32", width, height, outWidth, outHeight, null);
    const want = blockMeans(input, width, height, outWidth, outHeight, null, false);
    expect(got.map((v) => (Number.isNaN(v) ? "NaN" : v))).toEqual(want.map((v) => (Number.isNaN(v) ? "NaN" : Math.fround(v))));
    expect(got.some(Number.isNaN)).toBe(true);
  });

  it.each([
    ["halves (2 x 2 blocks)", 6, 5],
    ["thirds", 4, 3],
  ])("uint16 with nodata %s: rounded half up, nodata where no value is valid", (_, outWidth, outHeight) => {
    const input = band(0);
    const got = downsampled(input, "uint16", width, height, outWidth, outHeight, 0);
    expect(got).toEqual(blockMeans(input, width, height, outWidth, outHeight, 0, true));
    expect(got).toContain(0);
  });
});

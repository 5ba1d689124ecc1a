import { describe, expect, it } from "vitest";
import type { CogHeader, CogLevel } from "../../../src/raster/cog-header";
import { chooseLevel, targetResolutionInSourcePixels } from "../../../src/raster/overview-choice";

/** Target pixel centres spaced `sx` by `sy` source pixels, on a width x height target. */
function coords(width: number, height: number, sx: number, sy: number) {
  const x = new Float64Array(width * height);
  const y = new Float64Array(width * height);
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      x[j * width + i] = 3 + (i + 0.5) * sx;
      y[j * width + i] = 7 + (j + 0.5) * sy;
    }
  }
  return { x, y };
}

/** A header with only level sizes: 1024 x 1024 and overviews 512, 256, 128. */
const header = { levels: [1024, 512, 256, 128].map((size) => ({ width: size, height: size }) as CogLevel) } as CogHeader;

describe("overview choice", () => {
  it("measures the target's pixel spacing in source pixels, the finer axis winning", () => {
    expect(targetResolutionInSourcePixels(coords(50, 40, 2.5, 2.5), 50, 40)).toBeCloseTo(2.5, 12);
    expect(targetResolutionInSourcePixels(coords(50, 40, 3, 1.5), 50, 40)).toBeCloseTo(1.5, 12);
    // Untransformable pixels are skipped; a fully untransformable target has no resolution.
    const partial = coords(10, 10, 4, 4);
    partial.x.fill(NaN, 0, 50);
    expect(targetResolutionInSourcePixels(partial, 10, 10)).toBeCloseTo(4, 12);
    // A jump between two columns (an antimeridian in a geographic source) does not move the median.
    const jump = coords(64, 64, 2, 2);
    for (let j = 0; j < 64; j++) for (let i = 40; i < 64; i++) jump.x[j * 64 + i] = jump.x[j * 64 + i]! - 100000;
    expect(targetResolutionInSourcePixels(jump, 64, 64)).toBeCloseTo(2, 12);
    // A single row or column still has spacing along its one axis.
    expect(targetResolutionInSourcePixels(coords(1, 30, 1, 3), 1, 30)).toBeCloseTo(3, 12);
    const none = coords(10, 10, 4, 4);
    none.x.fill(NaN);
    expect(targetResolutionInSourcePixels(none, 10, 10)).toBeNaN();
  });

  it("picks the coarsest level whose factor does not exceed the ratio", () => {
    expect([0.5, 1, 1.99, 2, 3.99, 4.0000001, 7.9, 8, 100].map((r) => chooseLevel(header, r))).toEqual([0, 0, 0, 1, 1, 2, 2, 3, 3]);
  });
});

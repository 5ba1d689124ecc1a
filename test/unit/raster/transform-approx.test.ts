import { describe, expect, it } from "vitest";
import { approximateCoordinates, type PixelTransform } from "../../../src/raster/transform-approx";

const options = { maxError: 0.125, sourceWidth: 10000, sourceHeight: 10000 };

/** Runs the approximation and the exact transform on every pixel; returns the largest distance and the call count. */
function compare(transform: PixelTransform, width: number, height: number, opts = options) {
  const approx = approximateCoordinates(transform, width, height, opts);
  let worst = 0;
  let nanMismatches = 0;
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const [x, y] = transform(col + 0.5, row + 0.5);
      const i = row * width + col;
      if (Number.isNaN(x) !== Number.isNaN(approx.x[i]!)) nanMismatches++;
      else if (!Number.isNaN(x)) worst = Math.max(worst, Math.hypot(approx.x[i]! - x, approx.y[i]! - y));
    }
  }
  return { worst, nanMismatches, calls: approx.exactTransforms, approx };
}

/** The smallest box of every finite coordinate, by a pass over them all. */
function scanned(x: Float64Array, y: Float64Array) {
  const xs = Array.from(x).filter(Number.isFinite);
  const ys = Array.from(y).filter(Number.isFinite);
  return xs.length === 0 ? null : { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

describe("approximateCoordinates", () => {
  it.each<[string, PixelTransform]>([
    ["affine", (c, r) => [3 + 2 * c + 0.1 * r, 7 - 0.2 * c + 2 * r]],
    ["curved", (c, r) => [c + 0.0004 * c * c - 0.0002 * c * r, r + 1e-7 * r * r * r]],
    ["partly untransformable", (c, r) => (c + r > 300 ? [NaN, NaN] : [c * 2, 400 - r * 2])],
    ["discontinuous", (c, r) => [c < 100 + r / 3 ? c + 3000 : c, r]],
  ])("gives the bounds of every coordinate without a pass over them (%s)", (_, transform) => {
    const approx = approximateCoordinates(transform, 256, 200, options);
    const all = scanned(approx.x, approx.y)!;
    const bounds = approx.bounds!;
    // Every coordinate inside, by no more than the millionth of a pixel the bounds are widened by.
    expect(bounds.minX <= all.minX && bounds.minY <= all.minY && bounds.maxX >= all.maxX && bounds.maxY >= all.maxY).toBe(true);
    for (const key of ["minX", "minY", "maxX", "maxY"] as const) expect(Math.abs(bounds[key] - all[key])).toBeLessThan(2e-6);
  });

  it("has no bounds where no point could be transformed", () => {
    expect(approximateCoordinates(() => [NaN, NaN], 64, 64, options).bounds).toBeNull();
  });

  it("reproduces an affine map exactly from a 9 x 9 lattice on a 256 x 256 target", () => {
    const { worst, calls } = compare((c, r) => [3 + 2 * c + 0.1 * r, 7 - 0.2 * c + 2 * r], 256, 256);
    expect(worst).toBeLessThan(1e-9);
    // Four 64-pixel blocks per axis: 5 corners and 4 midpoints each way.
    expect(calls).toBe(81);
  });

  it("keeps a curved map within maxError, refining only where needed", () => {
    const curved: PixelTransform = (c, r) => [c + 0.0004 * c * c + 0.0002 * c * r, r + 1e-7 * r * r * r];
    const { worst, calls } = compare(curved, 512, 512);
    expect(worst).toBeLessThanOrEqual(0.125);
    expect(calls).toBeLessThan(3000);
    const strict = compare(curved, 512, 512, { ...options, maxError: 0.01 });
    expect(strict.worst).toBeLessThanOrEqual(0.01);
    expect(strict.calls).toBeGreaterThan(calls);
  });

  it("splits down to single pixels across a discontinuity, so no pixel is off", () => {
    const jump: PixelTransform = (c, r) => [c < 100 + r / 3 ? c + 3000 : c, r];
    const { worst, calls } = compare(jump, 256, 256);
    expect(worst).toBe(0);
    expect(calls).toBeLessThan(256 * 256 / 4);
  });

  it("gives NaN exactly where the transform fails, along a slanted boundary", () => {
    const partial: PixelTransform = (c, r) => (c + r > 300 ? [NaN, NaN] : [c * 2, r * 2]);
    const { worst, nanMismatches, calls } = compare(partial, 256, 256);
    expect(nanMismatches).toBe(0);
    expect(worst).toBeLessThan(1e-9);
    expect(calls).toBeLessThan(256 * 256 / 4);
  });

  it("fills a target whose check points all fail with NaN from 81 transforms", () => {
    const { approx, calls } = compare(() => [NaN, NaN], 256, 256);
    expect(approx.x.every(Number.isNaN) && approx.y.every(Number.isNaN)).toBe(true);
    expect(calls).toBe(81);
  });

  it("does not refine blocks that land well outside the source raster", () => {
    const wild: PixelTransform = (c, r) => [-50000 + 0.05 * c * c, r];
    const outside = compare(wild, 256, 256, { ...options, sourceWidth: 1000 });
    expect(outside.calls).toBe(81);
    // The same map over a source that does reach there is refined to the tolerance.
    const inside = compare((c, r) => [0.05 * c * c, r], 256, 256);
    expect(inside.worst).toBeLessThanOrEqual(0.125);
    expect(inside.calls).toBeGreaterThan(500);
  });

  it("handles single rows, single columns, one pixel and no pixels", () => {
    const affine: PixelTransform = (c, r) => [c * 3, r * 5];
    for (const [w, h] of [[300, 1], [1, 300], [1, 1], [2, 2], [65, 3]] as const) {
      expect(compare(affine, w, h).worst).toBeLessThan(1e-9);
    }
    const empty = approximateCoordinates(affine, 0, 0, options);
    expect([empty.x.length, empty.exactTransforms]).toEqual([0, 0]);
  });
});

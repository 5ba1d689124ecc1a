import type { TypedArray } from "./grid";
import type { BoundedCoordinates, PixelCoordinates } from "./transform";

export type ResampleMethod = "nearest" | "bilinear";

/** A window of source pixels, row-major; (x0, y0) is its top-left corner in source pixel space. */
export interface SourceWindow {
  data: TypedArray;
  width: number;
  height: number;
  x0: number;
  y0: number;
  /** Value marking missing pixels; NaN is always treated as missing too. */
  nodata: number | null;
}

/**
 * Fills `out[i]` with the source value at (coords.x[i], coords.y[i]) in source pixel space, or
 * `outNodata` where the point is NaN, outside the window, or lands on missing data.
 *
 * - nearest: the pixel containing the point (floor).
 * - bilinear: weights from the four surrounding pixel centres (at i + 0.5), as GDAL does. Like GDAL,
 *   neighbours that are missing or outside the window are dropped and the remaining weights
 *   renormalised, so valid data reaches up to half a pixel into a nodata area; a point is outside
 *   when the pixel containing it is. Read windows with a one-pixel margin so interior points have
 *   all their neighbours.
 *
 * Values written to integer arrays are rounded to the nearest integer (halves up) and clamped to the
 * array's range. A valid value that equals `outNodata` is written as is.
 */
export function resample(
  source: SourceWindow,
  coords: PixelCoordinates,
  method: ResampleMethod,
  out: TypedArray,
  outNodata: number,
): void {
  if (coords.x.length !== out.length || coords.y.length !== out.length) {
    throw new RangeError(`resample: ${coords.x.length}/${coords.y.length} coordinates for ${out.length} output values`);
  }
  if (source.data.length < source.width * source.height) {
    throw new RangeError(`resample: window of ${source.width}x${source.height} has only ${source.data.length} values`);
  }
  if (method === "nearest") nearest(source, coords, out, outNodata, valueRange(out));
  else bilinear(source, coords, out, outNodata, valueRange(out));
}

/** Maps full-resolution source pixel coordinates onto an overview whose pixels are `factorX` x `factorY` times larger. */
export function scaleCoords(coords: BoundedCoordinates, factorX: number, factorY = factorX): BoundedCoordinates {
  // Coordinates are continuous with the origin at the raster corner, so no half-pixel shift is needed.
  const x = new Float64Array(coords.x.length);
  const y = new Float64Array(coords.y.length);
  for (let i = 0; i < x.length; i++) x[i] = coords.x[i]! / factorX;
  for (let i = 0; i < y.length; i++) y[i] = coords.y[i]! / factorY;
  const b = coords.bounds;
  return { x, y, bounds: b && { minX: b.minX / factorX, maxX: b.maxX / factorX, minY: b.minY / factorY, maxY: b.maxY / factorY } };
}

/** Bounds of integer output arrays; null for float arrays, which store values unchanged. */
type ValueRange = { min: number; max: number } | null;

function valueRange(out: TypedArray): ValueRange {
  if (out instanceof Float32Array || out instanceof Float64Array) return null;
  const bits = out.BYTES_PER_ELEMENT * 8;
  const signed = out instanceof Int8Array || out instanceof Int16Array || out instanceof Int32Array;
  return signed ? { min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 } : { min: 0, max: 2 ** bits - 1 };
}

function fit(value: number, range: ValueRange): number {
  if (!range) return value;
  const rounded = Math.round(value);
  return rounded < range.min ? range.min : rounded > range.max ? range.max : rounded;
}

function nearest(source: SourceWindow, coords: PixelCoordinates, out: TypedArray, outNodata: number, range: ValueRange): void {
  const { data, width, height, x0, y0 } = source;
  const nodata = source.nodata ?? NaN;
  const { x, y } = coords;
  for (let i = 0; i < out.length; i++) {
    const fx = x[i]! - x0;
    const fy = y[i]! - y0;
    // Written so that NaN coordinates fail the test too.
    if (!(fx >= 0 && fx < width && fy >= 0 && fy < height)) {
      out[i] = outNodata;
      continue;
    }
    const value = data[Math.floor(fy) * width + Math.floor(fx)]!;
    out[i] = value !== value || value === nodata ? outNodata : fit(value, range);
  }
}

function bilinear(source: SourceWindow, coords: PixelCoordinates, out: TypedArray, outNodata: number, range: ValueRange): void {
  const { data, width, height, x0, y0 } = source;
  const nodata = source.nodata ?? NaN;
  const { x, y } = coords;
  for (let i = 0; i < out.length; i++) {
    const fx = x[i]! - x0;
    const fy = y[i]! - y0;
    if (!(fx >= 0 && fx < width && fy >= 0 && fy < height)) {
      out[i] = outNodata;
      continue;
    }
    // Offset by half a pixel so (ix, iy) is the pixel whose centre is up-left of the point.
    const ix = Math.floor(fx - 0.5);
    const iy = Math.floor(fy - 0.5);
    const dx = fx - 0.5 - ix;
    const dy = fy - 0.5 - iy;
    if (ix >= 0 && iy >= 0 && ix + 1 < width && iy + 1 < height) {
      // Fast path for the common case: all four neighbours inside the window and valid (a NaN makes the sum NaN).
      const j = iy * width + ix;
      const v00 = data[j]!;
      const v10 = data[j + 1]!;
      const v01 = data[j + width]!;
      const v11 = data[j + width + 1]!;
      const sum = v00 + v10 + v01 + v11;
      if (sum === sum && v00 !== nodata && v10 !== nodata && v01 !== nodata && v11 !== nodata) {
        const top = v00 + (v10 - v00) * dx;
        out[i] = fit(top + (v01 + (v11 - v01) * dx - top) * dy, range);
        continue;
      }
    }
    let sum = 0;
    let weights = 0;
    for (let k = 0; k < 4; k++) {
      const col = ix + (k & 1);
      const row = iy + (k >> 1);
      const weight = (k & 1 ? dx : 1 - dx) * (k >> 1 ? dy : 1 - dy);
      if (weight === 0 || col < 0 || col >= width || row < 0 || row >= height) continue;
      const value = data[row * width + col]!;
      if (value !== value || value === nodata) continue;
      sum += value * weight;
      weights += weight;
    }
    out[i] = weights > 0 ? fit(sum / weights, range) : outNodata;
  }
}

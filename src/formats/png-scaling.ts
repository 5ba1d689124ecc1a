/**
 * How the PNG format maps cube values to 8-bit samples: linearly from a range's `from` (0) to its
 * `to` (255), rounded to the nearest integer and clipped. The range of each band comes from the
 * `min` and `max` options; an unset one is the band's own minimum or maximum of finite values,
 * except that 8-bit data (every value of the cube but no-data an integer from 0 to 255) is written
 * unchanged when both are unset. That keeps RGB composites of 8-bit data true to their values
 * while reflectances, indices and other floating-point data still become a visible image.
 */

/** The `min` and `max` options; null is unset. */
export interface ScalingOptions {
  min: number | null;
  max: number | null;
}

/** The values mapped to 0 and to 255. */
export interface ValueRange {
  from: number;
  to: number;
}

/** The smallest and largest finite values of `plane`, or undefined when it has none. */
function finiteRange(plane: Float32Array): ValueRange | undefined {
  let from = Infinity;
  let to = -Infinity;
  for (let i = 0; i < plane.length; i++) {
    const v = plane[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < from) from = v;
    if (v > to) to = v;
  }
  return from <= to ? { from, to } : undefined;
}

/** Whether every value but no-data (NaN) is an integer from 0 to 255. */
function isEightBit(plane: Float32Array): boolean {
  for (let i = 0; i < plane.length; i++) {
    const v = plane[i]!;
    if (!Number.isNaN(v) && !(Number.isInteger(v) && v >= 0 && v <= 255)) return false;
  }
  return true;
}

/** The range of each plane (all planes of the image, alpha included, follow the same rule). */
export function planeRanges(planes: Float32Array[], options: ScalingOptions): ValueRange[] {
  if (options.min === null && options.max === null && planes.every(isEightBit)) return planes.map(() => ({ from: 0, to: 255 }));
  return planes.map((plane) => {
    // A plane without finite values is all no-data: its range is never used.
    const own = finiteRange(plane) ?? { from: 0, to: 255 };
    return { from: options.min ?? own.from, to: options.max ?? own.to };
  });
}

/**
 * `value` (not NaN) on 0..255. A range with `to` below `from` inverts the scale; a range of a
 * single value (a constant band) writes that value and above as 255 and lower values as 0.
 */
export function toByte(value: number, range: ValueRange): number {
  const { from, to } = range;
  if (from === to) return value >= to ? 255 : 0;
  const scaled = Math.round(((value - from) / (to - from)) * 255);
  return scaled < 0 ? 0 : scaled > 255 ? 255 : scaled;
}

import type { CoordinateBounds } from "./transform";

/** Maps a continuous target pixel position to source pixel space; NaN where the point fails. */
export type PixelTransform = (col: number, row: number) => [number, number];

export interface ApproximationOptions {
  /** Largest accepted interpolation error at the check points, in source pixels. */
  maxError: number;
  /** Source raster size: blocks that land clearly outside it need no accuracy, as they read nothing. */
  sourceWidth: number;
  sourceHeight: number;
}

export interface ApproximateCoordinates {
  x: Float64Array;
  y: Float64Array;
  /**
   * Of the exactly transformed points, widened by a millionth of a pixel: interpolated ones lie
   * between their block's corners, so these hold every coordinate (null: no point could be transformed).
   */
  bounds: CoordinateBounds | null;
  /** How many times `transform` ran. */
  exactTransforms: number;
}

/** Pixels: interpolation may round a hair past its block's corners, and the bounds must hold that too. */
const BOUNDS_MARGIN = 1e-6;

// Blocks start at most this many pixels wide, so no feature is judged from too few samples.
const COARSE_STEP = 64;

/**
 * Source pixel coordinates of every target pixel centre (row-major), computed the way GDAL's
 * GDALApproxTransform does it but in two dimensions: transform a block's corners exactly, check the
 * bilinear interpolation against exact transforms at the edge midpoints and the centre, and
 * interpolate the block if all are within `maxError`, else split it along the failing direction(s).
 * Blocks with untransformable check points are split down to single pixels; a block whose nine
 * check points all fail is taken as failing everywhere.
 */
export function approximateCoordinates(
  transform: PixelTransform,
  width: number,
  height: number,
  options: ApproximationOptions,
): ApproximateCoordinates {
  const x = new Float64Array(width * height);
  const y = new Float64Array(width * height);
  const exact = new Uint8Array(width * height);
  const maxError2 = options.maxError * options.maxError;
  let exactTransforms = 0;
  const bounds = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };

  const sample = (col: number, row: number): number => {
    const i = row * width + col;
    if (!exact[i]) {
      const [sx, sy] = transform(col + 0.5, row + 0.5);
      x[i] = sx;
      y[i] = sy;
      exact[i] = 1;
      exactTransforms++;
      // NaN fails every comparison, so untransformable points are left out.
      if (sx < bounds.minX) bounds.minX = sx;
      if (sx > bounds.maxX) bounds.maxX = sx;
      if (sy < bounds.minY) bounds.minY = sy;
      if (sy > bounds.maxY) bounds.maxY = sy;
    }
    return i;
  };

  /** Squared distance between the exact value at pixel i and the corners' bilinear interpolation at (s, t). */
  const error2 = (corners: Corners, i: number, s: number, t: number): number => {
    const dx = bilinear(x, corners, s, t) - x[i]!;
    const dy = bilinear(y, corners, s, t) - y[i]!;
    return dx * dx + dy * dy;
  };

  const block = (c0: number, r0: number, c1: number, r1: number): void => {
    const corners: Corners = [sample(c0, r0), sample(c1, r0), sample(c0, r1), sample(c1, r1)];
    if (c1 - c0 <= 1 && r1 - r0 <= 1) return;
    const cm = (c0 + c1) >> 1;
    const rm = (r0 + r1) >> 1;
    const top = sample(cm, r0);
    const bottom = sample(cm, r1);
    const left = sample(c0, rm);
    const right = sample(c1, rm);
    const centre = sample(cm, rm);
    const checks = [...corners, top, bottom, left, right, centre];
    const failed = checks.filter((i) => Number.isNaN(x[i]!) || Number.isNaN(y[i]!)).length;
    const canSplitCols = c1 - c0 >= 2;
    const canSplitRows = r1 - r0 >= 2;
    if (failed === checks.length) return fillNaN(c0, r0, c1, r1);
    if (failed > 0) return split(c0, r0, c1, r1, canSplitCols, canSplitRows);

    const s = (cm - c0) / Math.max(1, c1 - c0);
    const t = (rm - r0) / Math.max(1, r1 - r0);
    const alongRows = Math.max(error2(corners, top, s, 0), error2(corners, bottom, s, 1));
    const alongCols = Math.max(error2(corners, left, 0, t), error2(corners, right, 1, t));
    const inCentre = error2(corners, centre, s, t);
    const worst = Math.max(alongRows, alongCols, inCentre);
    if (worst <= maxError2 || outsideSource(checks, 1 + 2 * Math.sqrt(worst))) {
      return interpolate(corners, c0, r0, c1, r1);
    }
    let cols = canSplitCols && (alongRows > maxError2 || inCentre > maxError2);
    let rows = canSplitRows && (alongCols > maxError2 || inCentre > maxError2);
    if (!cols && !rows) [cols, rows] = [canSplitCols, canSplitRows];
    split(c0, r0, c1, r1, cols, rows);
  };

  const split = (c0: number, r0: number, c1: number, r1: number, cols: boolean, rows: boolean): void => {
    const cm = cols ? (c0 + c1) >> 1 : c1;
    const rm = rows ? (r0 + r1) >> 1 : r1;
    block(c0, r0, cm, rm);
    if (cols) block(cm, r0, c1, rm);
    if (rows) block(c0, rm, cm, r1);
    if (cols && rows) block(cm, rm, c1, r1);
  };

  /** True if every check point lies beyond the same side of the source raster by more than `margin`. */
  const outsideSource = (checks: number[], margin: number): boolean => {
    const { sourceWidth: w, sourceHeight: h } = options;
    return (
      checks.every((i) => x[i]! < -margin) ||
      checks.every((i) => x[i]! > w + margin) ||
      checks.every((i) => y[i]! < -margin) ||
      checks.every((i) => y[i]! > h + margin)
    );
  };

  const interpolate = (corners: Corners, c0: number, r0: number, c1: number, r1: number): void => {
    const [i00, i10, i01, i11] = corners;
    const colScale = 1 / Math.max(1, c1 - c0);
    const rowScale = 1 / Math.max(1, r1 - r0);
    for (let row = r0; row <= r1; row++) {
      const t = (row - r0) * rowScale;
      const xLeft = x[i00]! + (x[i01]! - x[i00]!) * t;
      const yLeft = y[i00]! + (y[i01]! - y[i00]!) * t;
      const xStep = (x[i10]! + (x[i11]! - x[i10]!) * t - xLeft) * colScale;
      const yStep = (y[i10]! + (y[i11]! - y[i10]!) * t - yLeft) * colScale;
      for (let col = c0, i = row * width + c0; col <= c1; col++, i++) {
        if (exact[i]) continue;
        x[i] = xLeft + xStep * (col - c0);
        y[i] = yLeft + yStep * (col - c0);
      }
    }
  };

  const fillNaN = (c0: number, r0: number, c1: number, r1: number): void => {
    for (let row = r0; row <= r1; row++) {
      for (let col = c0, i = row * width + c0; col <= c1; col++, i++) {
        if (exact[i]) continue;
        x[i] = NaN;
        y[i] = NaN;
      }
    }
  };

  const colRanges = coarseRanges(width);
  for (const [r0, r1] of coarseRanges(height)) {
    for (const [c0, c1] of colRanges) block(c0, r0, c1, r1);
  }
  if (!(bounds.minX <= bounds.maxX && bounds.minY <= bounds.maxY)) return { x, y, exactTransforms, bounds: null };
  const m = BOUNDS_MARGIN;
  return { x, y, exactTransforms, bounds: { minX: bounds.minX - m, minY: bounds.minY - m, maxX: bounds.maxX + m, maxY: bounds.maxY + m } };
}

/** Indices of the top-left, top-right, bottom-left and bottom-right pixels of a block. */
type Corners = [number, number, number, number];

function bilinear(values: Float64Array, [i00, i10, i01, i11]: Corners, s: number, t: number): number {
  const top = values[i00]! + (values[i10]! - values[i00]!) * s;
  const bottom = values[i01]! + (values[i11]! - values[i01]!) * s;
  return top + (bottom - top) * t;
}

/** Inclusive [start, end] pixel ranges of at most COARSE_STEP + 1 pixels; neighbours share an end. */
function coarseRanges(size: number): [number, number][] {
  if (size <= 0) return [];
  const ranges: [number, number][] = [];
  let start = 0;
  do {
    const end = Math.min(start + COARSE_STEP, size - 1);
    ranges.push([start, end]);
    start = end;
  } while (start < size - 1);
  return ranges;
}

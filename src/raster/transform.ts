import { pointTransform, sameCrs } from "./crs";
import { pixelSize, type Grid } from "./grid";
import { approximateCoordinates, type PixelTransform } from "./transform-approx";

/**
 * Continuous source pixel coordinates, one per target pixel (row-major): x to the right, y down,
 * pixel (0, 0) spanning [0, 1) x [0, 1). NaN where a point cannot be transformed.
 */
export interface PixelCoordinates {
  x: Float64Array;
  y: Float64Array;
}

export interface SourceCoordinates extends PixelCoordinates {
  /** proj4 point transforms spent (0 on the exact affine path). */
  exactTransforms: number;
}

/** GDAL's default warp error threshold, in source pixels. */
export const DEFAULT_MAX_ERROR = 0.125;

/**
 * Where each target pixel centre falls in the source grid. Same CRS: exact affine mapping.
 * Different CRSs: an approximation (see `approximateCoordinates`) whose error at its check points is
 * at most `maxError` source pixels; to read an overview, pass the overview's grid as `source` (same
 * bbox, fewer pixels) so the tolerance is in the pixels actually read.
 * @throws UnsupportedCrsError when either CRS is unknown.
 */
export function sourcePixelCoordinates(
  target: Grid,
  source: Grid,
  options: { maxError?: number } = {},
): SourceCoordinates {
  if (sameCrs(target.crs, source.crs)) return { ...affineCoordinates(target, source), exactTransforms: 0 };
  const toSource = pointTransform(target.crs, source.crs);
  const targetPixel = pixelSize(target);
  const sourcePixel = pixelSize(source);
  const [targetMinX, , , targetMaxY] = target.bbox;
  const [sourceMinX, , , sourceMaxY] = source.bbox;
  const transform: PixelTransform = (col, row) => {
    const [x, y] = toSource(targetMinX + col * targetPixel.x, targetMaxY - row * targetPixel.y);
    return [(x - sourceMinX) / sourcePixel.x, (sourceMaxY - y) / sourcePixel.y];
  };
  return approximateCoordinates(transform, target.width, target.height, {
    maxError: options.maxError ?? DEFAULT_MAX_ERROR,
    sourceWidth: source.width,
    sourceHeight: source.height,
  });
}

function affineCoordinates(target: Grid, source: Grid): PixelCoordinates {
  const { width, height } = target;
  const targetPixel = pixelSize(target);
  const sourcePixel = pixelSize(source);
  const offsetX = (target.bbox[0] - source.bbox[0]) / sourcePixel.x;
  const offsetY = (source.bbox[3] - target.bbox[3]) / sourcePixel.y;
  const scaleX = targetPixel.x / sourcePixel.x;
  const scaleY = targetPixel.y / sourcePixel.y;
  const rowX = new Float64Array(width);
  for (let col = 0; col < width; col++) rowX[col] = offsetX + (col + 0.5) * scaleX;
  const x = new Float64Array(width * height);
  const y = new Float64Array(width * height);
  for (let row = 0; row < height; row++) {
    x.set(rowX, row * width);
    y.fill(offsetY + (row + 0.5) * scaleY, row * width, (row + 1) * width);
  }
  return { x, y };
}

// Enough samples for a stable median while staying negligible next to the transform itself.
const SCALE_SAMPLES = 16;

/**
 * How many source pixels one target pixel spans (linear, e.g. 4 means a target pixel covers about
 * 4x4 source pixels), for picking an overview. It is the median over a lattice of pixels of the
 * local scale sqrt(|det J|) of the pixel mapping, so a discontinuity (e.g. the antimeridian in a
 * geographic source) cannot skew it the way a mean would. NaN if no sample is valid or the target is
 * narrower than 2 pixels in either direction.
 */
export function sourcePixelsPerTargetPixel(coords: PixelCoordinates, target: Pick<Grid, "width" | "height">): number {
  const { width, height } = target;
  const { x, y } = coords;
  const scales: number[] = [];
  const cols = Math.min(SCALE_SAMPLES, width - 1);
  const rows = Math.min(SCALE_SAMPLES, height - 1);
  for (let r = 0; r < rows; r++) {
    const row = Math.floor(((r + 0.5) * (height - 1)) / rows);
    for (let c = 0; c < cols; c++) {
      const i = row * width + Math.floor(((c + 0.5) * (width - 1)) / cols);
      const det = (x[i + 1]! - x[i]!) * (y[i + width]! - y[i]!) - (y[i + 1]! - y[i]!) * (x[i + width]! - x[i]!);
      if (Number.isFinite(det)) scales.push(Math.sqrt(Math.abs(det)));
    }
  }
  if (scales.length === 0) return NaN;
  scales.sort((a, b) => a - b);
  const mid = scales.length >> 1;
  return scales.length % 2 ? scales[mid]! : (scales[mid - 1]! + scales[mid]!) / 2;
}

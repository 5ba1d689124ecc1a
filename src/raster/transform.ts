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

/** Coordinates with the smallest box holding every finite one (null: none is), known where they are computed. */
export interface BoundedCoordinates extends PixelCoordinates {
  bounds: CoordinateBounds | null;
}

export interface CoordinateBounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface SourceCoordinates extends BoundedCoordinates {
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

function affineCoordinates(target: Grid, source: Grid): BoundedCoordinates {
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
  // Pixel sizes are positive: the first and last centres are the extremes.
  const bounds = { minX: rowX[0]!, maxX: rowX[width - 1]!, minY: offsetY + 0.5 * scaleY, maxY: offsetY + (height - 0.5) * scaleY };
  return { x, y, bounds: width > 0 && height > 0 ? bounds : null };
}

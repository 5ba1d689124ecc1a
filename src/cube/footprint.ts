/**
 * Where the pixels of a target grid fall in a source grid as areas rather than points: the source
 * pixel coordinates of every target pixel corner, and per pixel the box they span. Resampling
 * methods that combine several source pixels (average, cubic, ...) work on these boxes.
 */
import { pixelSize, type Grid } from "../raster/grid";
import { sourcePixelCoordinates, type PixelCoordinates } from "../raster/transform";

/** A float32 plane of a raster cube with its size. */
export interface SourcePlane {
  data: Float32Array;
  width: number;
  height: number;
}

/** A box in continuous source pixel coordinates (pixel (0, 0) spans [0, 1) x [0, 1)). */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Source pixel coordinates of the corners of `target`'s pixels, (width + 1) x (height + 1)
 * row-major: the centres of a grid half a pixel larger on every side are exactly those corners.
 */
export function cornerCoordinates(target: Grid, source: Grid): PixelCoordinates {
  const { x: px, y: py } = pixelSize(target);
  const [minX, minY, maxX, maxY] = target.bbox;
  const corners: Grid = { crs: target.crs, bbox: [minX - px / 2, minY - py / 2, maxX + px / 2, maxY + py / 2], width: target.width + 1, height: target.height + 1 };
  return sourcePixelCoordinates(corners, source);
}

/**
 * Writes into `box` the bounding box of target pixel `i`'s four corners (a grid `width` pixels
 * wide); false when a corner cannot be transformed.
 */
export function footprint(corners: PixelCoordinates, width: number, i: number, box: Box): boolean {
  const row = Math.floor(i / width);
  const k = row * (width + 1) + (i - row * width);
  const { x, y } = corners;
  box.x0 = box.y0 = Infinity;
  box.x1 = box.y1 = -Infinity;
  for (const c of [k, k + 1, k + width + 1, k + width + 2]) {
    const cx = x[c]!;
    const cy = y[c]!;
    if (Number.isNaN(cx) || Number.isNaN(cy)) return false;
    box.x0 = Math.min(box.x0, cx);
    box.x1 = Math.max(box.x1, cx);
    box.y0 = Math.min(box.y0, cy);
    box.y1 = Math.max(box.y1, cy);
  }
  return true;
}

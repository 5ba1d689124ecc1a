import proj4 from "proj4";
import { ringLongitudeExtent } from "./crs-antimeridian";
import { crsDefinition, normalizeCrs, sameCrs } from "./crs-definition";
import type { BBox } from "./grid";

export { splitAntimeridian } from "./crs-antimeridian";
export { UnsupportedCrsError, crsDefinition, normalizeCrs, sameCrs } from "./crs-definition";
export type { CrsDefinition } from "./crs-definition";

/** Maps one point between two CRSs; returns [NaN, NaN] where the point cannot be transformed. */
export type PointTransform = (x: number, y: number) => [number, number];

// Building a proj4 converter parses both definitions, so keep one per (from, to) pair.
const transforms = new Map<string, PointTransform>();

/**
 * The (cached) point transform from one CRS to another. Geographic coordinates are always
 * x = longitude, y = latitude in degrees.
 * @throws UnsupportedCrsError when either CRS is unknown.
 */
export function pointTransform(from: string, to: string): PointTransform {
  const key = `${normalizeCrs(from)}\u0000${normalizeCrs(to)}`;
  let transform = transforms.get(key);
  if (!transform) {
    transform = createPointTransform(from, to);
    transforms.set(key, transform);
  }
  return transform;
}

function createPointTransform(from: string, to: string): PointTransform {
  const converter = proj4(crsDefinition(from).proj, crsDefinition(to).proj);
  return (x, y) => {
    // proj4 throws on non-finite input, and some of its projections throw outside their domain.
    if (!Number.isFinite(x) || !Number.isFinite(y)) return [NaN, NaN];
    try {
      const [tx = NaN, ty = NaN] = converter.forward([x, y]);
      return Number.isFinite(tx) && Number.isFinite(ty) ? [tx, ty] : [NaN, NaN];
    } catch {
      return [NaN, NaN];
    }
  };
}

/**
 * Reprojects a box by transforming `densify` extra points along each edge (GDAL's
 * OCTTransformBounds recommends 21), so the result contains the whole curved outline rather than
 * only the corners. Points that cannot be transformed are ignored.
 *
 * Geographic output (e.g. EPSG:4326): when the outline crosses the antimeridian the result has
 * west > east (RFC 7946 §5.2, as in STAC bboxes; see `splitAntimeridian`); when the box contains a
 * pole it spans all longitudes and reaches ±90. A geographic input box with west > east is read the
 * same way.
 * @throws UnsupportedCrsError for an unknown CRS; RangeError if no point can be transformed.
 */
export function transformBBox(bbox: BBox, from: string, to: string, densify = 21): BBox {
  if (!Number.isInteger(densify) || densify < 0) throw new RangeError(`densify must be a non-negative integer, got ${densify}`);
  if (sameCrs(from, to)) return [...bbox];
  const source = crsDefinition(from);
  const forward = pointTransform(from, to);
  const ring = densifiedRing(bbox, densify, source.geographic);
  const xs = new Float64Array(ring.length / 2);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const [x, y] = forward(ring[2 * i]!, ring[2 * i + 1]!);
    xs[i] = x;
    if (Number.isNaN(x)) continue;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  if (minX > maxX) throw new RangeError(`bbox [${bbox.join(", ")}] cannot be transformed from ${from} to ${to}`);
  if (!crsDefinition(to).geographic) return [minX, minY, maxX, maxY];

  // At least one point transformed (checked above), so the extent is defined.
  [minX, maxX] = ringLongitudeExtent(xs)!;
  const inverse = pointTransform(to, from);
  for (const pole of [90, -90]) {
    const [px, py] = inverse(0, pole);
    if (!containsPoint(bbox, px, py, source.geographic)) continue;
    [minX, maxX] = [-180, 180];
    minY = Math.min(minY, pole);
    maxY = Math.max(maxY, pole);
  }
  return [minX, minY, maxX, maxY];
}

/** The box outline, counter-clockwise from the lower-left corner, as flat x, y pairs. */
function densifiedRing(bbox: BBox, densify: number, geographic: boolean): Float64Array {
  const [minX, minY, rawMaxX, maxY] = bbox;
  const maxX = geographic && minX > rawMaxX ? rawMaxX + 360 : rawMaxX;
  const corners = [minX, minY, maxX, minY, maxX, maxY, minX, maxY];
  const steps = densify + 1;
  const ring = new Float64Array(8 * steps);
  let k = 0;
  for (let edge = 0; edge < 4; edge++) {
    const x0 = corners[2 * edge]!;
    const y0 = corners[2 * edge + 1]!;
    const x1 = corners[(2 * edge + 2) % 8]!;
    const y1 = corners[(2 * edge + 3) % 8]!;
    for (let s = 0; s < steps; s++) {
      ring[k++] = x0 + ((x1 - x0) * s) / steps;
      ring[k++] = y0 + ((y1 - y0) * s) / steps;
    }
  }
  return ring;
}

function containsPoint(bbox: BBox, x: number, y: number, geographic: boolean): boolean {
  const [minX, minY, maxX, maxY] = bbox;
  if (!(y >= minY && y <= maxY)) return false;
  if (geographic && minX > maxX) return x >= minX || x <= maxX;
  return x >= minX && x <= maxX;
}

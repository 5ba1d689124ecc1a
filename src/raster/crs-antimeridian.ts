import type { BBox } from "./grid";

/**
 * The longitude extent of a closed ring of longitudes (degrees, in ring order; NaN entries are
 * skipped). Consecutive points are assumed less than 180° apart, so a jump of more than 180° is
 * read as crossing the antimeridian and unwrapped.
 *
 * Returns [west, east] with west > east when the ring crosses the antimeridian (the RFC 7946 §5.2
 * convention that STAC also uses), [-180, 180] when the ring winds all the way round (it encloses a
 * pole) or spans 360°, and undefined when no longitude is finite.
 */
export function ringLongitudeExtent(lons: ArrayLike<number>): [number, number] | undefined {
  let offset = 0;
  let first = NaN;
  let previous = NaN;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < lons.length; i++) {
    const lon = lons[i]!;
    if (!Number.isFinite(lon)) continue;
    if (Number.isNaN(previous)) first = lon;
    else offset += unwrapStep(lon - previous);
    const unwrapped = lon + offset;
    if (unwrapped < min) min = unwrapped;
    if (unwrapped > max) max = unwrapped;
    previous = lon;
  }
  if (Number.isNaN(first)) return undefined;
  // Closing the ring back onto its first point must undo all unwrapping unless it circles a pole.
  if (offset + unwrapStep(first - previous) !== 0 || max - min >= 360) return [-180, 180];
  if (min >= -180 && max <= 180) return [min, max];
  const shift = -360 * Math.floor((min + 180) / 360);
  const west = min + shift;
  const east = max + shift;
  return east <= 180 ? [west, east] : [west, east - 360];
}

function unwrapStep(delta: number): number {
  if (delta > 180) return -360;
  if (delta < -180) return 360;
  return 0;
}

/** Splits a longitude/latitude box that crosses the antimeridian (west > east) into two boxes. */
export function splitAntimeridian(bbox: BBox): BBox[] {
  const [west, south, east, north] = bbox;
  if (west <= east) return [[west, south, east, north]];
  return [
    [west, south, 180, north],
    [-180, south, east, north],
  ];
}

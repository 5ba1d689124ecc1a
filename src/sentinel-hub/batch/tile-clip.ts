/**
 * What a tile keeps of the request's area: its geometry within its bbox (or else its bbox), as
 * polygons in the tile's CRS. Pixels outside have no data, as in the same request computed at once.
 *
 * A line straight in the request's CRS is a curve in the tile's, so the polygons are first clipped
 * (in the request's CRS) to the request's bbox and to a box around the tile, which keeps their
 * edges about a tile long however large the area, and then every edge is densified to points at
 * most half a pixel apart before they are transformed. The points added are bounded
 * (MAX_ADDED_POINTS, spread wider where the clipped edges are longer), so that rasterizing the
 * clip stays within the budget a tile's run has.
 */
import type { Geometry, Position } from "../../cube/geojson";
import { pointTransform, sameCrs, transformBBox } from "../../raster/crs";
import type { BBox, Grid } from "../../raster/grid";
import type { ProcessRequest } from "../process-request";

/** Points densification may add to one tile's clip: with 2,500 rows, 25 million of a run's operations to rasterize. */
export const MAX_ADDED_POINTS = 10_000;
/** The box around the tile, in the request's CRS, is widened by this share of its size, so its edges stay clear of the tile's pixels. */
const MARGIN = 0.05;

type Ring = Position[];

/** Sutherland-Hodgman against one side of a box; `inside` and `cut` describe the side. */
function clipSide(ring: Ring, inside: (p: Position) => boolean, cut: (a: Position, b: Position) => Position): Ring {
  const out: Ring = [];
  for (let k = 0; k < ring.length; k++) {
    const current = ring[k]!;
    const previous = ring[(k + ring.length - 1) % ring.length]!;
    if (inside(current)) {
      if (!inside(previous)) out.push(cut(previous, current));
      out.push(current);
    } else if (inside(previous)) out.push(cut(previous, current));
  }
  return out;
}

/** A ring clipped to a box (closed, or empty when nothing is left); inside the box, even-odd filling is unchanged. */
function clipRing(closed: Ring, [minX, minY, maxX, maxY]: BBox): Ring {
  const atX = (x: number) => (a: Position, b: Position): Position => [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
  const atY = (y: number) => (a: Position, b: Position): Position => [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];
  let ring = closed.slice(0, -1);
  ring = clipSide(ring, (p) => p[0] >= minX, atX(minX));
  ring = clipSide(ring, (p) => p[0] <= maxX, atX(maxX));
  ring = clipSide(ring, (p) => p[1] >= minY, atY(minY));
  ring = clipSide(ring, (p) => p[1] <= maxY, atY(maxY));
  return ring.length < 3 ? [] : [...ring, ring[0]!];
}

/** A box (of the tile) in the request's CRS, widened by `margin` of its size, and cut to the request's bbox; null where it can't be transformed. */
function clipBox(request: Pick<ProcessRequest, "crs" | "bbox">, bbox: BBox, crs: string, margin: number): BBox | null {
  let box: BBox;
  try {
    box = transformBBox(bbox, crs, request.crs);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
  const [dx, dy] = [(box[2] - box[0]) * margin, (box[3] - box[1]) * margin];
  const [minX, minY, maxX, maxY] = request.bbox;
  return [Math.max(minX, box[0] - dx), Math.max(minY, box[1] - dy), Math.min(maxX, box[2] + dx), Math.min(maxY, box[3] + dy)];
}

/** Twice the signed area of a closed ring (the shoelace formula). */
function ringArea(ring: Ring): number {
  let sum = 0;
  for (let k = 0; k + 1 < ring.length; k++) sum += ring[k]![0] * ring[k + 1]![1] - ring[k + 1]![0] * ring[k]![1];
  return sum;
}

/**
 * Whether a tile (its bbox in its CRS) may hold some of the request's geometry: whether a polygon's
 * outer ring overlaps the tile's box in the request's CRS. A tile the geometry misses is left out
 * of the request; one it nearly touches (its box is wider than the tile) is kept.
 */
export function reachesTile(request: Pick<ProcessRequest, "crs" | "bbox" | "geometry">, bbox: BBox, crs: string): boolean {
  const geometry = request.geometry;
  if (!geometry) return true;
  const box = clipBox(request, bbox, crs, 0);
  if (!box) return true;
  if (!(box[0] < box[2] && box[1] < box[3])) return false;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  // Some area left: a ring that only touches the box leaves a degenerate one.
  return polygons.some((polygon) => Math.abs(ringArea(clipRing(polygon[0]!, box))) > 0);
}

export function tileClip(request: Pick<ProcessRequest, "crs" | "bbox" | "geometry">, window: Grid): Geometry {
  const [minX, minY, maxX, maxY] = request.bbox;
  const geometry: Geometry = request.geometry ?? { type: "Polygon", coordinates: [[[minX, minY], [maxX, minY], [maxX, maxY], [minX, maxY], [minX, minY]]] };
  const same = sameCrs(request.crs, window.crs);
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  const box = (same ? null : clipBox(request, window.bbox, window.crs, MARGIN)) ?? request.bbox;
  const clipped: Ring[][] = [];
  for (const polygon of polygons) {
    const rings = polygon.map((ring) => (box[0] < box[2] && box[1] < box[3] ? clipRing(ring, box) : []));
    // A polygon whose outer ring is gone is gone, holes and all.
    if (rings[0]!.length > 0) clipped.push(rings.filter((ring) => ring.length > 0));
  }
  // In the tile's own CRS, edges stay straight: the clip is all there is to do.
  if (same) return { type: "MultiPolygon", coordinates: clipped };
  const forward = pointTransform(request.crs, window.crs);
  const projected = clipped.map((rings) => rings.map((ring) => ring.map(([x, y]) => forward(x, y))));
  // Half a pixel apart, or wider where the edges are too long for the points allowed.
  const length = projected.flat().reduce((sum, ring) => sum + ring.slice(1).reduce((s, p, k) => s + Math.hypot(p[0] - ring[k]![0], p[1] - ring[k]![1]), 0), 0);
  const pixel = Math.min((window.bbox[2] - window.bbox[0]) / window.width, (window.bbox[3] - window.bbox[1]) / window.height);
  const step = Math.max(pixel / 2, length / MAX_ADDED_POINTS);
  const densified = (ring: Ring, along: Ring): Ring => {
    const out: Ring = [];
    for (let k = 0; k + 1 < ring.length; k++) {
      const [[x0, y0], [x1, y1]] = [ring[k]!, ring[k + 1]!];
      const steps = Math.max(1, Math.ceil(Math.hypot(along[k + 1]![0] - along[k]![0], along[k + 1]![1] - along[k]![1]) / step));
      out.push(along[k]!);
      for (let s = 1; s < steps; s++) out.push(forward(x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps));
    }
    out.push(along[along.length - 1]!);
    return out;
  };
  return { type: "MultiPolygon", coordinates: clipped.map((rings, p) => rings.map((ring, r) => densified(ring, projected[p]![r]!))) };
}

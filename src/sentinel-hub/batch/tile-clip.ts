/**
 * What a tile keeps of the request's area: its geometry, or else its bbox, as polygons in the
 * tile's CRS. Pixels outside have no data, as in the same request computed at once. Edges are
 * densified before their vertices are transformed, so that a line straight in one CRS stays
 * close to its curve in the other.
 */
import type { Geometry, Position } from "../../cube/geojson";
import { pointTransform, sameCrs } from "../../raster/crs";
import type { ProcessRequest } from "../process-request";

/** Points per edge in the tile's CRS. */
const DENSIFY = 8;

function densified(ring: Position[]): Position[] {
  const out: Position[] = [];
  for (let k = 0; k < ring.length - 1; k++) {
    const [x0, y0] = ring[k]!;
    const [x1, y1] = ring[k + 1]!;
    for (let s = 0; s < DENSIFY; s++) out.push([x0 + ((x1 - x0) * s) / DENSIFY, y0 + ((y1 - y0) * s) / DENSIFY]);
  }
  out.push(ring[ring.length - 1]!);
  return out;
}

export function tileClip(request: Pick<ProcessRequest, "crs" | "bbox" | "geometry">, crs: string): Geometry {
  const [minX, minY, maxX, maxY] = request.bbox;
  const geometry: Geometry = request.geometry ?? { type: "Polygon", coordinates: [[[minX, minY], [maxX, minY], [maxX, maxY], [minX, maxY], [minX, minY]]] };
  if (sameCrs(request.crs, crs)) return geometry;
  const forward = pointTransform(request.crs, crs);
  const ring = (points: Position[]): Position[] => densified(points).map(([x, y]) => forward(x, y));
  if (geometry.type === "Polygon") return { type: "Polygon", coordinates: geometry.coordinates.map(ring) };
  if (geometry.type === "MultiPolygon") return { type: "MultiPolygon", coordinates: geometry.coordinates.map((polygon) => polygon.map(ring)) };
  return geometry;
}

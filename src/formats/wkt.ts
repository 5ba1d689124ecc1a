/** Well-known text (OGC Simple Features) of GeoJSON geometries, two-dimensional: altitudes are left out. */
import type { Geometry, Position } from "../cube/geojson";

const position = ([x, y]: Position) => `${x} ${y}`;

/** A parenthesised list of parts, or EMPTY without any. */
const list = <T>(parts: T[], part: (p: T) => string) => (parts.length ? `(${parts.map(part).join(", ")})` : "EMPTY");

const line = (positions: Position[]) => list(positions, position);
const polygon = (rings: Position[][]) => list(rings, line);

/** The geometry's WKT, such as "POLYGON ((0 0, 1 0, 1 1, 0 0))"; "" for none (null). */
export function wkt(geometry: Geometry | null): string {
  if (!geometry) return "";
  switch (geometry.type) {
    case "Point":
      return `POINT ${geometry.coordinates.length ? `(${position(geometry.coordinates as Position)})` : "EMPTY"}`;
    case "MultiPoint":
      return `MULTIPOINT ${list(geometry.coordinates, (p) => `(${position(p)})`)}`;
    case "LineString":
      return `LINESTRING ${line(geometry.coordinates)}`;
    case "MultiLineString":
      return `MULTILINESTRING ${list(geometry.coordinates, line)}`;
    case "Polygon":
      return `POLYGON ${polygon(geometry.coordinates)}`;
    case "MultiPolygon":
      return `MULTIPOLYGON ${list(geometry.coordinates, polygon)}`;
  }
}

/**
 * WKT geometry literals and BBOX(...) in cql2-text, producing the same GeoJSON / {bbox} objects
 * that cql2-json carries, validated by the same code.
 */
import { parseBbox } from "../bbox";
import { parseGeometry } from "../geojson";
import { filterError } from "../search-errors";
import type { Geometry, Position } from "../types";
import type { BboxLiteral } from "./ast";
import type { TokenStream } from "./lexer";

const GEOMETRY_KEYWORDS = [
  "POINT",
  "LINESTRING",
  "POLYGON",
  "MULTIPOINT",
  "MULTILINESTRING",
  "MULTIPOLYGON",
  "GEOMETRYCOLLECTION",
  "BBOX",
];

export function isSpatialLiteralStart(stream: TokenStream): boolean {
  const tagged = GEOMETRY_KEYWORDS.some((word) => stream.isKeyword(word));
  return tagged && (stream.isSymbol("(", 1) || stream.isKeyword("Z", 1));
}

function point(stream: TokenStream): Position {
  const coordinates = [stream.expectNumber(), stream.expectNumber()];
  if (stream.peek().kind === "number") coordinates.push(stream.expectNumber());
  return coordinates;
}

/** `( item, item, ... )` */
function list<T>(stream: TokenStream, item: () => T): T[] {
  stream.expectSymbol("(");
  const items = [item()];
  while (stream.acceptSymbol(",")) items.push(item());
  stream.expectSymbol(")");
  return items;
}

const points = (stream: TokenStream) => list(stream, () => point(stream));
const rings = (stream: TokenStream) => list(stream, () => points(stream));

/** MULTIPOINT allows both `((1 2), (3 4))` and `(1 2, 3 4)`. */
function multiPoint(stream: TokenStream): Position[] {
  return list(stream, () => {
    if (!stream.acceptSymbol("(")) return point(stream);
    const position = point(stream);
    stream.expectSymbol(")");
    return position;
  });
}

function untagged(stream: TokenStream, type: string): unknown {
  switch (type) {
    case "POINT": {
      stream.expectSymbol("(");
      const coordinates = point(stream);
      stream.expectSymbol(")");
      return { type: "Point", coordinates };
    }
    case "LINESTRING":
      return { type: "LineString", coordinates: points(stream) };
    case "POLYGON":
      return { type: "Polygon", coordinates: rings(stream) };
    case "MULTIPOINT":
      return { type: "MultiPoint", coordinates: multiPoint(stream) };
    case "MULTILINESTRING":
      return { type: "MultiLineString", coordinates: rings(stream) };
    case "MULTIPOLYGON":
      return { type: "MultiPolygon", coordinates: list(stream, () => rings(stream)) };
    default:
      return { type: "GeometryCollection", geometries: list(stream, () => stream.nested(() => parseSpatialLiteral(stream))) };
  }
}

/** Parses a WKT geometry or BBOX at the cursor (see `isSpatialLiteralStart`). */
export function parseSpatialLiteral(stream: TokenStream): Geometry | BboxLiteral {
  const start = stream.peek();
  const type = start.kind === "identifier" ? start.value.toUpperCase() : "";
  if (!GEOMETRY_KEYWORDS.includes(type)) throw stream.unexpected("a geometry literal");
  stream.next();
  const fail = (reason: string) => filterError(`${reason} (${type} at position ${start.pos})`);
  if (type === "BBOX") {
    const bbox = list(stream, () => stream.expectNumber());
    parseBbox(bbox, fail);
    return { bbox };
  }
  stream.acceptKeyword("Z");
  return parseGeometry(untagged(stream, type), fail, type);
}

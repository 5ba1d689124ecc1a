/**
 * The `bbox` parameter: validation, and conversion to geometry so that bbox matching shares
 * the geometry intersection code. A box with west > east crosses the antimeridian and becomes
 * two boxes, one on either side.
 */
import { itemGeometry } from "./geojson";
import { geometriesIntersect } from "./intersects";
import type { Bbox, Geometry, MultiPolygon, Polygon, Position, StacItem } from "./types";

type Fail = (reason: string) => Error;

/** Validates 4 (2D) or 6 (3D) numbers in CRS84 order. */
export function parseBbox(values: unknown, fail: Fail): Bbox {
  if (!Array.isArray(values) || (values.length !== 4 && values.length !== 6)) {
    throw fail("expected 4 numbers (west, south, east, north) or 6 (with minimum and maximum elevation)");
  }
  if (!values.every((value) => typeof value === "number" && Number.isFinite(value))) {
    throw fail("every coordinate must be a finite number");
  }
  const numbers = values as number[];
  const [west, south, east, north] =
    numbers.length === 4 ? numbers : [numbers[0]!, numbers[1]!, numbers[3]!, numbers[4]!];
  if (west! < -180 || west! > 180 || east! < -180 || east! > 180) throw fail("longitudes must be within [-180, 180]");
  if (south! < -90 || south! > 90 || north! < -90 || north! > 90) throw fail("latitudes must be within [-90, 90]");
  if (south! > north!) throw fail("south must not be greater than north");
  const bbox: Bbox = { west: west!, south: south!, east: east!, north: north! };
  if (numbers.length === 6) {
    if (numbers[2]! > numbers[5]!) throw fail("minimum elevation must not be greater than maximum elevation");
    bbox.elevation = { min: numbers[2]!, max: numbers[5]! };
  }
  return bbox;
}

function rectangle(west: number, south: number, east: number, north: number): Position[][] {
  return [
    [
      [west, south],
      [east, south],
      [east, north],
      [west, north],
      [west, south],
    ],
  ];
}

/** A polygon, or a multipolygon split at the antimeridian when west > east. */
export function bboxToGeometry(bbox: Bbox): Polygon | MultiPolygon {
  const { west, south, east, north } = bbox;
  if (west <= east) return { type: "Polygon", coordinates: rectangle(west, south, east, north) };
  return {
    type: "MultiPolygon",
    coordinates: [rectangle(west, south, 180, north), rectangle(-180, south, east, north)],
  };
}

/** The item's geometry, or else its bbox as geometry; null when it has neither. */
function itemFootprint(item: StacItem): Geometry | null {
  const geometry = itemGeometry(item.geometry);
  if (geometry) return geometry;
  const box = item.bbox;
  if (!box || (box.length !== 4 && box.length !== 6)) return null;
  try {
    return bboxToGeometry(parseBbox(box, (reason) => new Error(reason)));
  } catch {
    return null;
  }
}

/** 2D items are taken to lie at elevation 0 (STAC API item search). */
export function itemIntersectsBbox(item: StacItem, bbox: Bbox, bboxGeometry: Geometry): boolean {
  if (bbox.elevation && (bbox.elevation.min > 0 || bbox.elevation.max < 0)) return false;
  const footprint = itemFootprint(item);
  return footprint !== null && geometriesIntersect(footprint, bboxGeometry);
}

/** What the vector processes share: reading a vector cube argument, distances in metres, and cubes with new rows of geometries. */
import { budgetOf } from "../../budget";
import type { Feature, Position } from "../../cube/geojson";
import { partsOf, segmentsBox, segmentsOf, toleranceOf, type Parts } from "../../cube/geometry/planar";
import { hasGeometries, isVectorCube, NO_GEOMETRIES, type GeometryCube } from "../../cube/vector";
import { OpenEOError } from "../../errors";
import { pointTransform } from "../../raster/crs";
import { metricCrs } from "../../raster/crs-units";
import type { ProcessContext } from "../types";

/** A vector cube with geometries: the vector processes work on them. */
export function vectorCubeArgument(value: unknown, process: string, parameter = "data"): GeometryCube {
  if (!isVectorCube(value)) {
    throw new OpenEOError("ProcessParameterInvalid", { process, parameter, reason: "expected a vector data cube (load_geojson makes one from GeoJSON)" });
  }
  if (!hasGeometries(value)) throw new OpenEOError("ProcessParameterInvalid", { process, parameter, reason: NO_GEOMETRIES });
  return value;
}

/** The UTM zone (as an EPSG code) of a longitude and latitude: where distances in metres are nearly true. */
function utmZone(lon: number, lat: number): string {
  const zone = Math.min(60, Math.max(1, Math.floor((lon + 180) / 6) + 1));
  return `EPSG:${lat < 0 ? 327 : 326}${String(zone).padStart(2, "0")}`;
}

/** UnitMismatch unless the cube's coordinates are metres, naming a UTM zone to reproject to. */
export function requireMetres(cube: GeometryCube, process: string): void {
  if (metricCrs(cube.crs)) return;
  const box = segmentsBox(
    cube.geometries.flatMap((f) => segmentsOf(partsOf(f.geometry))),
    cube.geometries.flatMap((f) => partsOf(f.geometry).points),
  );
  const centre = box && pointTransform(cube.crs, "EPSG:4326")((box[0] + box[2]) / 2, (box[1] + box[3]) / 2);
  const hint = centre && !Number.isNaN(centre[0]) ? `, e.g. to ${utmZone(centre[0], centre[1])} (the UTM zone of their centre)` : "";
  throw OpenEOError.processException(
    "UnitMismatch",
    `${process}: the unit of the spatial reference system is not meters, but the given distance is in meters. The geometries are in ${cube.crs}; reproject them with vector_reproject first${hint}.`,
  );
}

/** The parts of every geometry, and a tolerance that suits them all. */
export function partsAndTolerance(features: Feature[]): { parts: Parts[]; tolerance: number } {
  const parts = features.map((f) => partsOf(f.geometry));
  const box = segmentsBox(
    parts.flatMap((p) => segmentsOf(p)),
    parts.flatMap((p) => p.points),
  );
  return { parts, tolerance: toleranceOf(box) };
}

/**
 * A cube of new geometries, the values of each taken from the row `rows[i]` of the input (rows may
 * repeat or be left out); checked against the budget before the values are built.
 */
export function withRows(cube: GeometryCube, features: Feature[], rows: number[], ctx: ProcessContext): GeometryCube {
  budgetOf(ctx).reserveElements(rows.length * cube.values.length, "the vector cube's values");
  const values = cube.values.map((plane) => Float64Array.from(rows, (row) => plane[row]!));
  return { ...cube, geometries: features, values };
}

/**
 * The cube of sampled points: `points[g]` for geometry g, null for an empty one (passed through).
 * Grouped, a MultiPoint per geometry keeping its id; else a Point per sample without id, each
 * with its geometry's properties and values.
 */
export function sampledCube(cube: GeometryCube, points: (Position[] | null)[], group: boolean, ctx: ProcessContext): GeometryCube {
  if (group) {
    const features = cube.geometries.map((f, g): Feature => ({ ...f, geometry: points[g] ? { type: "MultiPoint", coordinates: points[g] } : null }));
    return { ...cube, geometries: features };
  }
  const features: Feature[] = [];
  const rows: number[] = [];
  cube.geometries.forEach((f, g) => {
    const list = points[g];
    if (!list) {
      features.push(f);
      rows.push(g);
      return;
    }
    for (const coordinates of list) {
      features.push({ type: "Feature", geometry: { type: "Point", coordinates }, properties: f.properties });
      rows.push(g);
    }
  });
  return withRows(cube, features, rows, ctx);
}

/** The returns schema of the sampling processes: points, one or several per geometry. */
export const POINTS_CUBE = { type: "object", subtype: "datacube", dimensions: [{ type: "geometry", geometry_type: ["Point", "MultiPoint"] }] };

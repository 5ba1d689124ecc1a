/**
 * What the vector formats (GeoJSON, CSV, and JSON of a vector cube) share: the cube's geometries in
 * WGS 84 longitude/latitude, the names of its label combinations, and the bound on the size of
 * the file, checked before anything is written.
 */
import { combinationNames } from "../cube/dimensions";
import { GEOJSON_CRS, projectGeometry, type Feature, type Geometry } from "../cube/geojson";
import { isVectorCube, rowCount, type GeometryCube, type VectorCube } from "../cube/vector";
import { sameCrs } from "../raster/crs";

/** The largest vector file written: it is built in memory as text and bytes, beside the cube. */
export const MAX_VECTOR_FILE_BYTES = 32 * 2 ** 20;

/** Characters a number takes at most as JS writes it (-1.2345678901234567e-100). */
export const NUMBER_CHARS = 24;

const projected = new WeakMap<GeometryCube, Feature[]>();

/** The cube's features with their geometries in WGS 84 (reprojected once per cube, as RFC 7946 and WKT readers expect). */
export function wgs84Features(cube: GeometryCube): Feature[] {
  let features = projected.get(cube);
  if (!features) {
    const reproject = !sameCrs(cube.crs, GEOJSON_CRS);
    features = cube.geometries.map((f) => (reproject && f.geometry ? { ...f, geometry: projectGeometry(f.geometry, cube.crs, GEOJSON_CRS) } : f));
    projected.set(cube, features);
  }
  return features;
}

/**
 * The property name of each label combination, in value order: the labels joined by "/" (as
 * GTiff names its bands, "2023-08-15T00:00:00Z/B04"), or "value" for a cube without other
 * dimensions; none for a cube of geometries only.
 */
export const valueNames = (cube: VectorCube): string[] => (cube.values.length ? combinationNames(cube.dims) : []);

/** The value as JSON and CSV write it: no-data (NaN) and infinities have no number there. */
export const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** The number of positions of a geometry. */
export function positionCount(geometry: Geometry | null): number {
  if (!geometry) return 0;
  switch (geometry.type) {
    case "Point":
      return geometry.coordinates.length ? 1 : 0;
    case "MultiPoint":
    case "LineString":
      return geometry.coordinates.length;
    case "MultiLineString":
    case "Polygon":
      return geometry.coordinates.reduce((n, line) => n + line.length, 0);
    case "MultiPolygon":
      return geometry.coordinates.reduce((n, polygon) => n + polygon.reduce((m, ring) => m + ring.length, 0), 0);
  }
}

/** The most characters a geometry's positions take as text: up to three numbers (with an altitude) and separators each. */
export const positionChars = (geometry: Geometry | null) => positionCount(geometry) * (3 * NUMBER_CHARS + 8);

/**
 * Why the value can't be written as a vector file: not a vector cube, or a file larger than
 * MAX_VECTOR_FILE_BYTES by `bytesAtMost` (an upper bound computed without writing).
 */
export function vectorCubeProblem(data: unknown, format: string, bytesAtMost: (cube: VectorCube) => number): string | undefined {
  if (!isVectorCube(data)) return `${format} writes vector data cubes (such as aggregate_spatial's result); use GTiff, netCDF or PNG for raster data cubes and JSON for other values`;
  const bytes = bytesAtMost(data);
  if (bytes > MAX_VECTOR_FILE_BYTES) {
    const mib = (n: number) => `${Math.ceil(n / 2 ** 20)} MiB`;
    return `the file could take up to ${mib(bytes)} (${rowCount(data)} geometries x ${data.values.length} values), more than the ${mib(MAX_VECTOR_FILE_BYTES)} a vector file may take; use fewer or simpler geometries or fewer labels`;
  }
  return undefined;
}

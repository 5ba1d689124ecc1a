/**
 * The features of a batch statistical request: a GeoJSON FeatureCollection of polygons (Sentinel
 * Hub reads a GeoPackage; GeoJSON is what a browser or `ogr2ogr -f GeoJSON` gives). Each feature is
 * named by its `id` or, without one, its index, and that name is its result's file name. Sizes are
 * counted before any geometry is parsed further.
 */
import { badRequest } from "../process-request";

export interface BatchFeature {
  id: string;
  geometry: Record<string, unknown>;
}

export interface BatchFeatures {
  /** The features' CRS as an OGC CRS URL, as input.bounds.properties.crs takes it. */
  crs: string;
  features: BatchFeature[];
}

export const MAX_FEATURES = 10_000;
/** A features file's size: it is parsed whole, in the Worker's memory. */
export const MAX_FEATURES_BYTES = 10 * 2 ** 20;
export const MAX_FEATURE_POSITIONS = 10_000;
export const MAX_TOTAL_POSITIONS = 1_000_000;
export const MAX_ID_LENGTH = 128;
/** A file name in the caller's files: no slashes, no leading dot. */
const ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

const CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
const epsgUrl = (code: string) => `http://www.opengis.net/def/crs/EPSG/0/${code}`;

/** GeoJSON's CRS84, or the (pre-RFC 7946) `crs` member GDAL writes for other CRSs. */
function crsOf(collection: Record<string, unknown>): string {
  if (collection.crs === undefined || collection.crs === null) return CRS84;
  const name = (collection.crs as { properties?: { name?: unknown } }).properties?.name;
  if (typeof name === "string") {
    if (/OGC:?:1\.3:?:CRS84$|\/OGC\/1\.3\/CRS84$/.test(name)) return CRS84;
    const code = /^(?:urn:ogc:def:crs:EPSG:[^:]*:|EPSG:|http:\/\/www\.opengis\.net\/def\/crs\/EPSG\/0\/)(\d{4,5})$/.exec(name)?.[1];
    if (code) return epsgUrl(code);
  }
  throw badRequest("input.features: the FeatureCollection's crs must be {type: \"name\", properties: {name: \"urn:ogc:def:crs:EPSG::<code>\"}} (or left out for CRS84).");
}

/** Positions of a Polygon or MultiPolygon, counted without trusting its shape; -1 when it is not one. */
function positions(geometry: unknown): number {
  if (!geometry || typeof geometry !== "object") return -1;
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  const polygons = type === "Polygon" ? [coordinates] : type === "MultiPolygon" && Array.isArray(coordinates) ? coordinates : null;
  if (!polygons) return -1;
  let count = 0;
  for (const polygon of polygons) {
    if (!Array.isArray(polygon)) return -1;
    for (const ring of polygon) {
      if (!Array.isArray(ring)) return -1;
      count += ring.length;
    }
  }
  return count;
}

function featureId(feature: Record<string, unknown>, index: number): string {
  const id = feature.id ?? index;
  const text = typeof id === "number" && Number.isInteger(id) ? String(id) : id;
  if (typeof text !== "string" || text.length > MAX_ID_LENGTH || !ID.test(text)) {
    throw badRequest(`input.features: feature ${index}'s id must be a whole number or a string of at most ${MAX_ID_LENGTH} letters, digits, '.', '_' or '-' (it names the feature's result file).`);
  }
  return text;
}

export function parseFeatures(value: unknown): BatchFeatures {
  const collection = value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  if (!collection || collection.type !== "FeatureCollection" || !Array.isArray(collection.features)) throw badRequest("input.features must be a GeoJSON FeatureCollection.");
  const list = collection.features as unknown[];
  if (list.length === 0) throw badRequest("input.features has no features.");
  if (list.length > MAX_FEATURES) throw badRequest(`input.features has ${list.length} features; a request may have at most ${MAX_FEATURES.toLocaleString("en")}.`);
  const crs = crsOf(collection);
  const seen = new Set<string>();
  let total = 0;
  const features = list.map((item, index): BatchFeature => {
    const feature = item && typeof item === "object" && !Array.isArray(item) ? (item as Record<string, unknown>) : null;
    if (!feature || feature.type !== "Feature") throw badRequest(`input.features: feature ${index} is not a GeoJSON Feature.`);
    const id = featureId(feature, index);
    if (seen.has(id)) throw badRequest(`input.features: the id '${id}' is given to more than one feature.`);
    seen.add(id);
    const count = positions(feature.geometry);
    if (count < 0) throw badRequest(`input.features: feature '${id}' must have a Polygon or MultiPolygon geometry.`);
    if (count > MAX_FEATURE_POSITIONS) throw badRequest(`input.features: feature '${id}' has ${count} positions; a feature may have at most ${MAX_FEATURE_POSITIONS.toLocaleString("en")}.`);
    total += count;
    if (total > MAX_TOTAL_POSITIONS) throw badRequest(`input.features have more than ${MAX_TOTAL_POSITIONS.toLocaleString("en")} positions in all.`);
    return { id, geometry: feature.geometry as Record<string, unknown> };
  });
  return { crs, features };
}

/**
 * GeoJSON: a vector data cube as an RFC 7946 FeatureCollection in WGS 84 longitude/latitude. Each
 * geometry is one Feature, keeping its id, properties and other members, with one more property per
 * label combination of the cube's other dimensions holding its value (null for no-data).
 */
import { isVectorCube, NO_GEOMETRIES, type GeometryCube } from "../cube/vector";
import { TextPieces } from "./text-pieces";
import type { OutputFormat } from "./types";
import { finiteOrNull, MAX_VECTOR_FILE_BYTES, NUMBER_CHARS, positionChars, valueNames, vectorCubeProblem, wgs84Features } from "./vector-features";

export const GEOJSON_MEDIA_TYPE = "application/geo+json";

/** The cube as a FeatureCollection, written feature by feature; a value's name wins over a property of the same name. */
export function featureCollectionBytes(cube: GeometryCube): Uint8Array {
  const names = valueNames(cube);
  const text = new TextPieces();
  text.add('{"type":"FeatureCollection","features":[');
  wgs84Features(cube).forEach((feature, g) => {
    const values = Object.fromEntries(names.map((name, k) => [name, finiteOrNull(cube.values[k]![g]!)]));
    text.add((g ? "," : "") + JSON.stringify({ ...feature, properties: { ...(feature.properties ?? {}), ...values } }));
  });
  text.add("]}");
  return text.bytes();
}

/** At most the bytes of the FeatureCollection: members as JSON (3 bytes a character in UTF-8), positions and values at their longest. */
function bytesAtMost(cube: GeometryCube): number {
  const perFeature = valueNames(cube).reduce((n, name) => n + 3 * JSON.stringify(name).length + NUMBER_CHARS + 2, 64);
  return wgs84Features(cube).reduce((n, feature) => n + perFeature + 3 * JSON.stringify({ ...feature, geometry: null }).length + positionChars(feature.geometry), 64);
}

export const geojson: OutputFormat = {
  name: "GeoJSON",
  title: "GeoJSON",
  description: `A vector data cube (such as aggregate_spatial's result) as an RFC 7946 FeatureCollection in WGS 84 longitude/latitude: one Feature per geometry, in the cube's order, with its id and properties, plus one property per label combination of the other dimensions holding its value, named by the labels joined by "/" in dimension order ("2023-08-15T00:00:00Z/B04"; "value" without other dimensions). No-data is null. The default for a vector data cube without save_result. At most ${MAX_VECTOR_FILE_BYTES / 2 ** 20} MiB.`,
  gisDataTypes: ["vector"],
  extension: "geojson",
  storesEmptyCubes: true,
  options: {},
  unsuitable(data) {
    if (isVectorCube(data) && !data.geometries) return `${NO_GEOMETRIES}; use JSON, CSV or netCDF`;
    return vectorCubeProblem(data, "GeoJSON", (cube) => bytesAtMost(cube as GeometryCube));
  },
  async encode(data) {
    return [{ name: `result.${geojson.extension}`, mediaType: GEOJSON_MEDIA_TYPE, bytes: featureCollectionBytes(data as GeometryCube), roles: ["data"] }];
  },
};

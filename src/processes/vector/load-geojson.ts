import { budgetOf } from "../../budget";
import { GEOJSON_CRS, parseGeoJson, type Feature } from "../../cube/geojson";
import { partsOf, vertexCount } from "../../cube/geometry/planar";
import type { LabelDimension } from "../../cube/types";
import type { VectorCube } from "../../cube/vector";
import { OpenEOError } from "../../errors";
import type { ProcessImplementation } from "../types";

/** The name of the dimension the `properties` make. */
const PROPERTIES_DIMENSION = "properties";

/** A property's value as a cube value: numbers as they are, booleans as 1 and 0, missing and null as no-data. */
function cubeValue(value: unknown, name: string, g: number): number {
  if (value === undefined || value === null) return NaN;
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  throw new OpenEOError("ProcessParameterInvalid", {
    process: "load_geojson",
    parameter: "properties",
    reason: `property '${name}' of feature ${g} is ${JSON.stringify(value).slice(0, 40)}; only numbers, booleans and null can be values of a data cube`,
  });
}

const propertyOf = (feature: Feature, name: string): unknown => feature.properties?.[name];

/** The labels and, per label, a value per feature: one label per property, or with one array-valued property, one per array index. */
function propertyValues(features: Feature[], names: string[]): { labels: (string | number)[]; columns: (g: number, k: number) => number } {
  const arrays = names.length === 1 && features.some((f) => Array.isArray(propertyOf(f, names[0]!)));
  if (!arrays) {
    for (const name of names) {
      const list = features.findIndex((f) => Array.isArray(propertyOf(f, name)));
      if (list >= 0) throw new OpenEOError("ProcessParameterInvalid", { process: "load_geojson", parameter: "properties", reason: `property '${name}' of feature ${list} is an array, which only a single property may be` });
    }
    return { labels: names, columns: (g, k) => cubeValue(propertyOf(features[g]!, names[k]!), names[k]!, g) };
  }
  const name = names[0]!;
  // A scalar among arrays counts as an array of one.
  const asArray = (g: number): unknown[] => {
    const value = propertyOf(features[g]!, name);
    return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  };
  const longest = features.reduce((n, _, g) => Math.max(n, asArray(g).length), 0);
  return { labels: Array.from({ length: longest }, (_, i) => i), columns: (g, k) => cubeValue(asArray(g)[k], name, g) };
}

export const loadGeojson: ProcessImplementation = {
  spec: {
    id: "load_geojson",
    summary: "Make a vector data cube from GeoJSON",
    description:
      "Reads GeoJSON (RFC 7946: a geometry, a Feature or a FeatureCollection, longitude and latitude in WGS 84) into a vector data cube whose `geometry` dimension has one label per geometry, in the order given; Features keep their id and properties, a bare geometry gets empty properties, and a Feature without geometry is an empty geometry. GeometryCollections are not supported.\n\n" +
      "Without `properties` the cube holds only the geometries. With them, a dimension `properties` (type `other`) is added: one property gives one label (its name) and its value per geometry, unless it holds arrays, which give one label per index (0, 1, ...) up to the longest array; several properties give one label per property, in the order given. Numbers are taken as they are, booleans as 1 and 0, and a missing property, an array too short or null is no-data; text is refused, as data cube values are numbers here.\n\n" +
      "The cube can be given to aggregate_spatial, filter_spatial and mask_polygon as their geometries, to the vector processes, and saved as GeoJSON, CSV or JSON.",
    categories: ["import", "vector"],
    experimental: true,
    parameters: [
      {
        name: "data",
        description: "The GeoJSON: a geometry, a Feature or a FeatureCollection (no GeometryCollection). Each geometry becomes a label of the `geometry` dimension.",
        schema: { type: "object", subtype: "geojson" },
      },
      {
        name: "properties",
        description: "Names of Feature properties whose values make the `properties` dimension (see the process description); empty (the default) adds no dimension.",
        schema: { type: "array", uniqueItems: true, items: { type: "string" } },
        default: [],
        optional: true,
      },
    ],
    returns: {
      description: "The vector data cube: the geometries, and the `properties` dimension when properties were named.",
      schema: { type: "object", subtype: "datacube", dimensions: [{ type: "geometry" }] },
    },
    links: [{ href: "https://www.rfc-editor.org/rfc/rfc7946.html", rel: "about", type: "text/html", title: "The GeoJSON format (RFC 7946)" }],
  },
  run: (args, ctx) => {
    const budget = budgetOf(ctx);
    const features = parseGeoJson(args.data, "load_geojson", "data");
    const vertices = features.reduce((n, f) => n + vertexCount(partsOf(f.geometry)), 0);
    budget.spend(vertices + features.length, "reading the GeoJSON");
    const names = (args.properties ?? []) as string[];
    if (names.length === 0) return { kind: "vector", crs: GEOJSON_CRS, geometries: features, dims: [], values: [] } satisfies VectorCube;
    const { labels, columns } = propertyValues(features, names);
    budget.reserveElements(labels.length * features.length, "the properties' values");
    const values = labels.map((_, k) => Float64Array.from(features, (_, g) => columns(g, k)));
    const dims: LabelDimension[] = [{ name: PROPERTIES_DIMENSION, type: "other", labels }];
    return { kind: "vector", crs: GEOJSON_CRS, geometries: features, dims, values } satisfies VectorCube;
  },
};

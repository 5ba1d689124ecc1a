/**
 * Input formats: what GET /file_formats lists under `input` and what load_url and
 * load_uploaded_files read (load_stac reads the GeoTIFF assets of STAC documents). Each format
 * declares its options as /file_formats publishes them; names are matched case-insensitively.
 */
import type { JsonSchema } from "../processes/types";

export interface InputOption {
  description: string;
  schema: JsonSchema;
  default: unknown;
}

export interface InputFormat {
  /** The GDAL-style name (/file_formats key). */
  name: string;
  title: string;
  description: string;
  gisDataTypes: ("raster" | "vector")[];
  options: Record<string, InputOption>;
}

export const GTIFF_INPUT: InputFormat = {
  name: "GTiff",
  title: "GeoTIFF",
  description:
    "GeoTIFF files, read by HTTP range requests (Cloud-Optimized, tiled with overviews, is fastest; stripped files work too): the assets of STAC Items (load_stac), a file at an https URL (load_url) or the user's uploaded files (load_uploaded_files). DEFLATE, LZW, ZSTD, PackBits, LERC, JPEG, WebP or no compression; an EPSG-coded CRS. A file read by load_url or load_uploaded_files becomes a data cube with a band per sample, named by the file's band descriptions (band_1, band_2, ... where it has none), and a single time step (the `datetime` option, or the file's own date); several files of a day are mosaicked, the first given first.",
  gisDataTypes: ["raster"],
  options: {
    datetime: {
      description: "The time step of the data cube (its day, at midnight UTC), as an RFC 3339 date or date-time; when null, each file's own observation date (a DATETIME or ACQUISITIONDATETIME item of its GDAL metadata; not the TIFF DateTime tag, which says when the file was written), and 1970-01-01 for files without one.",
      schema: { type: ["string", "null"] },
      default: null,
    },
  },
};

export const GEOJSON_INPUT: InputFormat = {
  name: "GeoJSON",
  title: "GeoJSON",
  description:
    "GeoJSON (RFC 7946: a geometry, a Feature or a FeatureCollection) at an https URL (load_url) or among the user's uploaded files (load_uploaded_files), read as load_geojson reads it into a vector data cube; the features of several files follow each other. At most 4 MiB in all.",
  gisDataTypes: ["vector"],
  options: {
    properties: {
      description: "Names of Feature properties whose values make a dimension `properties`, as load_geojson's parameter of that name.",
      schema: { type: "array", items: { type: "string" } },
      default: [],
    },
  },
};

export const STAC_INPUT: InputFormat = {
  name: "STAC",
  title: "SpatioTemporal Asset Catalog",
  description:
    "A STAC Item, Collection, Catalog or ItemCollection (JSON) at an https URL (load_url) or one uploaded STAC file (load_uploaded_files), read as load_stac reads it without extents: all its GeoTIFF data assets, all times.",
  gisDataTypes: ["raster"],
  options: {},
};

export const INPUT_FORMATS: readonly InputFormat[] = [GTIFF_INPUT, GEOJSON_INPUT, STAC_INPUT];

export function findInputFormat(name: string): InputFormat | undefined {
  const wanted = name.toLowerCase();
  return INPUT_FORMATS.find((f) => f.name.toLowerCase() === wanted);
}

function optionReason(format: InputFormat, name: string, value: unknown): string | undefined {
  if (format === GTIFF_INPUT && name === "datetime") {
    return value === null || (typeof value === "string" && !Number.isNaN(Date.parse(value))) ? undefined : `option 'datetime' must be an RFC 3339 date or date-time, or null, not ${JSON.stringify(value)}`;
  }
  if (format === GEOJSON_INPUT && name === "properties") {
    const ok = Array.isArray(value) && value.every((v) => typeof v === "string") && new Set(value).size === value.length;
    return ok ? undefined : "option 'properties' must be an array of distinct property names";
  }
  return undefined;
}

/** The first problem with `options` for `format` (unknown names, wrong values), or undefined. */
export function inputOptionsProblem(format: InputFormat, options: Record<string, unknown>): string | undefined {
  for (const [name, value] of Object.entries(options)) {
    if (!(name in format.options)) {
      const known = Object.keys(format.options);
      return `the input format ${format.name} has no option '${name}'${known.length ? ` (options: ${known.join(", ")})` : " (it takes no options)"}`;
    }
    const reason = optionReason(format, name, value);
    if (reason) return reason;
  }
  return undefined;
}

/** The options with the defaults of those not given. */
export function inputOptionsWithDefaults(format: InputFormat, options: Record<string, unknown>): Record<string, unknown> {
  return { ...Object.fromEntries(Object.entries(format.options).map(([name, o]) => [name, o.default])), ...options };
}

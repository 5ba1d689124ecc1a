/**
 * The XYZ service type: its configuration parameters, checked when a service is created or
 * changed, and the process parameters a tile fills in (GET /service_types lists both).
 */
import { OpenEOError } from "../errors";
import type { ResampleMethod } from "../raster/resample";

/** A colour stop: values between stops are interpolated linearly in RGB. */
export interface ColourStop {
  value: number;
  /** "#rrggbb" */
  color: string;
}

export interface XyzConfiguration {
  tile_size: 256 | 512;
  /** A named colour map, or explicit stops (ascending values); used for single-band results. */
  colormap: "greys" | "viridis" | "ndvi" | ColourStop[];
  /** The values mapped to the ends of the colour map (or to 0 and 255 for RGB); defaults per colour map. */
  min: number | null;
  max: number | null;
  /**
   * How loads are read onto the tile's pixels; null (and records from before the option) keeps the
   * method of the process's resample_spatial, nearest without one.
   */
  resampling?: ResampleMethod | null;
  format: "png";
}

export const COLORMAP_NAMES = ["greys", "viridis", "ndvi"] as const;

const CONFIGURATION_PARAMETERS = {
  tile_size: {
    title: "Tile size",
    description: "Width and height of the tiles in pixels.",
    type: "integer",
    enum: [256, 512],
    default: 256,
    required: false,
  },
  colormap: {
    title: "Colour map",
    description:
      "How single-band results are coloured: `greys`, `viridis` or `ndvi` (brown to green from -1 to 1), or explicit stops as an array of `{value, color}` with ascending values and `#rrggbb` colours. Three-band results are shown as RGB and ignore it.",
    type: ["string", "array"],
    default: "greys",
    required: false,
  },
  min: {
    title: "Low end",
    description: "The value shown at the low end of the colour map (RGB: as 0). Defaults to -1 for `ndvi`, the first stop for explicit stops, and 0 otherwise.",
    type: ["number", "null"],
    default: null,
    required: false,
  },
  max: {
    title: "High end",
    description: "The value shown at the high end of the colour map (RGB: as 255). Defaults to 1 for `ndvi`, the last stop for explicit stops, and 255 otherwise.",
    type: ["number", "null"],
    default: null,
    required: false,
  },
  resampling: {
    title: "Resampling",
    description:
      "How the source pixels are resampled onto the tile's pixels: `nearest` (each tile pixel takes the source pixel its centre falls in) or `bilinear` (the four source pixels around its centre, weighted by distance; no-data in any of them gives no-data). `null` keeps the method a `resample_spatial` in the process names, and nearest without one. Either way the source is read at the overview level matching the zoom, as GDAL picks it.",
    type: ["string", "null"],
    enum: ["nearest", "bilinear", null],
    default: null,
    required: false,
  },
  format: {
    title: "Image format",
    description: "The image format of the tiles.",
    type: "string",
    enum: ["png"],
    default: "png",
    required: false,
  },
};

const EXTENT_PARAMETER = (side: string) => ({
  name: `spatial_extent_${side}`,
  title: `Tile's ${side} edge`,
  description: `The ${side} edge of the tile being rendered, in the CRS of \`spatial_extent_crs\`.`,
  schema: { type: "number" },
});

/** What GET /service_types answers for XYZ. */
export const XYZ_SERVICE_TYPE = {
  title: "XYZ tiles",
  description:
    "Web map tiles in Web Mercator (EPSG:3857) at /{z}/{x}/{y}.png, for Leaflet, OpenLayers, MapLibre or QGIS. Each tile evaluates the service's process for the tile's extent at the tile's resolution; collections are read at the matching overview level.",
  configuration: CONFIGURATION_PARAMETERS,
  process_parameters: [
    ...["west", "south", "east", "north"].map(EXTENT_PARAMETER),
    { name: "spatial_extent_crs", title: "Tile's CRS", description: "The CRS of the tile's extent: always EPSG code 3857.", schema: { type: "integer" } },
    { name: "tile_size", title: "Tile size", description: "The width and height of the tile in pixels.", schema: { type: "integer" } },
  ],
};

function invalid(parameter: string, reason: string): OpenEOError {
  return new OpenEOError("ServiceConfigInvalid", { parameter, reason });
}

const HEX = /^#[0-9a-fA-F]{6}$/;

function colormapOf(value: unknown): XyzConfiguration["colormap"] {
  if (typeof value === "string") {
    const name = value.toLowerCase();
    if ((COLORMAP_NAMES as readonly string[]).includes(name)) return name as (typeof COLORMAP_NAMES)[number];
    throw invalid("colormap", `'${value}' is not one of ${COLORMAP_NAMES.join(", ")}`);
  }
  if (!Array.isArray(value) || value.length < 2) throw invalid("colormap", "must be a colour map name or an array of at least two {value, color} stops");
  const stops = value.map((stop, i) => {
    const { value: at, color } = (stop ?? {}) as Record<string, unknown>;
    if (typeof at !== "number" || !Number.isFinite(at)) throw invalid("colormap", `stop ${i} has no numeric value`);
    if (typeof color !== "string" || !HEX.test(color)) throw invalid("colormap", `stop ${i} has no #rrggbb color`);
    return { value: at, color };
  });
  if (stops.some((stop, i) => i > 0 && stop.value <= stops[i - 1]!.value)) throw invalid("colormap", "stop values must ascend");
  return stops;
}

const RESAMPLING_METHODS: readonly ResampleMethod[] = ["nearest", "bilinear"];

function resamplingOf(value: unknown): ResampleMethod | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" && (RESAMPLING_METHODS as readonly string[]).includes(value)) return value as ResampleMethod;
  throw invalid("resampling", `must be one of ${RESAMPLING_METHODS.join(", ")} or null`);
}

function bound(configuration: Record<string, unknown>, name: "min" | "max"): number | null {
  const value = configuration[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) throw invalid(name, "must be a number");
  return value;
}

/**
 * The configuration of an XYZ service with its defaults filled in.
 * @throws OpenEOError ServiceConfigUnsupported for unknown parameters, ServiceConfigInvalid for bad values
 */
export function parseXyzConfiguration(configuration: Record<string, unknown> = {}): XyzConfiguration {
  for (const name of Object.keys(configuration)) {
    if (!(name in CONFIGURATION_PARAMETERS)) throw new OpenEOError("ServiceConfigUnsupported", { parameter: name });
  }
  const tileSize = configuration.tile_size ?? 256;
  if (tileSize !== 256 && tileSize !== 512) throw invalid("tile_size", "must be 256 or 512");
  const format = configuration.format ?? "png";
  if (typeof format !== "string" || format.toLowerCase() !== "png") throw invalid("format", "must be png");
  const min = bound(configuration, "min");
  const max = bound(configuration, "max");
  if (min !== null && max !== null && !(min < max)) throw invalid("max", "must be greater than min");
  return { tile_size: tileSize, colormap: colormapOf(configuration.colormap ?? "greys"), min, max, resampling: resamplingOf(configuration.resampling), format: "png" };
}

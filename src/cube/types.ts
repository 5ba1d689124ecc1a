/**
 * The data cube model. A cube is either LAZY (a description of what to load: collection, items
 * filters, bands, extents, target grid) or RASTER (values read into memory). Processes narrow a
 * lazy cube's description without reading pixels; the first one that needs values materializes it.
 */
import type { StacItem } from "../catalog/stac-types";
import type { Callback } from "../processes/types";
import type { BBox, Grid } from "../raster/grid";
import type { ResampleMethod } from "../raster/resample";
import { geometriesBBox } from "./geojson";
import { GEOMETRY_DIMENSION, type GeometryCube, type VectorCube } from "./vector";

/** A band label with what processes need to find it by another name (ndvi's common names). */
export interface BandLabel {
  name: string;
  commonName?: string;
  /** Other names the band answers to (a source's asset key, such as "red" for B04). */
  aliases?: string[];
  /** Micrometres, from eo:bands, for filter_bands' wavelengths. */
  wavelength?: number;
}

/** A box in a CRS ("EPSG:<code>"). */
export interface SpatialExtent {
  bbox: BBox;
  crs: string;
}

/** A half-open interval [start, end) of ISO 8601 instants; null is an open end. */
export interface TemporalExtent {
  start: string | null;
  end: string | null;
}

export interface LazyCube {
  kind: "lazy";
  /** The collection's id; for a cube of a STAC URL (`source`), that URL, naming the cube in messages. */
  collection: string;
  /**
   * Where the items come from instead of the catalog: the STAC document at a URL (load_stac), or
   * items described here (GeoTIFF files read by load_url and load_uploaded_files).
   */
  source?: { stacUrl: string } | { items: StacItem[] };
  bands: BandLabel[];
  /** null: the whole collection. */
  spatial: SpatialExtent | null;
  temporal: TemporalExtent | null;
  /** load_collection's property filters: each item's property value must make its callback answer true. */
  properties: Record<string, Callback>;
  /** Overrides the native grid of the collection's first band when set (resampling). */
  target?: ReadTarget;
}

/** Which corner of the extent a resampled grid starts from (resample_spatial's `align`). */
export type SpatialAlign = "upper-left" | "upper-right" | "lower-left" | "lower-right";

/** The grid a lazy cube is read onto instead of its native one (see target-grid.ts). */
export interface ReadTarget {
  /** unset: the native CRS. */
  crs?: string;
  /** Pixel width in the CRS's units (also the height unless `resolutionY` is set); unset: kept, or suggested in a new CRS. */
  resolution?: number;
  resolutionY?: number;
  /** A pixel corner of an exact lattice (resample_cube_spatial); unset: the lattice starts at the `align` corner of the extent. */
  origin?: [number, number];
  align?: SpatialAlign;
  /** How values off the native lattice are read; nearest when unset. */
  method?: ResampleMethod;
}

/** A dimension with labels (everything but the two spatial axes), with its type's label kind. */
export type LabelDimension =
  | { name: string; type: "temporal"; labels: string[] }
  | { name: string; type: "bands"; labels: BandLabel[] }
  | { name: string; type: "other"; labels: (string | number)[] };

/**
 * Values in memory: one Float32Array per combination of labels of `dims` (row-major, the first
 * dimension outermost) on `grid`, NaN as no-data, scale and offset applied. The spatial
 * dimensions are the grid's columns and rows; `axes` holds their names (x and y unless renamed).
 */
export interface RasterCube {
  kind: "raster";
  grid: Grid;
  axes: { x: string; y: string };
  dims: LabelDimension[];
  planes: Float32Array[];
  /** The first and last label of a temporal dimension that was reduced or dropped: the time a composite covers, for its metadata. */
  timeSpan?: [string, string];
}

export type DataCube = LazyCube | RasterCube;

/** openEO dimension metadata (as in STAC's cube:dimensions), for describing a cube. */
export type Dimension =
  | { type: "spatial"; axis: "x" | "y"; extent: [number, number] | null; step: number | null; reference_system: string }
  | { type: "temporal"; extent: [string | null, string | null]; values?: string[] }
  | { type: "bands"; values: string[] }
  | { type: "other"; values: (string | number)[] }
  | { type: "geometry"; axes: ["x", "y"]; bbox: BBox | null; geometry_types: string[]; reference_system: string };

/** Any data cube: raster (lazy or read) or vector; processes that need rasters reject vector cubes (cubeArgument). */
export function isDataCube(value: unknown): value is DataCube | VectorCube {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return typeof value === "object" && value !== null && (kind === "lazy" || kind === "raster" || kind === "vector");
}

function labelDimensions(dims: LabelDimension[]): Record<string, Dimension> {
  const out: Record<string, Dimension> = {};
  for (const dim of dims) {
    if (dim.type === "temporal") out[dim.name] = { type: "temporal", extent: [dim.labels[0] ?? null, dim.labels.at(-1) ?? null], values: dim.labels };
    else if (dim.type === "bands") out[dim.name] = { type: "bands", values: dim.labels.map((b) => b.name) };
    else out[dim.name] = { type: "other", values: dim.labels };
  }
  return out;
}

/** A vector cube's geometry dimension: the box and types of its geometries. */
function geometryDimension(cube: GeometryCube): Dimension {
  const geometries = cube.geometries.map((f) => f.geometry);
  const types = [...new Set(geometries.flatMap((g) => (g ? [g.type] : [])))];
  return { type: "geometry", axes: ["x", "y"], bbox: geometriesBBox(geometries), geometry_types: types, reference_system: cube.crs };
}

/** The dimensions of a cube by name (x, y, t, bands; geometry for vector cubes that have it); a lazy cube's t has an extent but no labels yet. */
export function dimensionsOf(cube: DataCube | VectorCube): Record<string, Dimension> {
  if (cube.kind === "vector") {
    const geometry: Record<string, Dimension> = cube.geometries ? { [GEOMETRY_DIMENSION]: geometryDimension(cube as GeometryCube) } : {};
    return { ...geometry, ...labelDimensions(cube.dims) };
  }
  if (cube.kind === "lazy") {
    const box = cube.spatial?.bbox ?? null;
    const crs = cube.spatial?.crs ?? "EPSG:4326";
    return {
      x: { type: "spatial", axis: "x", extent: box && [box[0], box[2]], step: cube.target?.resolution ?? null, reference_system: crs },
      y: { type: "spatial", axis: "y", extent: box && [box[1], box[3]], step: cube.target?.resolution ?? null, reference_system: crs },
      t: { type: "temporal", extent: [cube.temporal?.start ?? null, cube.temporal?.end ?? null] },
      bands: { type: "bands", values: cube.bands.map((b) => b.name) },
    };
  }
  const [minX, minY, maxX, maxY] = cube.grid.bbox;
  const step = (maxX - minX) / cube.grid.width;
  return {
    [cube.axes.x]: { type: "spatial", axis: "x", extent: [minX, maxX], step, reference_system: cube.grid.crs },
    [cube.axes.y]: { type: "spatial", axis: "y", extent: [minY, maxY], step: (maxY - minY) / cube.grid.height, reference_system: cube.grid.crs },
    ...labelDimensions(cube.dims),
  };
}

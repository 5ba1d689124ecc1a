/**
 * JSON: any process result. Numbers, strings, booleans, arrays and objects as they are (NaN and
 * infinities become null, as JSON has no such numbers). A raster cube becomes the structure of the
 * openEO process tests' data cubes: {type: "datacube", order, dimensions: {name: {type, values}},
 * data: nested arrays in `order` (y and x last), nodata: [null]}, for small cubes only. A vector
 * cube (aggregate_spatial's result) becomes the same FeatureCollection as in the GeoJSON format;
 * one without geometries (reduce_spatial's) the datacube structure over its label dimensions.
 */
import { axisCentres, labelValues } from "../cube/dimensions";
import { isDataCube, type LabelDimension, type RasterCube } from "../cube/types";
import { hasGeometries, isVectorCube, type VectorCube } from "../cube/vector";
import { featureCollectionBytes, geojson } from "./geojson";
import type { OutputFormat } from "./types";

/** Cells a JSON cube may have: beyond that a raster format is the right tool. */
export const MAX_JSON_CELLS = 1_000_000;

/** Nests one leaf per plane by dimension, outermost first (planes are row-major over `dims`). */
function nested<T>(dims: LabelDimension[], count: number, leaf: (plane: number) => T): unknown {
  const nest = (d: number, offset: number, stride: number): unknown => {
    if (d === dims.length) return leaf(offset);
    const length = dims[d]!.labels.length;
    const inner = stride / length;
    return Array.from({ length }, (_, k) => nest(d + 1, offset + k * inner, inner));
  };
  return nest(0, 0, count);
}

const labelDimensionsJson = (dims: LabelDimension[]) => Object.fromEntries(dims.map((dim) => [dim.name, { type: dim.type, values: labelValues(dim) }]));

const cell = (v: number) => (Number.isFinite(v) ? v : null);

function cubeJson(cube: RasterCube): unknown {
  const { width, height } = cube.grid;
  const dimensions: Record<string, unknown> = labelDimensionsJson(cube.dims);
  dimensions[cube.axes.y] = { type: "spatial", axis: "y", values: axisCentres(cube, "y"), reference_system: cube.grid.crs };
  dimensions[cube.axes.x] = { type: "spatial", axis: "x", values: axisCentres(cube, "x"), reference_system: cube.grid.crs };
  const rows = (plane: Float32Array) => Array.from({ length: height }, (_, y) => Array.from(plane.subarray(y * width, (y + 1) * width), cell));
  return {
    type: "datacube",
    order: [...cube.dims.map((d) => d.name), cube.axes.y, cube.axes.x],
    dimensions,
    data: nested(cube.dims, cube.planes.length, (p) => rows(cube.planes[p]!)),
    nodata: [null],
  };
}

/** A cube without spatial or geometry dimensions (reduce_spatial's) in the same structure: its one value per label combination. */
function labelCubeJson(cube: VectorCube): unknown {
  return {
    type: "datacube",
    order: cube.dims.map((d) => d.name),
    dimensions: labelDimensionsJson(cube.dims),
    data: nested(cube.dims, cube.values.length, (p) => cell(cube.values[p]![0]!)),
    nodata: [null],
  };
}

function jsonOf(data: unknown): unknown {
  if (isVectorCube(data)) return labelCubeJson(data);
  return isDataCube(data) && data.kind === "raster" ? cubeJson(data) : data;
}

export const json: OutputFormat = {
  name: "JSON",
  title: "JSON",
  description:
    "Any result as JSON. A raster data cube (up to 1,000,000 cells) is written as {type: \"datacube\", order, dimensions, data, nodata}, with `data` nested along `order` (y and x last) and null for no-data. A vector data cube (such as aggregate_spatial's result) is written as in the GeoJSON format: a FeatureCollection whose features keep their properties and get one more per label combination of the other dimensions (\"2023-08-15T00:00:00Z/B04\", or \"value\" without any). A cube without spatial dimensions (reduce_spatial's result) is written as a raster cube is, with its remaining dimensions only (a single value when none remain). NaN and infinities become null.",
  gisDataTypes: ["raster", "vector", "other"],
  extension: "json",
  storesEmptyCubes: true,
  options: {},
  unsuitable(data) {
    if (isDataCube(data) && data.kind === "lazy") return "the data cube was not read";
    if (isVectorCube(data)) return hasGeometries(data) ? geojson.unsuitable(data) : undefined;
    if (isDataCube(data) && data.kind === "raster" && data.planes.length * data.grid.width * data.grid.height > MAX_JSON_CELLS) {
      return `the data cube has more than ${MAX_JSON_CELLS.toLocaleString("en")} cells; use GTiff for large rasters`;
    }
    return undefined;
  },
  async encode(data) {
    const bytes = isVectorCube(data) && hasGeometries(data) ? featureCollectionBytes(data) : new TextEncoder().encode(JSON.stringify(jsonOf(data)));
    return [{ name: `result.${json.extension}`, mediaType: "application/json", bytes, roles: ["data"] }];
  },
};

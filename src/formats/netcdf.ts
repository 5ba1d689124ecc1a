/**
 * netCDF: a raster cube as a CF-1.8 netCDF classic (CDF-1) file. Each band is one float variable
 * (named after the band, NaN as _FillValue) over the cube's other label dimensions, in cube order,
 * then y and x; a cube without bands has one variable, "value". x and y are coordinate variables
 * of pixel centres (rows north to south, as in the cube), dates a CF time coordinate, and the
 * scalar "crs" variable is the grid mapping, with the WKT and GDAL's GeoTransform so that GDAL
 * reads the CRS and the exact geotransform (see netcdf-labels.ts for the other label dimensions).
 * A cube without spatial dimensions (reduce_spatial's) has its label dimensions only, in double.
 */
import { axisCentres, labelValues } from "../cube/dimensions";
import { isDataCube, type LabelDimension, type RasterCube } from "../cube/types";
import { isVectorCube } from "../cube/vector";
import { pixelSize } from "../raster/grid";
import { writeNetcdf, type NcAttributes, type NcDimension, type NcVariable } from "./netcdf-classic";
import { gridMapping } from "./netcdf-grid-mapping";
import { cfName, NetcdfNames, netcdfLabelDimension } from "./netcdf-labels";
import type { OutputFormat } from "./types";

const GRID_MAPPING = "crs";

function spatialVariables(cube: RasterCube, geographic: boolean): NcVariable[] {
  const attributes = (axis: "x" | "y"): NcAttributes => {
    if (geographic) {
      const [name, units] = axis === "x" ? ["longitude", "degrees_east"] : ["latitude", "degrees_north"];
      return { standard_name: name, long_name: name, units, axis: axis.toUpperCase() };
    }
    return { standard_name: `projection_${axis}_coordinate`, long_name: `${axis} coordinate of projection`, units: "m", axis: axis.toUpperCase() };
  };
  return (["y", "x"] as const).map((axis) => ({ name: axis, dimensions: [axis], type: "double", attributes: attributes(axis), data: [axisCentres(cube, axis)] }));
}

/** GDAL's geotransform (top-left corner, pixel width, rotation, top edge, rotation, negative pixel height), space-separated. */
function geoTransform(cube: RasterCube): string {
  const [minX, , , maxY] = cube.grid.bbox;
  const size = pixelSize(cube.grid);
  return [minX, size.x, 0, maxY, 0, -size.y].join(" ");
}

/** What a file holds: label dimensions and their planes, and for a raster cube its grid (y, x and the grid mapping). */
interface Layout {
  dims: LabelDimension[];
  planes: readonly ArrayLike<number>[];
  /** float for raster cubes, double for the float64 values of a cube without spatial dimensions. */
  type: "float" | "double";
  spatial?: { dimensions: NcDimension[]; variables: NcVariable[] };
}

/** One variable per band (or "value"), holding the planes of that band in cube order. */
function bandVariables(layout: Layout, index: number, dimensions: string[], coordinates: string[], names: NetcdfNames): NcVariable[] {
  const { dims, planes, type, spatial } = layout;
  const bands = index < 0 ? ["value"] : labelValues(dims[index]!).map(String);
  // Planes are row-major over dims, so a plane's band is its index / (planes per band label) modulo the band count.
  const inner = dims.slice(index + 1).reduce((n, d) => n * d.labels.length, 1);
  return bands.map((band, b) => ({
    name: names.claim(cfName(band, "band_")),
    dimensions: [...dimensions, ...(spatial ? ["y", "x"] : [])],
    type,
    attributes: {
      long_name: band,
      _FillValue: { type, values: [NaN] },
      ...(spatial ? { grid_mapping: GRID_MAPPING } : {}),
      ...(coordinates.length ? { coordinates: coordinates.join(" ") } : {}),
    },
    data: index < 0 ? planes : planes.filter((_, p) => Math.floor(p / inner) % bands.length === b),
  }));
}

function netcdfFile(layout: Layout): Uint8Array {
  const { dims, spatial } = layout;
  const names = new NetcdfNames(spatial ? ["y", "x", GRID_MAPPING] : []);
  const bandsIndex = dims.findIndex((d) => d.type === "bands");
  const firstTemporal = dims.find((d) => d.type === "temporal");
  const labelDims = dims.filter((_, i) => i !== bandsIndex).map((d) => netcdfLabelDimension(d, names, d === firstTemporal));
  const dimensions: NcDimension[] = [...labelDims.flatMap((d) => d.dimensions), ...(spatial?.dimensions ?? [])];
  const coordinates = labelDims.filter((d) => d.auxiliary).map((d) => d.variable.name);
  const variables = [
    ...labelDims.map((d) => d.variable),
    ...(spatial?.variables ?? []),
    ...bandVariables(layout, bandsIndex, labelDims.map((d) => d.dimensions[0]!.name), coordinates, names),
  ];
  const attributes: NcAttributes = {
    Conventions: "CF-1.8",
    title: "openEO result",
    source: "openeo-edge",
    history: `${new Date().toISOString()}: written by openeo-edge (openEO save_result)`,
  };
  return writeNetcdf({ dimensions, attributes, variables });
}

function rasterLayout(cube: RasterCube): Layout {
  const mapping = gridMapping(cube.grid.crs)!;
  // A grid mapping variable only carries attributes; its one value means nothing.
  const crs: NcVariable = { name: GRID_MAPPING, dimensions: [], type: "int", attributes: { ...mapping.attributes, GeoTransform: geoTransform(cube) }, data: [[0]] };
  const dimensions = [{ name: "y", length: cube.grid.height }, { name: "x", length: cube.grid.width }];
  return { dims: cube.dims, planes: cube.planes, type: "float", spatial: { dimensions, variables: [...spatialVariables(cube, mapping.geographic), crs] } };
}

export const netcdf: OutputFormat = {
  name: "netCDF",
  title: "netCDF (CF-1.8)",
  description:
    "A raster data cube as one CF-1.8 netCDF classic file that GDAL, ncdump and xarray read. Each band is a float variable named after the band (characters other than letters, digits and _ replaced by _; the name as long_name) with NaN as _FillValue; a cube without a bands dimension has one variable, `value`. Its dimensions are the cube's other dimensions in cube order, then y and x (rows north to south). x and y hold the pixel centres; a temporal dimension (t, or its name if it is a valid name) holds days (or seconds when times of the day differ from midnight) since 1970-01-01 UTC; the scalar variable `crs` is the grid mapping (CF parameters, WKT with the EPSG code, GDAL's GeoTransform). Labels of other dimensions are a numeric coordinate, or text in a `<dim>_label` variable (such as aggregate_temporal_period's period labels). A cube without spatial dimensions (reduce_spatial's result) is written the same way without x, y and crs, its variables in double precision.",
  gisDataTypes: ["raster"],
  extension: "nc",
  storesEmptyCubes: false,
  options: {},
  unsuitable(data) {
    if (isVectorCube(data)) return data.geometries ? "vector data cubes can't be written as netCDF here; use GeoJSON, CSV or JSON" : undefined;
    if (!isDataCube(data) || data.kind !== "raster") return "only raster data cubes can be written as netCDF";
    if (!gridMapping(data.grid.crs)) return `the CRS ${data.grid.crs} has no CF grid mapping here (EPSG:4326, 4269, 3857, 5041, 5042 and the WGS 84 and ETRS89 UTM zones have)`;
    return undefined;
  },
  async encode(data) {
    return [{ name: `result.${netcdf.extension}`, mediaType: "application/netcdf", bytes: netcdfFile(isVectorCube(data) ? { dims: data.dims, planes: data.values, type: "double" } : rasterLayout(data as RasterCube)), roles: ["data"] }];
  },
};

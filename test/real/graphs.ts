/**
 * Process-graph pieces of the real-data tests, written out as a client would send them, so that
 * a synchronous request and a batch job can run the very same graph.
 */
import { SCL_CLOUD_CLASSES, type RawRaster } from "./raw-rasters";

/** A load_collection spatial_extent in the raster's CRS covering raw pixel columns [col0, col1) and rows [row0, row1). */
export function pixelBoxExtent(raster: RawRaster, col0: number, row0: number, col1: number, row1: number) {
  return {
    west: raster.originX + col0 * raster.pixelWidth,
    east: raster.originX + col1 * raster.pixelWidth,
    north: raster.originY - row0 * raster.pixelHeight,
    south: raster.originY - row1 * raster.pixelHeight,
    crs: raster.epsg,
  };
}

export const loadCollection = (collection: string, spatialExtent: unknown, temporalExtent: [string, string], bands: string[]) => ({
  process_id: "load_collection",
  arguments: { id: collection, spatial_extent: spatialExtent, temporal_extent: temporalExtent, bands },
});
export const saveResult = (from: string, format: string, options: Record<string, unknown> = {}) => ({
  process_id: "save_result",
  arguments: { data: { from_node: from }, format, options },
  result: true,
});
export const callback = (processGraph: Record<string, unknown>) => ({ process_graph: processGraph });
export const param = (name: string) => ({ from_parameter: name });
export const node = (id: string) => ({ from_node: id });

/** The NDVI graph of B04 (red) and B08 (nir), saved as `format`. */
export const ndviGraph = (collection: string, spatialExtent: unknown, temporalExtent: [string, string], format = "GTiff") => ({
  load: loadCollection(collection, spatialExtent, temporalExtent, ["B04", "B08"]),
  ndvi: { process_id: "ndvi", arguments: { data: node("load") } },
  save: saveResult("ndvi", format),
});

/** A bands reducer: NDVI where SCL is not a cloud class, else null (if's reject defaults to null). */
export const cloudFreeNdviReducer = callback({
  scl: { process_id: "array_element", arguments: { data: param("data"), label: "SCL" } },
  red: { process_id: "array_element", arguments: { data: param("data"), label: "B04" } },
  nir: { process_id: "array_element", arguments: { data: param("data"), label: "B08" } },
  ...Object.fromEntries(SCL_CLOUD_CLASSES.map((c) => [`is${c}`, { process_id: "eq", arguments: { x: node("scl"), y: c } }])),
  either1: { process_id: "or", arguments: { x: node(`is${SCL_CLOUD_CLASSES[0]}`), y: node(`is${SCL_CLOUD_CLASSES[1]}`) } },
  either2: { process_id: "or", arguments: { x: node(`is${SCL_CLOUD_CLASSES[2]}`), y: node(`is${SCL_CLOUD_CLASSES[3]}`) } },
  cloudy: { process_id: "or", arguments: { x: node("either1"), y: node("either2") } },
  clear: { process_id: "not", arguments: { x: node("cloudy") } },
  ndvi: { process_id: "normalized_difference", arguments: { x: node("nir"), y: node("red") } },
  kept: { process_id: "if", arguments: { value: node("clear"), accept: node("ndvi") }, result: true },
});
export const maxReducer = callback({ max: { process_id: "max", arguments: { data: param("data") }, result: true } });
export const meanReducer = callback({ mean: { process_id: "mean", arguments: { data: param("data") }, result: true } });

/** The cloud-masked maximum-NDVI composite over t of B04, B08 and SCL, as a GeoTIFF with no label dimension left. */
export const cloudFreeMaxNdviGraph = (collection: string, spatialExtent: unknown, temporalExtent: [string, string]) => ({
  load: loadCollection(collection, spatialExtent, temporalExtent, ["B04", "B08", "SCL"]),
  masked: { process_id: "reduce_dimension", arguments: { data: node("load"), dimension: "bands", reducer: cloudFreeNdviReducer } },
  composite: { process_id: "reduce_dimension", arguments: { data: node("masked"), dimension: "t", reducer: maxReducer } },
  save: saveResult("composite", "GTiff"),
});

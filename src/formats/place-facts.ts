/**
 * Where and when a result file's data lies (a WGS 84 box and the dates), recorded for files
 * without raster facts (netCDF, PNG, JSON of a cube, GeoJSON, CSV), so a batch job's STAC Item is
 * located and dated for every cube it stores, not only for GTiff.
 */
import { geometriesBBox } from "../cube/geojson";
import { isDataCube } from "../cube/types";
import { hasGeometries, isVectorCube } from "../cube/vector";
import { transformBBox } from "../raster/crs";
import type { BBox } from "../raster/grid";
import { wgs84Features } from "./vector-features";

export interface PlaceFacts {
  /** In WGS 84 longitude/latitude; null when nothing locates the data (a vector cube without geometries, or without a geometry dimension). */
  bbox: BBox | null;
  /** The labels of the cube's temporal dimension, in order; empty when it has none. */
  dates: string[];
  /** Without a temporal dimension: the first and last date of the one reduced away. */
  timeSpan?: [string, string];
}

/** The place of a raster or vector cube; undefined for anything else (a number, an array, a lazy cube). */
export function placeFacts(data: unknown): PlaceFacts | undefined {
  if (isVectorCube(data)) {
    const temporal = data.dims.find((dim) => dim.type === "temporal");
    const bbox = hasGeometries(data) ? geometriesBBox(wgs84Features(data).map((f) => f.geometry)) : null;
    return { bbox, dates: temporal ? temporal.labels.map(String) : [] };
  }
  if (!isDataCube(data) || data.kind !== "raster") return undefined;
  const temporal = data.dims.find((dim) => dim.type === "temporal");
  return {
    bbox: transformBBox(data.grid.bbox, data.grid.crs, "EPSG:4326"),
    dates: temporal ? temporal.labels.map(String) : [],
    ...(!temporal && data.timeSpan ? { timeSpan: data.timeSpan } : {}),
  };
}

/** Reading the cube-related arguments of processes: data cubes, bounding boxes, GeoJSON, temporal intervals. */
import { OpenEOError } from "../errors";
import type { Callback } from "../processes/types";
import { crsDefinition } from "../raster/crs";
import { isDataCube, type DataCube, type RasterCube, type SpatialExtent, type TemporalExtent } from "./types";
import { isVectorCube, type VectorCube } from "./vector";
import { asOnePixel, fromOnePixel } from "./vector-labels";

/** A raster data cube (lazy or read); vector cubes are rejected too, a cube reduce_spatial made saying so. */
export function cubeArgument(value: unknown, process: string, parameter = "data"): DataCube {
  if (isDataCube(value) && value.kind === "vector" && value.geometries === null) {
    throw new OpenEOError("ProcessParameterInvalid", { process, parameter, reason: `expected a raster data cube: reduce_spatial removed this cube's spatial dimensions, which ${process} needs` });
  }
  if (!isDataCube(value) || value.kind === "vector") throw new OpenEOError("ProcessParameterInvalid", { process, parameter, reason: "expected a raster data cube" });
  return value;
}

/**
 * The data of a process that works along label dimensions only: a raster data cube, or a cube
 * reduce_spatial left without spatial dimensions, as one pixel (asOnePixel). `done` turns the
 * process's raster result back into a cube of the argument's kind.
 */
export function labelCubeArgument(value: unknown, process: string, parameter = "data"): { cube: DataCube; done: (result: RasterCube) => RasterCube | VectorCube } {
  if (isVectorCube(value) && value.geometries === null) return { cube: asOnePixel(value), done: (result) => fromOnePixel(value, result) };
  return { cube: cubeArgument(value, process, parameter), done: (result) => result };
}

/** A data cube of any kind: raster (lazy or read) or vector, for processes that work on labels alone. */
export function anyCubeArgument(value: unknown, process: string, parameter = "data"): DataCube | VectorCube {
  if (!isDataCube(value)) throw new OpenEOError("ProcessParameterInvalid", { process, parameter, reason: "expected a data cube" });
  return value;
}

/** A WKT2 definition's own EPSG identifier: the ID closing its root element. */
const WKT2_EPSG = /\bID\[\s*"EPSG"\s*,\s*(\d+)\s*\]\s*\]\s*$/;

/** An EPSG code or a WKT2 definition with its EPSG ID, as "EPSG:<code>"; ProcessParameterInvalid when we can't project to it. */
export function crsOf(crs: unknown, process: string, parameter: string): string {
  const wktCode = typeof crs === "string" ? WKT2_EPSG.exec(crs)?.[1] : undefined;
  const name = typeof crs === "number" ? `EPSG:${crs}` : wktCode ? `EPSG:${wktCode}` : String(crs);
  try {
    crsDefinition(name);
  } catch {
    throw new OpenEOError("ProcessParameterInvalid", { process, parameter, reason: `the CRS ${JSON.stringify(crs)} is not supported` });
  }
  return name;
}

/** The box around every position of a GeoJSON object (CRS84). */
function geoJsonBox(value: unknown, box: [number, number, number, number]): void {
  if (Array.isArray(value) && typeof value[0] === "number" && typeof value[1] === "number") {
    box[0] = Math.min(box[0], value[0]);
    box[1] = Math.min(box[1], value[1]);
    box[2] = Math.max(box[2], value[0]);
    box[3] = Math.max(box[3], value[1]);
  } else if (Array.isArray(value)) for (const item of value) geoJsonBox(item, box);
  else if (typeof value === "object" && value !== null) {
    const object = value as Record<string, unknown>;
    geoJsonBox(object.coordinates ?? object.geometry ?? object.features ?? object.geometries, box);
  }
}

/** A bounding-box object, or (load_collection) GeoJSON reduced to its bounding box; null stays null. */
export function spatialExtent(value: unknown, process: string, parameter: string): SpatialExtent | null {
  if (value === null || value === undefined) return null;
  const object = value as Record<string, unknown>;
  if (typeof object.west === "number") {
    const { west, south, east, north } = object as Record<string, number>;
    return { bbox: [west!, south!, east!, north!], crs: crsOf(object.crs ?? 4326, process, parameter) };
  }
  if (isDataCube(value)) throw new OpenEOError("ProcessParameterInvalid", { process, parameter, reason: "vector data cubes are not supported" });
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  geoJsonBox(value, box);
  if (!Number.isFinite(box[0])) throw new OpenEOError("ProcessParameterInvalid", { process, parameter, reason: "the GeoJSON has no coordinates" });
  return { bbox: box, crs: "EPSG:4326" };
}

function instant(value: unknown): string | null {
  if (typeof value !== "string") return null;
  // A date means midnight UTC of that day.
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
}

/** [start, end) with null as an open end. */
export function temporalExtent(value: unknown, process: string, parameter = "extent"): TemporalExtent | null {
  if (value === null || value === undefined) return null;
  // A node's result reaches here unchecked when its return schema only overlaps (number or null).
  if (!Array.isArray(value)) throw new OpenEOError("ProcessParameterInvalid", { process, parameter, reason: "expected an interval [start, end] or null" });
  const [start, end] = value.map(instant);
  if (start && end && !(Date.parse(start) < Date.parse(end))) {
    throw OpenEOError.processException("TemporalExtentEmpty", `${process}: the end of the temporal extent must be later than its start.`);
  }
  return { start: start ?? null, end: end ?? null };
}

/** load_collection's and load_stac's `properties`: a callback per property name; null for none. */
export function propertyFilters(value: unknown, process: string): Record<string, Callback> {
  if (value === null || value === undefined) return {};
  // Callbacks arrive as functions; anything else came from another node's result, which validation can't see.
  const valid = typeof value === "object" && !Array.isArray(value) && !isDataCube(value) && Object.values(value).every((f) => typeof f === "function");
  if (!valid) throw new OpenEOError("ProcessParameterInvalid", { process, parameter: "properties", reason: "expected a child process per property name, or null" });
  return value as Record<string, Callback>;
}

/**
 * Output formats: what GET /file_formats lists and what save_result and the result endpoints
 * encode. Each format declares its options (as JSON Schemas, the way /file_formats publishes
 * them) and turns a process result into files.
 */
import { isDataCube } from "../cube/types";
import type { JsonSchema } from "../processes/types";
import type { PlaceFacts } from "./place-facts";
import type { RasterFacts } from "./raster-facts";

export interface FormatOption {
  description: string;
  schema: JsonSchema & { type: "string" | "integer" | "number" | "boolean" };
  default: unknown;
}

/** One file of a result. */
export interface EncodedFile {
  /** File name with extension, such as result.tif. */
  name: string;
  mediaType: string;
  bytes: Uint8Array;
  /** The STAC roles of the asset. */
  roles: string[];
  /** Set by raster formats: what the file holds, for STAC metadata. */
  raster?: RasterFacts;
  /** Where and when its data lies, for a file of a cube without raster facts. */
  place?: PlaceFacts;
}

/** A raster cube without pixels, or a cube without spatial dimensions (reduce_spatial's) without values. */
export function isEmptyCube(data: unknown): boolean {
  if (isDataCube(data) && data.kind === "vector") return data.geometries === null && data.values.length === 0;
  return isDataCube(data) && data.kind === "raster" && (data.planes.length === 0 || data.grid.width === 0 || data.grid.height === 0);
}

export interface OutputFormat {
  /** The GDAL-style name (/file_formats key); matched case-insensitively. */
  name: string;
  title: string;
  description: string;
  gisDataTypes: ("raster" | "vector" | "table" | "other")[];
  /** File name extension, without the dot. */
  extension: string;
  /** Whether a data cube without values (no planes or no pixels) can be written. */
  storesEmptyCubes: boolean;
  options: Record<string, FormatOption>;
  /**
   * Why the value can't be written in this format (the FormatUnsuitable reason), or undefined.
   * Checked when save_result runs, before anything is encoded (sizes too); empty cubes are checked
   * before. `options`, when given, are complete and valid; without them, the defaults hold.
   */
  unsuitable(data: unknown, options?: Record<string, unknown>): string | undefined;
  /** The files; `options` are complete (defaults applied) and valid. */
  encode(data: unknown, options: Record<string, unknown>): Promise<EncodedFile[]>;
  /** For formats that can send a file while it is being encoded: the one file as pieces, its length unknown in advance. */
  stream?(data: unknown, options: Record<string, unknown>): { name: string; mediaType: string; parts: AsyncIterable<Uint8Array> };
}

/**
 * What load_url and load_uploaded_files share: files (addresses the run's data access reads, an
 * https URL or a path in the user's files) loaded as one data cube in an input format. GeoJSON
 * becomes a vector cube as load_geojson makes it, GeoTIFFs a lazy cube of a single-item
 * description each, STAC the lazy cube load_stac makes.
 */
import { mapConcurrently } from "../../map-concurrently";
import { budgetOf } from "../../budget";
import { collectBands } from "../../catalog/collection-metadata";
import { dataAccess } from "../../cube/context";
import { filesBandNames, geotiffItem, UNDATED } from "../../cube/file-item";
import { parseGeoJson, type Feature } from "../../cube/geojson";
import type { LazyCube } from "../../cube/types";
import { OpenEOError } from "../../errors";
import { findInputFormat, GEOJSON_INPUT, GTIFF_INPUT, INPUT_FORMATS, inputOptionsProblem, inputOptionsWithDefaults, STAC_INPUT, type InputFormat } from "../../formats/inputs";
import { jsonNestsDeeperThan } from "../../json-depth";
import { loadGeojson } from "../vector/load-geojson";
import type { ParameterSpec, ProcessContext } from "../types";
import { loadStac } from "./load-stac";

/** GeoJSON is parsed whole: all files of one load together stay this small, well inside a Worker's memory (and within one unranged read). */
export const MAX_GEOJSON_BYTES = 4 * 2 ** 20;
/** Files of one load: each is at least one read (a GeoTIFF's header, a GeoJSON file). */
export const MAX_FILES = 100;

/** The `format` and `options` parameters the loading processes share. */
export const FORMAT_PARAMETERS: ParameterSpec[] = [
  {
    name: "format",
    description: "The input format's name from GET /file_formats (GTiff, GeoJSON or STAC), case-insensitive.",
    schema: { type: "string", subtype: "input-format" },
  },
  {
    name: "options",
    description: "The format's options as GET /file_formats lists them; omitted ones take their defaults.",
    schema: { type: "object", subtype: "input-format-options" },
    default: {},
    optional: true,
  },
];

/** What the loading processes answer. */
export const LOADED_CUBE = { description: "The data cube: a vector cube for GeoJSON, otherwise a raster cube not read yet.", schema: { type: "object", subtype: "datacube" } };
/** Far more than GeoJSON needs (a MultiPolygon's positions sit 4 levels inside a Feature's geometry). */
const MAX_GEOJSON_DEPTH = 100;

export interface FileToLoad {
  /** What the run's data access reads (openAsset, readFile, STAC access). */
  href: string;
  /** How messages name it (the user's path or URL). */
  name: string;
}

const unsuitable = (format: InputFormat, reason: string) => OpenEOError.processException("FormatUnsuitable", `Data can't be loaded as ${format.name}: ${reason}`);

function formatProblem(name: unknown): string | undefined {
  if (typeof name !== "string" || findInputFormat(name)) return undefined;
  return `the input format '${name}' is not supported (GET /file_formats lists ${INPUT_FORMATS.map((f) => f.name).join(", ")})`;
}

/** The literal checks of both processes' `format` and `options`. */
export function checkFormatLiterals(args: Record<string, unknown>): { parameter: string; reason: string }[] {
  const problems: { parameter: string; reason: string }[] = [];
  const formatReason = formatProblem(args.format);
  if (formatReason) problems.push({ parameter: "format", reason: formatReason });
  const format = typeof args.format === "string" ? findInputFormat(args.format) : undefined;
  const options = args.options;
  const optionsReason = format && options && typeof options === "object" ? inputOptionsProblem(format, options as Record<string, unknown>) : undefined;
  if (optionsReason) problems.push({ parameter: "options", reason: optionsReason });
  return problems;
}

/** The format and complete options of a call, checked. */
export function formatOf(process: string, args: Record<string, unknown>): { format: InputFormat; options: Record<string, unknown> } {
  const [problem] = checkFormatLiterals(args);
  if (problem) throw new OpenEOError("ProcessParameterInvalid", { process, ...problem });
  const format = findInputFormat(args.format as string)!;
  return { format, options: inputOptionsWithDefaults(format, (args.options ?? {}) as Record<string, unknown>) };
}

/** The file's bytes, at most `allowed` of them. */
async function readGeoJson(file: FileToLoad, allowed: number, process: string, ctx: ProcessContext): Promise<Uint8Array> {
  const { readFile } = dataAccess(ctx);
  if (!readFile) throw new OpenEOError("Internal", { message: `${process} needs to read files, but the run was started without file access` });
  return readFile(file.href, allowed).catch((error: unknown) => {
    if (error instanceof OpenEOError && error.code === "FileSizeExceeded") throw unsuitable(GEOJSON_INPUT, `${file.name} takes the GeoJSON read past ${MAX_GEOJSON_BYTES} bytes (all files together)`);
    throw error;
  });
}

function geojsonFeatures(bytes: Uint8Array, file: FileToLoad, process: string): Feature[] {
  const text = new TextDecoder().decode(bytes);
  if (jsonNestsDeeperThan(text, MAX_GEOJSON_DEPTH)) throw unsuitable(GEOJSON_INPUT, `${file.name} nests arrays and objects more than ${MAX_GEOJSON_DEPTH} levels deep`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw unsuitable(GEOJSON_INPUT, `${file.name} is not JSON`);
  }
  try {
    return parseGeoJson(json, process, "data");
  } catch (error) {
    if (error instanceof OpenEOError) throw unsuitable(GEOJSON_INPUT, `${file.name} is not GeoJSON this back-end reads (${error.message})`);
    throw error;
  }
}

async function loadGeoJsonFiles(files: FileToLoad[], process: string, options: Record<string, unknown>, ctx: ProcessContext): Promise<unknown> {
  const features: Feature[] = [];
  let read = 0;
  for (const file of files) {
    const bytes = await readGeoJson(file, MAX_GEOJSON_BYTES - read, process, ctx);
    read += bytes.length;
    // Parsed text takes several times its bytes: the budget is asked before.
    budgetOf(ctx).reserve(read * 4, `the GeoJSON of ${files.length === 1 ? file.name : "the files"}`);
    features.push(...geojsonFeatures(bytes, file, process));
  }
  try {
    return await loadGeojson.run({ data: { type: "FeatureCollection", features }, properties: options.properties }, ctx);
  } catch (error) {
    // Its property values are what the option named: say so, not load_geojson's parameter.
    if (error instanceof OpenEOError && error.code === "ProcessParameterInvalid") {
      throw new OpenEOError("ProcessParameterInvalid", { process, parameter: "options", reason: `option 'properties': ${error.message.replace(/^.*? is invalid: /, "")}` });
    }
    throw error;
  }
}

/** Files whose headers are read at once: up to 100 may be named, and each is a remote read. */
const OPENING_AT_ONCE = 6;

async function loadGeoTiffs(files: FileToLoad[], options: Record<string, unknown>, ctx: ProcessContext): Promise<LazyCube> {
  const data = dataAccess(ctx);
  // The option's date for every file; without it, each file's own date, if it has one.
  const given = options.datetime === null ? undefined : new Date(Date.parse(options.datetime as string)).toISOString();
  const headers = await mapConcurrently(files, OPENING_AT_ONCE, async (file) => {
    const cog = await data.openAsset({ href: file.href, type: "image/tiff; application=geotiff", roles: ["data"] }).catch((error: unknown) => {
      if (error instanceof OpenEOError && error.code === "FileContentInvalid") throw unsuitable(GTIFF_INPUT, error.message);
      throw error;
    });
    return cog.header;
  });
  const bands = filesBandNames(headers);
  const items = headers.map((header, i) => geotiffItem(files[i]!.href, header, `file-${i + 1}`, given ?? header.datetime ?? UNDATED, bands[i]));
  return { kind: "lazy", collection: files[0]!.name, source: { items }, bands: collectBands(items).map((b) => ({ name: b.name })), spatial: null, temporal: null, properties: {} };
}

async function loadStacFile(files: FileToLoad[], ctx: ProcessContext): Promise<unknown> {
  if (files.length !== 1) throw unsuitable(STAC_INPUT, `one STAC document makes a data cube, not ${files.length}`);
  try {
    return await loadStac.run({ url: files[0]!.href, spatial_extent: null, temporal_extent: null, bands: null, properties: null }, ctx);
  } catch (error) {
    // load_stac's complaints about its URL are complaints about the document here.
    if (error instanceof OpenEOError && error.code === "ProcessParameterInvalid") throw unsuitable(STAC_INPUT, error.message);
    throw error;
  }
}

/** The files (at least one) as one data cube in `format` (checked by formatOf). */
export async function loadFiles(process: string, files: FileToLoad[], format: InputFormat, options: Record<string, unknown>, ctx: ProcessContext): Promise<unknown> {
  if (format === GEOJSON_INPUT) return loadGeoJsonFiles(files, process, options, ctx);
  if (format === GTIFF_INPUT) return loadGeoTiffs(files, options, ctx);
  return loadStacFile(files, ctx);
}

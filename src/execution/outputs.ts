/**
 * What a synchronous request answers: the files of its save_result nodes (or, without any, the
 * final result as GTiff for a raster cube, GeoJSON for a vector cube with geometries and JSON otherwise), as one
 * file, or as a tar archive with a STAC Item describing the files when there are several.
 */
import type { DataAccess } from "../cube/context";
import { materialize } from "../cube/materialize";
import { dimensionOfType, keepLabels, withoutDimension } from "../cube/dimensions";
import { isDataCube } from "../cube/types";
import { isVectorCube } from "../cube/vector";
import { OpenEOError } from "../errors";
import { findOutputFormat, isEmptyCube, withDefaults, type EncodedFile, type OutputFormat } from "../formats";
import { placeFacts, type PlaceFacts } from "../formats/place-facts";
import type { RasterFacts } from "../formats/raster-facts";
import { writeTar } from "../formats/tar";
import type { SavedResult } from "../processes/types";

/** A result file as the pieces to send in order (a large GTiff's are computed while they are sent). */
export interface ResultBody {
  name: string;
  mediaType: string;
  /** Undefined for a file encoded while it is sent (PNG). */
  byteLength?: number;
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
  /** What a raster file holds (GTiff), for a batch job's STAC metadata. */
  raster?: RasterFacts;
  /** Where and when the data of a file of another format lies. */
  place?: PlaceFacts;
}

function single(file: Omit<EncodedFile, "roles">): ResultBody {
  return { name: file.name, mediaType: file.mediaType, byteLength: file.bytes.length, chunks: [file.bytes], ...(file.raster ? { raster: file.raster } : {}), ...(file.place ? { place: file.place } : {}) };
}

/** A file's place, unless its raster facts say more. */
function placed<T extends { raster?: RasterFacts }>(file: T, data: unknown): T & { place?: PlaceFacts } {
  const place = file.raster ? undefined : placeFacts(data);
  return place ? { ...file, place } : file;
}

/** The format of a vector cube that no save_result asked for a format: GeoJSON, which clients read as JSON too. */
export const IMPLICIT_VECTOR_FORMAT = "GeoJSON";

/** The final value of a graph without save_result, in the format its kind calls for. */
export async function implicitResult(value: unknown, data: DataAccess): Promise<SavedResult> {
  if (isVectorCube(value)) return { data: value, format: value.geometries ? IMPLICIT_VECTOR_FORMAT : "JSON", options: {} };
  if (isDataCube(value)) {
    const format = findOutputFormat("GTiff")!;
    return { data: value.kind === "lazy" ? await materialize(value, data) : value, format: format.name, options: withDefaults(format, {}) };
  }
  return { data: value, format: "JSON", options: {} };
}

function suitableFormat(saved: SavedResult): OutputFormat {
  const format = findOutputFormat(saved.format)!;
  if (!format.storesEmptyCubes && isEmptyCube(saved.data)) throw OpenEOError.processException("DataCubeEmpty", `${format.name} can't store an empty data cube.`);
  const reason = format.unsuitable(saved.data, saved.options);
  if (reason) throw OpenEOError.processException("FormatUnsuitable", `The result can't be written as ${format.name}: ${reason}.`);
  return format;
}

async function encode(saved: SavedResult): Promise<EncodedFile[]> {
  return (await suitableFormat(saved).encode(saved.data, saved.options)).map((file) => placed(file, saved.data));
}

/** A single result in a format that encodes while sending. */
function stream(saved: SavedResult): ResultBody | undefined {
  const streamed = suitableFormat(saved).stream?.(saved.data, saved.options);
  return streamed && placed<ResultBody>({ name: streamed.name, mediaType: streamed.mediaType, chunks: streamed.parts }, saved.data);
}

/** A STAC Item listing the files of a multi-file result, so that the archive explains itself. */
function describe(files: EncodedFile[]): Uint8Array {
  const item = {
    type: "Feature",
    stac_version: "1.0.0",
    id: "result",
    geometry: null,
    properties: { datetime: new Date().toISOString() },
    assets: Object.fromEntries(files.map((f) => [f.name, { href: `./${f.name}`, type: f.mediaType, roles: f.roles }])),
    links: [],
  };
  return new TextEncoder().encode(JSON.stringify(item, null, 2));
}

/** The encoded files of a run, or the one file of a single result in a format encoded while sent. */
export type SavedOutput = { streamed: ResultBody } | { files: EncodedFile[] };

/**
 * A GTiff of several dates as one file per date, each named after its day: a batch job stores
 * them side by side, so that each is a STAC Item of its own and load_stac of the results sees a
 * time series. Each file holds one date, its bands named after the cube's bands alone (the date
 * is the Item's); so does the file of a single date.
 */
function apartByDate(saved: SavedResult): { saved: SavedResult; day?: string }[] {
  const cube = saved.data;
  if (saved.format !== "GTiff" || !isDataCube(cube) || cube.kind !== "raster") return [{ saved }];
  const time = dimensionOfType(cube, "temporal");
  if (!time) return [{ saved }];
  const oneDate = (i: number) => ({ ...saved, data: withoutDimension(keepLabels(cube, time.index, [i]), time.index) });
  if (time.dim.labels.length === 1) return [{ saved: oneDate(0) }];
  return time.dim.labels.map((label, i) => ({ saved: oneDate(i), day: String(label).slice(0, 10) }));
}

const withDay = (name: string, day: string | undefined) => (day === undefined ? name : name.replace(/(\.[^.]*)?$/, (ext) => `-${day}${ext}`));

/** The name of the file of one date of a result of several (`result-2024-07-01.tif`). */
export const fileOfDate = (name: string, date: string) => withDay(name, date.slice(0, 10));

export async function savedOutput(saved: SavedResult[], finalValue: unknown, data: DataAccess, options: { datesApart?: boolean } = {}): Promise<SavedOutput> {
  return outputOf(saved.length > 0 ? saved : [await implicitResult(finalValue, data)], options);
}

/** The files of the results. */
export async function outputOf(results: SavedResult[], options: { datesApart?: boolean } = {}): Promise<SavedOutput> {
  const streamed = results.length === 1 ? stream(results[0]!) : undefined;
  if (streamed) return { streamed };
  const parts: { saved: SavedResult; day?: string }[] = options.datesApart ? results.flatMap(apartByDate) : results.map((result) => ({ saved: result }));
  const files = (await Promise.all(parts.map(async ({ saved: part, day }) => (await encode(part)).map((f) => ({ ...f, name: withDay(f.name, day) }))))).flat();
  // Several files of the same name (two GTiff results) are numbered in graph order.
  const names = new Set(files.map((f) => f.name));
  return { files: names.size === files.length ? files : files.map((f, i) => ({ ...f, name: `${i + 1}-${f.name}` })) };
}

/** Each file of its own (a batch job stores them side by side). */
export function outputFiles(output: SavedOutput): ResultBody[] {
  return "streamed" in output ? [output.streamed] : output.files.map(single);
}

/** One body to answer with: several files go into a tar archive. */
export function outputBody(output: SavedOutput): ResultBody {
  if ("streamed" in output) return output.streamed;
  const { files } = output;
  if (files.length === 1) return single(files[0]!);
  return single({ name: "result.tar", mediaType: "application/x-tar", bytes: writeTar([...files, { name: "item.json", bytes: describe(files) }]) });
}

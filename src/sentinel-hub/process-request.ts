/**
 * A Sentinel Hub Process API request (POST /api/v1/process), checked and reduced to what the run
 * needs: one collection, a box in a CRS, a time range and filters, the output grid, the responses
 * and the evalscript. What we don't support is refused by name, never ignored.
 */
import { localCollectionId } from "./collection-names";
import { geometriesBBox, parseGeoJson, type Geometry } from "../cube/geojson";
import { OpenEOError } from "../errors";
import { crsDefinition, UnsupportedCrsError, type CrsDefinition } from "../raster/crs";
import type { MosaickingOrder } from "../processes/udf/evalscript-scenes";

export interface ProcessRequest {
  /** Our collection id: sentinel-2-l2a, a BYOC collection's byoc-<uuid> itself, or the ingested id behind byoc-<id>. */
  collection: string;
  crs: string;
  bbox: [number, number, number, number];
  /** input.bounds.geometry (polygons in `crs`): pixels outside it have no data. */
  geometry: Geometry | null;
  from: string;
  to: string;
  maxCloudCoverage: number | null;
  mosaickingOrder: MosaickingOrder;
  /** processing.upsampling, for output pixels smaller than the source's; downsampling, for larger ones. */
  upsampling: Resampling;
  downsampling: Resampling;
  width: number;
  height: number;
  /** quality: image/jpeg's, 0 to 100 (Sentinel Hub's default 90). */
  responses: { identifier: string; type: ResponseType; quality?: number }[];
  evalscript: string;
}

export type Resampling = "nearest" | "bilinear" | "bicubic";
const RESAMPLINGS: Record<string, Resampling> = { NEAREST: "nearest", BILINEAR: "bilinear", BICUBIC: "bicubic" };

/** The identifier of the JSON response that holds what updateOutputMetadata wrote. */
export const USER_DATA = "userdata";

/** The largest output side: a synchronous request's budget holds a few bands of this square. */
export const MAX_OUTPUT_SIDE = 2500;
const MAX_RESPONSES = 16;
export const IMAGE_FORMATS = ["image/tiff", "image/png", "image/jpeg"] as const;
const FORMATS = [...IMAGE_FORMATS, "application/json"] as const;
export type ResponseType = (typeof FORMATS)[number];
const ORDERS: readonly MosaickingOrder[] = ["mostRecent", "leastRecent", "leastCC"];

export function badRequest(message: string): OpenEOError {
  return new OpenEOError("RequestInvalid", { target: "body", reason: message }, { message });
}

/** A JSON object (not null, not an array). */
export const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === "object" && !Array.isArray(value);

export const object = (value: unknown, at: string): Record<string, unknown> => {
  if (!isObject(value)) throw badRequest(`${at} must be an object.`);
  return value;
};

/** OGC CRS URLs as Sentinel Hub takes them: .../EPSG/0/<code>, or CRS84 (the default). */
export function crsOfUrl(url: unknown): string {
  if (url === undefined || url === null) return "EPSG:4326";
  if (typeof url !== "string") throw badRequest("input.bounds.properties.crs must be a CRS URL.");
  if (/\/OGC\/1\.3\/CRS84$/.test(url)) return "EPSG:4326";
  const code = /\/EPSG\/0\/(\d{4,5})$/.exec(url)?.[1];
  if (!code) throw badRequest(`input.bounds.properties.crs '${url}' is not a CRS URL such as http://www.opengis.net/def/crs/EPSG/0/32633.`);
  return `EPSG:${code}`;
}

/** The CRS's definition; one proj4 doesn't know is the caller's to change (a 400, never a retried 500). */
function knownCrs(crs: string): CrsDefinition {
  try {
    return crsDefinition(crs);
  } catch (error) {
    if (!(error instanceof UnsupportedCrsError)) throw error;
    throw badRequest(`input.bounds.properties.crs: ${crs} is not supported here; give the bounds in a CRS such as CRS84 (EPSG:4326), EPSG:3857 or a UTM zone (EPSG:326xx, 327xx, 258xx).`);
  }
}

function polygons(value: unknown, geographic: boolean): Geometry {
  const type = value && typeof value === "object" ? (value as { type?: unknown }).type : undefined;
  if (type !== "Polygon" && type !== "MultiPolygon") throw badRequest("input.bounds.geometry must be a GeoJSON Polygon or MultiPolygon (in the CRS of input.bounds.properties.crs).");
  return parseGeoJson(value, "process", "input.bounds.geometry", geographic)[0]!.geometry!;
}

/**
 * The box to cover: the bbox, the geometry's box, or where both are given their intersection (as
 * Sentinel Hub has it); with a geometry, pixels outside it have no data.
 */
export function bounds(input: Record<string, unknown>): Pick<ProcessRequest, "crs" | "bbox" | "geometry"> {
  const b = object(input.bounds, "input.bounds");
  const crs = crsOfUrl(b.properties === undefined ? undefined : object(b.properties, "input.bounds.properties").crs);
  const { geographic } = knownCrs(crs);
  const geometry = b.geometry === undefined ? null : polygons(b.geometry, geographic);
  if (b.bbox === undefined && !geometry) throw badRequest("input.bounds must have a bbox or a geometry.");
  let box = geometry ? geometriesBBox([geometry]) : null;
  if (geometry && !box) throw badRequest("input.bounds.geometry has no coordinates.");
  if (b.bbox !== undefined) {
    const bbox = b.bbox;
    if (!Array.isArray(bbox) || bbox.length !== 4 || bbox.some((v) => typeof v !== "number" || !Number.isFinite(v))) throw badRequest("input.bounds.bbox must be four numbers [minX, minY, maxX, maxY].");
    const [minX, minY, maxX, maxY] = bbox as number[];
    box = box ? [Math.max(box[0], minX!), Math.max(box[1], minY!), Math.min(box[2], maxX!), Math.min(box[3], maxY!)] : [minX!, minY!, maxX!, maxY!];
  }
  const [minX, minY, maxX, maxY] = box!;
  if (!(minX < maxX && minY < maxY)) throw badRequest(geometry && b.bbox !== undefined ? "input.bounds.bbox and input.bounds.geometry don't overlap." : "input.bounds must have minX < maxX and minY < maxY.");
  return { crs, bbox: [minX, minY, maxX, maxY], geometry };
}

/** input.data's one source; `timeRange` where the request gives it elsewhere (the Statistical API's aggregation.timeRange). */
export function data(
  input: Record<string, unknown>,
  timeRange?: { value: unknown; at: string },
): Pick<ProcessRequest, "collection" | "from" | "to" | "maxCloudCoverage" | "mosaickingOrder" | "upsampling" | "downsampling"> {
  const list = input.data;
  if (!Array.isArray(list) || list.length !== 1) throw badRequest("input.data must hold exactly one data source (data fusion is not supported yet).");
  const source = object(list[0], "input.data[0]");
  const type = source.type;
  if (typeof type !== "string") throw badRequest("input.data[0].type must name the data: sentinel-2-l2a or byoc-<collection id>.");
  const collection = type === "sentinel-2-l2a" || type === "S2L2A" ? "sentinel-2-l2a" : localCollectionId(type);
  if (!collection) throw badRequest(`input.data[0].type '${type}' is not sentinel-2-l2a or byoc-<collection id>.`);
  const filter = source.dataFilter === undefined ? {} : object(source.dataFilter, "input.data[0].dataFilter");
  const at = timeRange?.at ?? "input.data[0].dataFilter.timeRange";
  const range = object(timeRange ? timeRange.value : filter.timeRange, at);
  const [from, to] = [range.from, range.to];
  if (typeof from !== "string" || typeof to !== "string" || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)) || Date.parse(from) > Date.parse(to)) {
    throw badRequest(`${at} must have from and to as ISO 8601 date-times, from not after to.`);
  }
  const cloud = filter.maxCloudCoverage ?? null;
  if (cloud !== null && (typeof cloud !== "number" || cloud < 0 || cloud > 100)) throw badRequest("input.data[0].dataFilter.maxCloudCoverage must be a number from 0 to 100.");
  const order = filter.mosaickingOrder ?? "mostRecent";
  if (!ORDERS.includes(order as MosaickingOrder)) throw badRequest(`input.data[0].dataFilter.mosaickingOrder '${String(order)}' is not supported; ${ORDERS.join(", ")} are.`);
  const processing = source.processing === undefined ? {} : object(source.processing, "input.data[0].processing");
  const method = (name: "upsampling" | "downsampling"): Resampling => {
    const value = processing[name] ?? "NEAREST";
    const known = typeof value === "string" ? RESAMPLINGS[value] : undefined;
    if (!known) throw badRequest(`input.data[0].processing.${name} '${String(value)}' is not supported; ${Object.keys(RESAMPLINGS).join(", ")} are.`);
    return known;
  };
  return { collection, from, to, maxCloudCoverage: cloud, mosaickingOrder: order as MosaickingOrder, upsampling: method("upsampling"), downsampling: method("downsampling") };
}

/** width/height (256 when neither is given) or resx/resy, of `output` (named `at` in messages). */
export function size(output: Record<string, unknown>, bbox: ProcessRequest["bbox"], at = "output"): Pick<ProcessRequest, "width" | "height"> {
  const side = (value: number, name: string) => {
    if (!Number.isInteger(value) || value < 1 || value > MAX_OUTPUT_SIDE) throw badRequest(`${at}.${name} must come to a whole number of pixels from 1 to ${MAX_OUTPUT_SIDE}.`);
    return value;
  };
  if (output.resx !== undefined || output.resy !== undefined) {
    const [rx, ry] = [output.resx, output.resy];
    if (typeof rx !== "number" || typeof ry !== "number" || !(rx > 0 && ry > 0)) throw badRequest(`${at}.resx and ${at}.resy must be positive numbers in the units of the CRS.`);
    return { width: side(Math.round((bbox[2] - bbox[0]) / rx), "resx"), height: side(Math.round((bbox[3] - bbox[1]) / ry), "resy") };
  }
  const width = output.width ?? 256;
  const height = output.height ?? 256;
  if (typeof width !== "number" || typeof height !== "number") throw badRequest(`${at}.width and ${at}.height must be numbers.`);
  return { width: side(width, "width"), height: side(height, "height") };
}

function responses(output: Record<string, unknown>): ProcessRequest["responses"] {
  const list = output.responses ?? [{ identifier: "default", format: { type: "image/png" } }];
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_RESPONSES) throw badRequest(`output.responses must list 1 to ${MAX_RESPONSES} responses.`);
  const seen = new Set<unknown>();
  return list.map((r, i) => {
    const response = object(r, `output.responses[${i}]`);
    const identifier = response.identifier ?? "default";
    const format = response.format === undefined ? { type: "image/png" } : object(response.format, `output.responses[${i}].format`);
    const { type, quality } = format;
    if (typeof identifier !== "string") throw badRequest(`output.responses[${i}].identifier must be a string.`);
    if (seen.has(identifier)) throw badRequest(`output.responses names '${identifier}' twice.`);
    seen.add(identifier);
    if (!FORMATS.includes(type as ResponseType)) throw badRequest(`output.responses[${i}].format.type '${String(type)}' is not supported; ${FORMATS.join(", ")} are.`);
    if ((type === "application/json") !== (identifier === USER_DATA)) throw badRequest(`output.responses[${i}]: the response '${USER_DATA}' (what updateOutputMetadata writes) is application/json, and only it.`);
    if (quality !== undefined && (type !== "image/jpeg" || !Number.isInteger(quality) || (quality as number) < 0 || (quality as number) > 100)) throw badRequest(`output.responses[${i}].format.quality is image/jpeg's, a whole number from 0 to 100.`);
    return { identifier, type: type as ResponseType, ...(quality === undefined ? {} : { quality: quality as number }) };
  });
}

export function parseProcessRequest(body: unknown): ProcessRequest {
  const request = object(body, "The request body");
  const input = object(request.input, "input");
  const output = request.output === undefined ? {} : object(request.output, "output");
  if (typeof request.evalscript !== "string" || request.evalscript === "") throw badRequest("evalscript must be the evalscript's source.");
  const box = bounds(input);
  return { ...box, ...data(input), ...size(output, box.bbox), responses: responses(output), evalscript: request.evalscript };
}

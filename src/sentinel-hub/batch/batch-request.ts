/**
 * A request of Sentinel Hub's Batch Processing API: a Process API request (`processRequest`) over
 * an area, cut into the tiles of a tiling grid (`tilingGrid: {id, resolution, bufferX?, bufferY?}`,
 * or the deprecated `tilingGridId` and `resolution`), each tile computed on its own grid (its box
 * widened by the buffers, in pixels) and written as one COG per response.
 */
import type { Grid } from "../../raster/grid";
import { badRequest, isObject, MAX_OUTPUT_SIDE, parseProcessRequest, type ProcessRequest } from "../process-request";
import { tilesCovering, type GridTile } from "./grid-tiles";
import { reachesTile } from "./tile-clip";
import { checkTilePaths, tilePathTemplate } from "./tile-paths";
import { tilePixels, tilingGrid, TILING_GRIDS, type TilingGrid } from "./tiling-grids";

export interface BatchRequest {
  process: ProcessRequest;
  grid: TilingGrid;
  resolution: number;
  bufferX: number;
  bufferY: number;
  /** The tiles' paths in the caller's files, with placeholders (tile-paths.ts). */
  tilePath: string;
  description: string | null;
}

/** The most tiles one request may have: each is a queue message and an invocation. */
export const MAX_TILES = 500;
const MAX_DESCRIPTION = 1000;

function grid(body: Record<string, unknown>): Pick<BatchRequest, "grid" | "resolution" | "bufferX" | "bufferY"> {
  const settings = body.tilingGrid === undefined ? { id: body.tilingGridId, resolution: body.resolution } : body.tilingGrid;
  if (!isObject(settings)) throw badRequest("tilingGrid must be an object: {id, resolution, bufferX?, bufferY?}.");
  const found = typeof settings.id === "number" ? tilingGrid(settings.id) : undefined;
  if (!found) throw badRequest(`tilingGrid.id must be one of the tiling grids: ${TILING_GRIDS.map((g) => `${g.id} (${g.name})`).join(", ")}.`);
  const resolution = found.resolutions.find((r) => r === settings.resolution);
  if (resolution === undefined) throw badRequest(`tilingGrid.resolution must be one of the grid's resolutions: ${found.resolutions.join(", ")}.`);
  const buffer = (name: "bufferX" | "bufferY") => {
    const value = settings[name] ?? 0;
    const most = Math.floor((MAX_OUTPUT_SIDE - tilePixels(found, resolution)) / 2);
    if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > most) throw badRequest(`tilingGrid.${name} must be a whole number of pixels from 0 to ${most} at this resolution.`);
    return value as number;
  };
  return { grid: found, resolution, bufferX: buffer("bufferX"), bufferY: buffer("bufferY") };
}

/** The process request without output.width/height/resx/resy: each tile's size and resolution are the grid's. */
function withoutOutputSize(processRequest: Record<string, unknown>): Record<string, unknown> {
  if (!isObject(processRequest.output)) return processRequest;
  const { width: _w, height: _h, resx: _x, resy: _y, ...output } = processRequest.output;
  return { ...processRequest, output };
}

/** Tiles are always written over what is at their paths: asking to keep existing files is refused rather than ignored. */
function refuseUnsupportedWrites(output: Record<string, unknown> | undefined): void {
  if (output?.skipExisting !== undefined && output.skipExisting !== false) throw badRequest("output.skipExisting is not supported: every tile is processed and written.");
  if (output?.overwrite !== undefined && output.overwrite !== true) throw badRequest("output.overwrite can only be true: tiles are always written over existing files (leave it out or set it true).");
}

export function parseBatchRequest(body: Record<string, unknown>): BatchRequest {
  if (body.zarrOutput !== undefined) throw badRequest("zarrOutput is not supported; tiles are written as COGs.");
  if (!isObject(body.processRequest)) throw badRequest("processRequest must be an object: a Process API request (input, output.responses, evalscript).");
  const process = parseProcessRequest(withoutOutputSize(body.processRequest));
  for (const response of process.responses) {
    if (response.type !== "image/tiff") throw badRequest(`processRequest.output.responses: '${response.identifier}' is ${response.type}; batch tiles are written as image/tiff (COG).`);
  }
  const description = body.description ?? null;
  if (description !== null && (typeof description !== "string" || description.length > MAX_DESCRIPTION)) throw badRequest(`description must be a string of at most ${MAX_DESCRIPTION} characters.`);
  const output = body.output === undefined ? undefined : isObject(body.output) ? body.output : {};
  refuseUnsupportedWrites(output);
  const tilePath = tilePathTemplate(output, body.bucketName, process.responses.length);
  return { process, ...grid(body), tilePath, description };
}

/** The tiles of a request being accepted: their number within MAX_TILES and every path they'd be written to checked (400 otherwise). */
export function acceptedTiles(request: BatchRequest): GridTile[] {
  const tiles = requestTiles(request);
  checkTilePaths(request.tilePath, request.process.responses.map((r) => r.identifier), tiles.map((t) => t.name));
  return tiles;
}

/** The grid tiles over the request's area (at most MAX_TILES over its bbox, else a 400), without those its geometry misses. */
export function requestTiles(request: BatchRequest): GridTile[] {
  const tiles = tilesCovering(request.grid, { crs: request.process.crs, bbox: request.process.bbox }, MAX_TILES);
  return request.process.geometry ? tiles.filter((tile) => reachesTile(request.process, tile.bbox, tile.crs)) : tiles;
}

/** The grid a tile is computed on: the tile's box widened by the buffers, in pixels of the resolution. */
export function tileWindow(tile: GridTile, request: Pick<BatchRequest, "grid" | "resolution" | "bufferX" | "bufferY">): Grid {
  const { resolution: r, bufferX: bx, bufferY: by } = request;
  const side = tilePixels(request.grid, r);
  const [minX, minY, maxX, maxY] = tile.bbox;
  return { crs: tile.crs, bbox: [minX - bx * r, minY - by * r, maxX + bx * r, maxY + by * r], width: side + 2 * bx, height: side + 2 * by };
}

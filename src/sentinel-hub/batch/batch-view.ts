/**
 * A batch request as Sentinel Hub's Batch Processing API shows it, read from its job: the status
 * (CREATED, ANALYSIS_DONE, PROCESSING, DONE, FAILED, CANCELED), the request as given, and once
 * analysed its tile count and tile size; and its tiles with their status.
 * Analysis is the tiles' listing, done at once when asked for, so ANALYSING is never seen.
 */
import type { JobRecord } from "../../../durable-objects/job";
import { OpenEOError } from "../../errors";
import type { SentinelHubRequest } from "../sentinel-hub-job";
import { parseBatchRequest, requestTiles, type BatchRequest } from "./batch-request";
import type { GridTile } from "./grid-tiles";
import { tilePixels } from "./tiling-grids";

export type BatchStatus = "CREATED" | "ANALYSING" | "ANALYSIS_DONE" | "PROCESSING" | "DONE" | "PARTIAL" | "FAILED" | "CANCELED";
export type TileStatus = "PENDING" | "SCHEDULED" | "QUEUED" | "PROCESSING" | "PROCESSED" | "FAILED";

export function batchStatus(job: Pick<JobRecord, "status">, request: SentinelHubRequest): BatchStatus {
  switch (job.status) {
    case "created":
      return request.analysed ? "ANALYSIS_DONE" : "CREATED";
    case "queued":
    case "running":
      return "PROCESSING";
    case "finished":
      return request.failedTiles ? "PARTIAL" : "DONE";
    case "error":
      return "FAILED";
    case "canceled":
      return "CANCELED";
  }
}

/** The stored request parsed, or the reason it no longer parses (a request accepted before a check was added). */
function parsed(body: Record<string, unknown>): { batch: BatchRequest } | { invalid: string } {
  try {
    return { batch: parseBatchRequest(body) };
  } catch (error) {
    if (error instanceof OpenEOError) return { invalid: error.message };
    throw error;
  }
}

export function batchView(job: JobRecord, request: SentinelHubRequest, error: string | null) {
  const body = request.body;
  const status = batchStatus(job, request);
  const shown = {
    id: job.id,
    userId: job.user_id,
    created: job.created,
    processRequest: body.processRequest,
    ...(body.output === undefined ? {} : { output: body.output }),
    ...(body.bucketName === undefined ? {} : { bucketName: body.bucketName }),
    userAction: request.userAction ?? "NONE",
    userActionUpdated: request.userActionUpdated ?? job.created,
    status,
  };
  const result = parsed(body);
  // Shown as stored, so that its owner can see it and delete it.
  if ("invalid" in result) return { ...shown, tilingGrid: body.tilingGrid, error: error ?? `The request is no longer valid: ${result.invalid}` };
  const { batch } = result;
  const side = tilePixels(batch.grid, batch.resolution);
  return {
    ...shown,
    tilingGrid: { id: batch.grid.id, resolution: batch.resolution, bufferX: batch.bufferX, bufferY: batch.bufferY },
    ...(batch.description === null ? {} : { description: batch.description }),
    ...(status !== "CREATED" ? { tileCount: request.tileCount ?? requestTiles(batch).length, tileWidthPx: side + 2 * batch.bufferX, tileHeightPx: side + 2 * batch.bufferY } : {}),
    ...(error === null ? {} : { error }),
  };
}

/** A tile's status: processed or failed once its chunk is in, queued while the request runs, pending otherwise (never run). */
function tileStatus(status: BatchStatus, state: "processed" | "failed" | null): TileStatus {
  if (state === "processed") return "PROCESSED";
  if (state === "failed") return "FAILED";
  return status === "PROCESSING" ? "QUEUED" : "PENDING";
}

const crsMember = (crs: string) => ({ type: "name", properties: { name: `urn:ogc:def:crs:EPSG::${crs.slice("EPSG:".length)}` } });

export function tileView(requestId: string, tile: GridTile, status: BatchStatus, state: "processed" | "failed" | null) {
  const [minX, minY, maxX, maxY] = tile.bbox;
  const crs = crsMember(tile.crs);
  return {
    id: tile.id,
    requestId,
    tileName: tile.name,
    geometry: { type: "Polygon", crs, coordinates: [[[minX, minY], [maxX, minY], [maxX, maxY], [minX, maxY], [minX, minY]]] },
    origin: { type: "Point", crs, coordinates: [minX, minY] },
    status: tileStatus(status, state),
  };
}

/**
 * What a BYOC collection's Durable Object stores (durable-objects/byoc-collection.ts): the
 * collection, its tiles, and the STAC item an ingested tile became. Plain JSON across RPC.
 */
import type { Geometry, StacItem } from "../stac-types";
import type { PropertyCondition } from "./property-conditions";

export type ByocSampleFormat = "UINT" | "INT" | "FLOAT";

/** A band: the file name that replaces (BAND) in tile paths, and what the first ingested tile said of its samples. */
export interface ByocBand {
  source: string;
  bandIndex: number;
  bitDepth?: number;
  sampleFormat?: ByocSampleFormat;
  noData?: number;
}

export interface ByocCollectionRecord {
  /** A UUID; the collection is `byoc-<id>` in the Process API and in openEO. */
  id: string;
  /** The user id of its owner, the only one who sees it. */
  owner: string;
  name: string;
  s3Bucket: string | null;
  created: string;
  /** Declared at creation, or taken from the first ingested tile; null until then. */
  bands: Record<string, ByocBand> | null;
  noData: number | null;
}

export type ByocTileStatus = "WAITING" | "INGESTING" | "INGESTED" | "FAILED";

export interface ByocTileRecord {
  id: string;
  path: string;
  status: ByocTileStatus;
  sensingTime: string | null;
  /** Percent, as registered; the item's `eo:cloud_cover`. */
  cloudCoverage?: number;
  created: string;
  ingestionStart: string | null;
  /** Sentinel Hub's: failedIngestionCause, minMetersPerPixel, maxMetersPerPixel, filesMetadata. */
  additionalData: Record<string, unknown>;
  /** WGS84: the files' footprint, once ingested. */
  coverGeometry?: Geometry;
}

/** A tile with the item it became (null until INGESTED). */
export interface ByocTileRow {
  tile: ByocTileRecord;
  item: StacItem | null;
}

/** An item query the index answers from its columns, newest first: bbox, time, ids and property comparisons, after a page's last key. */
export interface ByocItemQuery {
  /** WGS84 [west, south, east, north]; west > east crosses the antimeridian. */
  bbox?: [number, number, number, number];
  /** ms since the epoch, inclusive; null or absent: open. */
  start?: number | null;
  end?: number | null;
  ids?: string[];
  /** Comparisons of item properties every answered item passes (src/catalog/byoc/property-conditions.ts). */
  where?: PropertyCondition[];
  /** The last key of the previous page (datetime in ms, id); `inclusive` also takes that id itself (another collection's item had the key). */
  after?: { datetime: number; id: string; inclusive: boolean };
  limit: number;
  /** Characters of item JSON one answer may hold. */
  maxBytes: number;
}

export interface ByocItemPage {
  /** The items as JSON text: parsed by the caller, so the object never holds them all as objects. */
  items: string[];
  /** More items match than were returned (by `limit` or by `maxBytes`). */
  more: boolean;
}

/** The ingested items' aggregates, from which the collection document is described. */
export interface ByocAggregates {
  count: number;
  bbox: [number, number, number, number] | null;
  interval: [string | null, string | null];
  /** The items' common EPSG code and native extent [minX, minY, maxX, maxY] and finest step, when they share one CRS. */
  native: { epsg: number; extent: [number, number, number, number]; step: number } | null;
  /** One ingested item, for the bands' descriptions (every tile has the collection's bands). */
  sample: StacItem | null;
}

/**
 * Types shared by the item-search module. Geometries are GeoJSON (RFC 7946) in CRS84; the item
 * type is deliberately loose so that richer item types elsewhere in the code base fit into it.
 */
import type { Cql2Expression } from "./cql2/ast";

export type Position = number[];

export interface Point {
  type: "Point";
  coordinates: Position;
}
export interface MultiPoint {
  type: "MultiPoint";
  coordinates: Position[];
}
export interface LineString {
  type: "LineString";
  coordinates: Position[];
}
export interface MultiLineString {
  type: "MultiLineString";
  coordinates: Position[][];
}
export interface Polygon {
  type: "Polygon";
  coordinates: Position[][];
}
export interface MultiPolygon {
  type: "MultiPolygon";
  coordinates: Position[][][];
}
export interface GeometryCollection {
  type: "GeometryCollection";
  geometries: Geometry[];
}
export type Geometry = Point | MultiPoint | LineString | MultiLineString | Polygon | MultiPolygon | GeometryCollection;

/** What an item may carry as geometry before validation; see `asGeometry`. */
export interface GeometryLike {
  type: string;
  coordinates?: unknown;
  geometries?: unknown;
}

export interface StacItemProperties {
  datetime?: string | null;
  start_datetime?: string;
  end_datetime?: string;
  [name: string]: unknown;
}

/** The minimal STAC Item the search works on. */
export interface StacItem {
  type: "Feature";
  stac_version?: string;
  stac_extensions?: string[];
  id: string;
  collection?: string;
  bbox?: number[];
  geometry: GeometryLike | null;
  properties: StacItemProperties;
  assets?: Record<string, unknown>;
  links?: Array<{ rel: string; href: string }>;
}

/** A validated bbox; `west > east` means the box crosses the antimeridian. */
export interface Bbox {
  west: number;
  south: number;
  east: number;
  north: number;
  /** Only for 6-number boxes: 2D items are taken to lie at elevation 0. */
  elevation?: { min: number; max: number };
}

/** Epoch milliseconds; `null` is an open end. An instant has `start === end`. */
export interface TimeInterval {
  start: number | null;
  end: number | null;
}

export interface SortKey {
  /** Normalised dotted path into the item, e.g. `properties.eo:cloud_cover` or `id`. */
  field: string;
  direction: "asc" | "desc";
}

/**
 * Fields extension request. `include` undefined means "missing" (start from all fields),
 * `[]` means "empty" (start from the default fields); see the extension's truth table.
 */
export interface FieldsSpec {
  include?: string[];
  exclude: string[];
}

/** One normalised search request, whether it came from GET or POST. */
export interface SearchQuery {
  bbox?: Bbox;
  intersects?: Geometry;
  datetime?: TimeInterval;
  ids?: string[];
  collections?: string[];
  filter?: Cql2Expression;
  /** Empty: the default order (datetime descending, then id). */
  sortby: SortKey[];
  /** Undefined: return items unchanged. */
  fields?: FieldsSpec;
  /** Page size, already clamped to the configured maximum. */
  limit: number;
  /** Opaque paging token from a previous result's `next`/`prev`. */
  token?: string;
  /** Where the page starts among the matches when there is no token (Sentinel Hub's `next`). */
  offset?: number;
}

export interface SearchResult<T> {
  /** Items of the page; projections when `fields` was requested. */
  features: Partial<T>[];
  numberMatched: number;
  numberReturned: number;
  next?: string;
  prev?: string;
  /** Where the next page starts among the matches, when there is one. */
  nextOffset?: number;
}

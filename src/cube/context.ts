/**
 * How cube processes reach data: the engine's ProcessContext plus an injected DataAccess, so the
 * cube and the processes stay free of bindings (DESIGN "How a request flows").
 */
import type { StacAsset, StacCollection, StacItem } from "../catalog/stac-types";
import { OpenEOError } from "../errors";
import type { ProcessContext } from "../processes/types";
import type { Cog } from "../raster/cog-header";
import type { DecodedTiles } from "../raster/decoded-tiles";
import type { BBox, Grid } from "../raster/grid";
import type { ResampleMethod } from "../raster/resample";
import type { UdfSandbox } from "../sandbox/sandbox";
import type { TemporalExtent } from "./types";

export interface ItemQuery {
  /** WGS84 [west, south, east, north]; undefined: anywhere. */
  bbox?: BBox;
  /** Items whose time intersects this interval (a superset is fine: the cube filters again). */
  datetime?: TemporalExtent;
}

/**
 * load_stac's reads: the STAC document at a URL (an Item, a Collection or Catalog, static or served
 * by a STAC API, or an ItemCollection such as a /search answer) and the items it leads to.
 */
export interface StacAccess {
  /** The document described as a collection: its bands as cube:dimensions values and eo:bands summaries. */
  collection(url: string): Promise<StacCollection>;
  /** Its items that may match the query (a superset is fine), with absolute asset hrefs. */
  items(url: string, query: ItemQuery): Promise<StacItem[]>;
}

export interface DataAccess {
  /** @throws OpenEOError CollectionNotFound */
  collection(id: string): Promise<StacCollection>;
  items(collection: string, query: ItemQuery): Promise<StacItem[]>;
  openAsset(asset: StacAsset): Promise<Cog>;
  /** Absent where the run may not read STAC URLs (such as the test vectors). */
  stac?: StacAccess;
  /** Largest cube (bytes of float32 planes) materialize may build; DEFAULT_MAX_CUBE_BYTES when absent. */
  maxBytes?: number;
  /** Only the pixels of lazy cubes inside this grid are read (a strip of a larger result); everything when absent. */
  window?: Grid;
  /**
   * Every lazy cube is read onto exactly this grid (a web map tile), whatever its resampling; pixels
   * outside the load's extent stay no-data. The reader picks the overview level matching its resolution.
   */
  tile?: Grid;
  /** How lazy cubes are read onto `tile` (a service's option); the cube's own method, or nearest, when absent. */
  tileResampling?: ResampleMethod;
  /**
   * aggregate_spatial answers partial statistics of this strip (a chunk of a batch job's zonal
   * statistics): sums, squared deviations, extremes and counts, and with "quantiles" also summaries
   * of the values for median and quantiles.
   */
  partialAggregation?: "moments" | "quantiles";
  /** Decoded tiles shared by the reads of one run (strips re-read the source tile rows they share). */
  tiles?: DecodedTiles;
  /** The run's signal (a cancelled job, a client that went away): every byte source and STAC read stops when it is aborted. */
  signal?: AbortSignal;
  /** Where user JavaScript runs (run_udf); absent where no sandbox exists, and then no UDF runtime does. */
  sandbox?: UdfSandbox;
  /** The bytes of a user's file (a path in their files) or of an https URL, at most `maxBytes` (more is an error). */
  readFile?(reference: string, maxBytes: number): Promise<Uint8Array>;
  /** The address (as openAsset, readFile and STAC access read it) of a path in the user's files; FileNotFound for a path that leaves them. */
  userFileHref?(path: string): string;
}

/** A ProcessContext that may carry data access (the engine passes it through to every process). */
export interface DataContext extends ProcessContext {
  data?: DataAccess;
}

export function dataAccess(ctx: ProcessContext): DataAccess {
  const data = (ctx as DataContext).data;
  if (!data) throw new OpenEOError("Internal", { message: "this process needs data access, but the run was started without it" });
  return data;
}

export function stacAccess(data: DataAccess): StacAccess {
  if (!data.stac) throw new OpenEOError("Internal", { message: "load_stac needs STAC access, but the run was started without it" });
  return data.stac;
}

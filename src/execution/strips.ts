/**
 * Synchronous results larger than one read: when a graph whose cube processes all work pixel by
 * pixel (or along t and bands) needs a cube over the read limit, it is evaluated again for
 * horizontal strips of the result's grid, each strip read and computed on its own, once, and the
 * strips flow into a COG assembled tile row by tile row. Peak memory is one strip's cube plus the
 * compressed tiles kept in memory (a budget; the rest wait in a spill store), whatever the
 * result's size. Graphs with neighbourhood or whole-cube processes (apply_kernel,
 * aggregate_spatial, dimension_labels of x, ...) are not split: their strips would differ from the
 * whole.
 */
import { combinationNames } from "../cube/dimensions";
import { CubeTooLarge, materialize } from "../cube/materialize";
import { DEFAULT_MAX_CUBE_BYTES } from "../cube/plan";

import { isDataCube, type RasterCube } from "../cube/types";
import type { StacItem } from "../catalog/stac-types";
import type { DataAccess, ItemQuery } from "../cube/context";
import type { ParsedGraph, ParsedNode } from "../engine";
import { OpenEOError } from "../errors";
import { findOutputFormat, withDefaults } from "../formats";
import { rasterFacts, type RasterFacts } from "../formats/raster-facts";
import { cogOptions, GTIFF_MEDIA_TYPE } from "../formats/gtiff";
import type { ProcessImplementation, SavedResult } from "../processes/types";
import { CogAssembler } from "../raster/cog-assembler";
import { DecodedTiles } from "../raster/decoded-tiles";
import { pixelSize, sameGrid, type Grid } from "../raster/grid";
import type { SpillStore } from "../raster/spill-store";
import { SpillingTiles } from "../raster/spilling-tiles";

/** Data cube processes whose strips, put together, are the whole. */
const STRIP_SAFE = new Set([
  "load_collection", "load_stac", "filter_bands", "filter_temporal", "filter_labels", "filter_bbox", "filter_spatial",
  "reduce_dimension", "apply", "apply_dimension", "ndvi", "merge_cubes", "mask", "mask_polygon", "aggregate_temporal",
  "aggregate_temporal_period", "rename_labels", "rename_dimension", "add_dimension", "drop_dimension", "resample_spatial", "save_result",
]);

/** The most source data one synchronous request reads in strips; more is a batch job's work. */
export const SYNC_MAX_TOTAL_BYTES = 512 * 2 ** 20;

/** Strip heights are multiples of this many rows. */
const STRIP_ROWS_UNIT = 64;

/** Whether a node (not its callbacks, which work per pixel) calls a process that strips can run. */
export function stripSafe(node: ParsedNode, processes: ReadonlyMap<string, ProcessImplementation>): boolean {
  const process = node.namespace === null || node.namespace === "backend" ? processes.get(node.processId) : undefined;
  return process !== undefined && (!process.spec.categories.includes("cubes") || STRIP_SAFE.has(node.processId) || process.worksInStrips?.(node.arguments) === true);
}

/** Whether strips can run every node of the graph. */
export function splittable(graph: ParsedGraph, processes: ReadonlyMap<string, ProcessImplementation>): boolean {
  return [...graph.nodes.values()].every((node) => stripSafe(node, processes));
}

export function refuse(reason: string): OpenEOError {
  return new OpenEOError("ProcessGraphComplexity", {}, { message: `The result is too large for one read and ${reason}.` });
}

/** One evaluation of the graph over a strip: its final value and what save_result saved. */
export type StripRun = (data: DataAccess) => Promise<{ value: unknown; saved: SavedResult[] }>;

/** One strip of a result: its planes (float32, one per band combination) and the dimensions that name them. */
export interface Strip {
  cube: Pick<RasterCube, "dims" | "planes" | "timeSpan">;
  /** save_result's GTiff options (the first strip's are used). */
  options: Record<string, unknown>;
}

/** Strip `index` of a result, computed or read back; each is asked for once, in order. */
export type StripSource = (index: number) => Promise<Strip>;

/** Computes the strip of the result inside `window`, from the graph's evaluation over that window alone. */
export async function computeStrip(run: StripRun, data: DataAccess, window: Grid): Promise<Strip> {
  const { value, saved } = await run({ ...data, window });
  if (saved.length > 1) throw refuse("has several results");
  const result = saved[0] ?? { data: value, format: "GTiff", options: withDefaults(findOutputFormat("GTiff")!, {}) };
  if (result.format !== "GTiff") throw refuse(`can't be written as ${result.format} in strips (GTiff can)`);
  if (!isDataCube(result.data) || result.data.kind === "vector") throw refuse("is not a raster data cube");
  const cube = await materialize(result.data, { ...data, window });
  if (!sameGrid(cube.grid, window)) throw refuse("its graph changes the grid of the data it loads");
  return { cube, options: result.options };
}

/** A strip-shaped result, as assembled into one COG. */
export interface AssembledStrips {
  name: string;
  mediaType: string;
  byteLength: number;
  /** The header, then the tiles from memory and the spill store (stopping them early deletes the spill). */
  chunks: AsyncIterableIterator<Uint8Array>;
  raster: RasterFacts;
  /** Bytes of compressed tiles that went to the spill store. */
  spilledBytes: number;
}

/** Where the compressed tiles of a result in strips wait until the header is known: memory up to `keepBytes`, then `store`. */
export interface TileStorage {
  keepBytes: number;
  store: SpillStore;
}

/**
 * Compressed tiles kept in memory by default: with the strip being computed, its source tiles and
 * the tile rows being encoded, a 4096² result stays under 96 MB (docs/performance.md).
 */
export const DEFAULT_KEEP_TILES_BYTES = 8 * 2 ** 20;

export interface StripsOutcome extends AssembledStrips {
  strips: number;
}

/** The same item searches recur for every strip: each is made once. */
export function searchingOnce(data: DataAccess): DataAccess {
  const found = new Map<string, Promise<StacItem[]>>();
  const once = (key: string, search: () => Promise<StacItem[]>) => {
    let items = found.get(key);
    if (!items) found.set(key, (items = search()));
    return items;
  };
  const stac = data.stac;
  return {
    ...data,
    items: (collection, query) => once(JSON.stringify(["collection", collection, query]), () => data.items(collection, query)),
    ...(stac ? { stac: { ...stac, items: (url: string, query: ItemQuery) => once(JSON.stringify(["stac", url, query]), () => stac.items(url, query)) } } : {}),
  };
}

/** How a result too large for one read is cut into strips. */
export interface StripLayout {
  /** The result's grid, which the strips cut. */
  grid: Grid;
  /** Bytes of source data a row of it takes to read. */
  rowBytes: number;
  /** Strip heights are multiples of this many rows. */
  rows: number;
  /** Rows a strip reads above and below its own. */
  margin: number;
  /** The process that asked for the strips' shape, if one did. */
  shapedBy?: string;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The strips of a result whose cube `tooLarge` is: rows of its grid, 64 at a time, unless the
 * graph's processes cut them their way. Several may when they keep the same grid (two
 * apply_neighborhood nodes): strips are then multiples of each one's rows, with the largest
 * margin; processes on different grids are refused. Without a graph, the usual strips.
 */
export function stripLayout(tooLarge: CubeTooLarge, graph?: ParsedGraph, processes?: ReadonlyMap<string, ProcessImplementation>): StripLayout {
  const source = tooLarge.plan.grid;
  const shapes = [...(graph?.nodes.values() ?? [])].flatMap((node) => {
    const process = node.namespace === null || node.namespace === "backend" ? processes?.get(node.processId) : undefined;
    const shape = process?.stripShape?.(node.arguments, source);
    return shape ? [{ shape, by: node.processId }] : [];
  });
  const grid = shapes[0]?.shape.grid ?? source;
  if (shapes.some(({ shape }) => !sameGrid(shape.grid ?? source, grid))) throw refuse(`its ${shapes.map((s) => s.by).join(" and ")} each need strips cut their own way`);
  const rows = shapes.reduce((lcm, { shape }) => {
    const unit = shape.rows ?? STRIP_ROWS_UNIT;
    return (lcm / gcd(lcm, unit)) * unit;
  }, shapes.length > 0 ? 1 : STRIP_ROWS_UNIT);
  const margin = Math.max(0, ...shapes.map(({ shape }) => shape.margin ?? 0));
  const by = [...new Set(shapes.map((s) => s.by))].join(" and ");
  // A row of a coarser result takes as many rows of its source.
  const rowBytes = (tooLarge.bytes / source.height) * (pixelSize(grid).y / pixelSize(source).y);
  return { grid, rowBytes, rows, margin, ...(by ? { shapedBy: by } : {}) };
}

const sized = (bytes: number) => (bytes < 2 ** 20 ? `${Math.ceil(bytes / 1024)} KiB` : `${Math.ceil(bytes / 2 ** 20)} MiB`);

/** The most rows of the layout's units whose source data, margins included, fits in `bytes`. */
function fittingRows({ rowBytes, rows: unit, margin }: StripLayout, bytes: number): number {
  return Math.floor((bytes / rowBytes - 2 * margin) / unit) * unit;
}

/**
 * The strips of the result's grid, top to bottom, each at most `share` of a read (maxBytes) in
 * source data with its margins; a strip of a shaped layout takes up to `largest` of a read when a
 * share is too small for one of its units (a batch chunk, alone in its invocation, a whole read).
 */
export function stripWindows(layout: StripLayout, maxBytes: number, share: number, largest = 1): Grid[] {
  const { grid: whole, rowBytes, rows: unit, margin } = layout;
  const fitting = (bytes: number) => fittingRows(layout, bytes);
  let rows = fitting(maxBytes * share);
  if (rows < unit && layout.shapedBy && fitting(maxBytes * largest) >= unit) rows = unit;
  if (rows < unit && !layout.shapedBy) throw refuse(`its rows are too wide to read ${STRIP_ROWS_UNIT} of them at once`);
  if (rows < unit) {
    const needs = (unit + 2 * margin) * rowBytes;
    const limit = largest === 1 ? "of one read" : "a synchronous strip may read (a batch job's chunks may read a whole read)";
    throw refuse(`${layout.shapedBy} needs strips of ${unit} rows${margin ? ` and ${margin} more above and below` : ""}, ${sized(needs)} of source data, more than the ${sized(maxBytes * largest)} ${limit} (smaller neighbourhoods or windows along y, or fewer bands or dates, fit)`);
  }
  const rowHeight = (whole.bbox[3] - whole.bbox[1]) / whole.height;
  const windows: Grid[] = [];
  for (let top = 0; top < whole.height; top += rows) {
    const height = Math.min(rows, whole.height - top);
    const maxY = whole.bbox[3] - top * rowHeight;
    windows.push({ crs: whole.crs, bbox: [whole.bbox[0], maxY - height * rowHeight, whole.bbox[2], maxY], width: whole.width, height });
  }
  return windows;
}

/**
 * One COG from strips, each fetched once: the assembler builds the overviews and compresses the
 * tiles as rows arrive, the tiles wait in memory or the spill store until the last strip gives the
 * header every tile's size, then the header and the tiles follow. Results in strips are float32.
 */
export async function assembleStrips(whole: Grid, windows: Grid[], strip: StripSource, storage: TileStorage): Promise<AssembledStrips> {
  const tiles = new SpillingTiles(storage.keepBytes, storage.store);
  try {
    let first: Strip | undefined = await strip(0);
    // What the file's description needs of the first strip, not its planes, which go after their rows.
    const described = { dims: first.cube.dims, ...(first.cube.timeSpan ? { timeSpan: first.cube.timeSpan } : {}) };
    const names = combinationNames(described.dims);
    const image = { grid: whole, bandCount: first.cube.planes.length, dataType: "float32" as const, nodata: NaN };
    const options = cogOptions(first.options, whole, names);
    const assembler = new CogAssembler(image, options, tiles.add);
    for (const [i, window] of windows.entries()) {
      const next: Strip = first ?? (await strip(i));
      first = undefined;
      if (combinationNames(next.cube.dims).join("\n") !== names.join("\n")) throw refuse("its strips have different bands");
      assembler.addRows(next.cube.planes, window.height);
      await tiles.spill();
      // A turn of the event loop between strips lets the runtime serve what waits for the isolate
      // (other requests, the inspector that measures memory), which a chain of reads starves.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const { byteLength, header, tileOrder, statistics } = assembler.layout();
    const body = await tiles.inOrder(tileOrder);
    const chunks = withFirst(header, body);
    return { name: "result.tif", mediaType: GTIFF_MEDIA_TYPE, byteLength, chunks, raster: rasterFacts(described, whole, image, statistics), spilledBytes: tiles.spilledBytes };
  } catch (error) {
    await tiles.discard();
    throw error;
  }
}

/** `first`, then the pieces of `rest`; stopping it stops `rest`. */
function withFirst(first: Uint8Array, rest: AsyncIterableIterator<Uint8Array>): AsyncIterableIterator<Uint8Array> {
  let sent = false;
  const iterator: AsyncIterableIterator<Uint8Array> = {
    [Symbol.asyncIterator]: () => iterator,
    next: async () => (sent ? rest.next() : ((sent = true), { done: false, value: first })),
    return: async () => (await rest.return?.()) ?? { done: true, value: undefined },
  };
  return iterator;
}

/** The share of a read a synchronous strip takes: a sixteenth where one of the layout's units fits, else an eighth. */
export function syncStripShare(layout: StripLayout, maxBytes: number): number {
  return fittingRows(layout, maxBytes / 16) >= layout.rows ? 1 / 16 : 1 / 8;
}

/** A synchronous result in strips, computed once in this request. */
export async function resultInStrips(tooLarge: CubeTooLarge, layout: StripLayout, data: DataAccess, run: StripRun, storage: TileStorage): Promise<StripsOutcome> {
  if (tooLarge.bytes > SYNC_MAX_TOTAL_BYTES) {
    throw refuse(`would read ${Math.ceil(tooLarge.bytes / 2 ** 20)} MiB, more than the ${SYNC_MAX_TOTAL_BYTES / 2 ** 20} MiB a synchronous request reads`);
  }
  // A sixteenth of a read per strip leaves room for what the graph computes from it (reading alone
  // holds each band in its stored type, as floats and in the plane) and for the source tile rows
  // strips share (kept decoded, so they are read once). An eighth took 107 MB at the peak of a
  // 4096² NDVI (bench:sync-workerd) where a sixteenth takes 73 MB, and no longer: rows too wide for
  // a sixteenth take an eighth. A shaped strip too tall for that takes at most half a read: with the
  // decoded tiles (a quarter) and the assembler's rows, a whole one would pass the request's memory.
  const max = data.maxBytes ?? DEFAULT_MAX_CUBE_BYTES;
  const windows = stripWindows(layout, max, syncStripShare(layout, max), 1 / 2);
  const shared = { ...searchingOnce(data), tiles: new DecodedTiles(max / 4) };
  const assembled = await assembleStrips(layout.grid, windows, (i) => computeStrip(run, shared, windows[i]!), storage);
  return { ...assembled, strips: windows.length };
}

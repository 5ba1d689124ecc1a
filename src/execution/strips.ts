/**
 * Synchronous results larger than one read: when a graph whose cube processes all work pixel by
 * pixel (or along t and bands) needs a cube over the read limit, it is evaluated again for
 * horizontal strips of the result's grid, each strip read and computed on its own, and the strips
 * flow into a COG assembled tile row by tile row. Peak memory is one strip's cube plus the
 * compressed tiles, whatever the result's size. Graphs with neighbourhood or whole-cube processes
 * (apply_kernel, aggregate_spatial, dimension_labels of x, ...) are not split: their strips would
 * differ from the whole.
 */
import { combinationNames } from "../cube/dimensions";
import { CubeTooLarge, materialize } from "../cube/materialize";
import { DEFAULT_MAX_CUBE_BYTES } from "../cube/plan";

import { isDataCube, type RasterCube } from "../cube/types";
import type { StacItem } from "../catalog/stac-types";
import type { DataAccess, ItemQuery } from "../cube/context";
import type { ParsedGraph } from "../engine";
import { OpenEOError } from "../errors";
import { findOutputFormat, withDefaults } from "../formats";
import { rasterFacts, type RasterFacts } from "../formats/raster-facts";
import { cogOptions, GTIFF_MEDIA_TYPE } from "../formats/gtiff";
import type { ProcessImplementation, SavedResult } from "../processes/types";
import { CogAssembler, FullResolutionTiles } from "../raster/cog-assembler";
import { DecodedTiles } from "../raster/decoded-tiles";
import { sameGrid, type Grid } from "../raster/grid";

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

/** Whether every node of the graph (not its callbacks, which work per pixel) calls a process that strips can run. */
export function splittable(graph: ParsedGraph, processes: ReadonlyMap<string, ProcessImplementation>): boolean {
  return [...graph.nodes.values()].every((node) => {
    const process = node.namespace === null || node.namespace === "backend" ? processes.get(node.processId) : undefined;
    return process !== undefined && (!process.spec.categories.includes("cubes") || STRIP_SAFE.has(node.processId));
  });
}

function refuse(reason: string): OpenEOError {
  return new OpenEOError("ProcessGraphComplexity", {}, { message: `The result is too large for one read and ${reason}. Use a batch job.` });
}

/** One evaluation of the graph over a strip: its final value and what save_result saved. */
export type StripRun = (data: DataAccess) => Promise<{ value: unknown; saved: SavedResult[] }>;

async function stripCube(run: StripRun, data: DataAccess): Promise<{ cube: RasterCube; options: Record<string, unknown> }> {
  const { value, saved } = await run(data);
  if (saved.length > 1) throw refuse("has several results");
  const result = saved[0] ?? { data: value, format: "GTiff", options: withDefaults(findOutputFormat("GTiff")!, {}) };
  if (result.format !== "GTiff") throw refuse(`can't be written as ${result.format} in strips (GTiff can)`);
  if (!isDataCube(result.data) || result.data.kind === "vector") throw refuse("is not a raster data cube");
  return { cube: await materialize(result.data, data), options: result.options };
}

export interface StripsOutcome {
  name: string;
  mediaType: string;
  byteLength: number;
  /** The header and overviews, then the full resolution computed a second time, strip by strip, while it is sent. */
  chunks: AsyncIterable<Uint8Array>;
  raster: RasterFacts;
  strips: number;
}

/** The same item searches recur for every strip of both passes: each is made once. */
function searchingOnce(data: DataAccess): DataAccess {
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

/** The strips of the whole grid, top to bottom. */
function stripWindows(whole: Grid, rows: number): Grid[] {
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
 * Two passes over the strips: the first builds the overviews and learns every full-resolution
 * tile's compressed size (the COG header needs them all, and the tiles of a large result are too
 * many to hold); the second computes the strips again and sends their tiles as they come. Memory
 * stays at one strip plus the overviews' tiles.
 */
export async function resultInStrips(tooLarge: CubeTooLarge, data: DataAccess, run: StripRun): Promise<StripsOutcome> {
  const whole = tooLarge.plan.grid;
  if (tooLarge.bytes > SYNC_MAX_TOTAL_BYTES) {
    throw refuse(`would read ${Math.ceil(tooLarge.bytes / 2 ** 20)} MiB, more than the ${SYNC_MAX_TOTAL_BYTES / 2 ** 20} MiB a synchronous request reads`);
  }
  // An eighth of a read per strip leaves room for what the graph computes from it and for the
  // source tile rows strips share (kept decoded, so they are read once per pass).
  const max = data.maxBytes ?? DEFAULT_MAX_CUBE_BYTES;
  const budget = max / 8;
  const rows = Math.floor(budget / (tooLarge.bytes / whole.height) / STRIP_ROWS_UNIT) * STRIP_ROWS_UNIT;
  if (rows < STRIP_ROWS_UNIT) throw refuse(`its rows are too wide to read ${STRIP_ROWS_UNIT} of them at once`);
  const windows = stripWindows(whole, rows);
  const tiles = new DecodedTiles(max / 4);
  const searched = searchingOnce(data);
  const strip = async (window: Grid) => {
    const { cube, options } = await stripCube(run, { ...searched, window, tiles });
    if (!sameGrid(cube.grid, window)) throw refuse("its graph changes the grid of the data it loads");
    return { cube, options, names: combinationNames(cube.dims) };
  };

  const first = await strip(windows[0]!);
  const image = { grid: whole, bandCount: first.cube.planes.length, dataType: "float32" as const, nodata: NaN };
  const options = cogOptions(first.options, whole, first.names);
  const assembler = new CogAssembler(image, options, false);
  for (const [i, window] of windows.entries()) {
    const { cube, names } = i === 0 ? first : await strip(window);
    if (names.join("\n") !== first.names.join("\n")) throw refuse("its strips have different bands");
    assembler.addRows(cube.planes, window.height);
  }
  const { byteLength, chunks: head, fullResolutionSizes } = assembler.finish();

  async function* chunks(): AsyncGenerator<Uint8Array> {
    yield* head;
    let index = 0;
    let tiles: Uint8Array[] = [];
    const encoder = new FullResolutionTiles(image, options, (tile) => tiles.push(tile));
    for (const window of windows) {
      encoder.addRows((await strip(window)).cube.planes, window.height);
      const ready = tiles;
      tiles = [];
      for (const tile of ready) {
        // Deflate is deterministic: a different size means the strip computed differently the second time.
        if (tile.length !== fullResolutionSizes[index++]) throw new OpenEOError("Internal", { message: "a strip computed differently in its second pass" });
        yield tile;
      }
    }
  }
  const raster = rasterFacts(first.cube, whole, image);
  return { name: "result.tif", mediaType: GTIFF_MEDIA_TYPE, byteLength, chunks: chunks(), raster, strips: windows.length };
}

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
import { sameGrid } from "../cube/merge";
import { isDataCube, type RasterCube } from "../cube/types";
import type { DataAccess } from "../cube/context";
import type { ParsedGraph } from "../engine";
import { OpenEOError } from "../errors";
import { findOutputFormat, withDefaults } from "../formats";
import { cogOptions, GTIFF_MEDIA_TYPE } from "../formats/gtiff";
import type { ProcessImplementation, SavedResult } from "../processes/types";
import { CogAssembler } from "../raster/cog-assembler";
import type { Grid } from "../raster/grid";

/** Data cube processes whose strips, put together, are the whole. */
const STRIP_SAFE = new Set([
  "load_collection", "load_stac", "filter_bands", "filter_temporal", "filter_labels", "filter_bbox", "filter_spatial",
  "reduce_dimension", "apply", "apply_dimension", "ndvi", "merge_cubes", "mask", "mask_polygon", "aggregate_temporal",
  "aggregate_temporal_period", "rename_labels", "rename_dimension", "add_dimension", "drop_dimension", "resample_spatial", "save_result",
]);

/** The most source data one synchronous request reads in strips; more is a batch job's work. */
export const SYNC_MAX_TOTAL_BYTES = 512 * 2 ** 20;

/** Strip heights are whole tile rows of the result. */
const STRIP_ROWS_UNIT = 256;

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
  chunks: Uint8Array[];
  strips: number;
}

export async function resultInStrips(tooLarge: CubeTooLarge, data: DataAccess, run: StripRun): Promise<StripsOutcome> {
  const whole = tooLarge.plan.grid;
  if (tooLarge.bytes > SYNC_MAX_TOTAL_BYTES) {
    throw refuse(`would read ${Math.ceil(tooLarge.bytes / 2 ** 20)} MiB, more than the ${SYNC_MAX_TOTAL_BYTES / 2 ** 20} MiB a synchronous request reads`);
  }
  const budget = (data.maxBytes ?? tooLarge.bytes) / 2;
  const rows = Math.floor(budget / (tooLarge.bytes / whole.height) / STRIP_ROWS_UNIT) * STRIP_ROWS_UNIT;
  if (rows < STRIP_ROWS_UNIT) throw refuse(`its rows are too wide to read ${STRIP_ROWS_UNIT} of them at once`);
  const rowHeight = (whole.bbox[3] - whole.bbox[1]) / whole.height;
  let assembler: CogAssembler | undefined;
  let names: string[] = [];
  let strips = 0;
  for (let top = 0; top < whole.height; top += rows) {
    const height = Math.min(rows, whole.height - top);
    const maxY = whole.bbox[3] - top * rowHeight;
    const window: Grid = { crs: whole.crs, bbox: [whole.bbox[0], maxY - height * rowHeight, whole.bbox[2], maxY], width: whole.width, height };
    const { cube, options } = await stripCube(run, { ...data, window });
    if (!sameGrid(cube, { ...cube, grid: window })) throw refuse("its graph changes the grid of the data it loads");
    const planeNames = combinationNames(cube.dims);
    if (!assembler) {
      names = planeNames;
      assembler = new CogAssembler({ grid: whole, bandCount: cube.planes.length, dataType: "float32", nodata: NaN }, cogOptions(options, whole, names));
    } else if (planeNames.join("\n") !== names.join("\n")) throw refuse("its strips have different bands");
    assembler.addRows(cube.planes, height);
    strips++;
  }
  const { byteLength, chunks } = assembler!.finish();
  return { name: "result.tif", mediaType: GTIFF_MEDIA_TYPE, byteLength, chunks, strips };
}

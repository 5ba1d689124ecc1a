/**
 * A Process API request run on the openEO engine's parts: load_collection over the request's box
 * and time range, planned straight onto the output grid (width x height over the box, in its CRS);
 * the scenes found, in mosaicking order, go through the evalscript's preProcessScenes and
 * updateOutput before anything is read; then the kept dates are read and evaluated, in strips of
 * rows when the whole would exceed one read, into each output's samples, and each response is
 * written from its output's bands.
 */
import { budgetOf, type WorkBudget } from "../budget";
import type { DataAccess, DataContext } from "../cube/context";
import { readPlan } from "../cube/materialize";
import { DEFAULT_MAX_CUBE_BYTES, planBytes, planRead, windowOf, type DateGroup, type ReadPlan } from "../cube/plan";
import { coverage } from "../cube/rasterize";
import type { LazyCube } from "../cube/types";
import { OpenEOError } from "../errors";
import { SYNC_MAX_TOTAL_BYTES } from "../execution/strips";
import { loadCollection } from "../processes/cubes/load-collection";
import type { Callback } from "../processes/types";
import type { EvalscriptSetup } from "../processes/udf/evalscript-setup";
import { orderScenes, scenesAndOutputs, userData, type SceneFacts } from "../processes/udf/evalscript-scenes";
import { evalscriptSetup, evaluatePixels } from "../processes/udf/run-evalscript";
import { pixelSize, type Grid } from "../raster/grid";
import { encodeResponse, sampleArray, storeSamples, type Samples } from "./encode-response";
import { badRequest, USER_DATA, type ProcessRequest } from "./process-request";

export interface ProcessResponseFile {
  identifier: string;
  mediaType: string;
  bytes: Uint8Array;
}

const EXTENSIONS: Record<string, string> = { "image/tiff": "tif", "image/png": "png", "image/jpeg": "jpg", "application/json": "json" };

/** Strip heights are multiples of this many rows (the GeoTIFF's tiles are 256). */
const STRIP_ROWS_UNIT = 64;

export function fileName(file: ProcessResponseFile): string {
  return `${file.identifier}.${EXTENSIONS[file.mediaType]}`;
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined);

/** What the catalogue says of one date: its items' cloud cover and ids. */
function sceneFacts(date: DateGroup): SceneFacts {
  const items = date.items.map((item) => {
    const cover = item.properties["eo:cloud_cover"];
    return { id: item.id, datetime: String(item.properties.datetime ?? date.label), ...(typeof cover === "number" ? { cloudCoverage: cover } : {}) };
  });
  const cloudCoverage = mean(items.flatMap((i) => (i.cloudCoverage === undefined ? [] : [i.cloudCoverage])));
  return { date: date.label, items, ...(cloudCoverage === undefined ? {} : { cloudCoverage }) };
}

/** Rows [top, top + rows) of a grid. */
function rowsOf(grid: Grid, top: number, rows: number): Grid {
  const { y } = pixelSize(grid);
  const [minX, , maxX, maxY] = grid.bbox;
  return { crs: grid.crs, bbox: [minX, maxY - (top + rows) * y, maxX, maxY - top * y], width: grid.width, height: rows };
}

/** How many rows one read may take: the whole grid, or strips whose cubes fit the read limit. */
function stripRows(plan: ReadPlan, maxBytes: number): number {
  const total = planBytes(plan);
  if (total <= maxBytes) return plan.grid.height;
  if (total > SYNC_MAX_TOTAL_BYTES) {
    throw new OpenEOError("ProcessGraphComplexity", {}, { message: `The request would read ${Math.ceil(total / 2 ** 20)} MiB of source data (${plan.dates.length} dates, ${plan.bands.length} bands); at most ${SYNC_MAX_TOTAL_BYTES / 2 ** 20} MiB fit one request. Narrow the time range or the box, or lower the resolution.` });
  }
  const rowBytes = total / plan.grid.height;
  return Math.max(STRIP_ROWS_UNIT, Math.floor(maxBytes / rowBytes / STRIP_ROWS_UNIT) * STRIP_ROWS_UNIT);
}

/** The planned read of the request's collection, box and time range onto the output grid. */
async function plannedRead(request: ProcessRequest, setup: EvalscriptSetup, ctx: DataContext): Promise<ReadPlan> {
  const [west, south, east, north] = request.bbox;
  const cloudy = request.maxCloudCoverage;
  const properties: Record<string, Callback> = cloudy === null ? {} : { "eo:cloud_cover": async ({ value }) => typeof value !== "number" || value <= cloudy };
  const lazy = (await loadCollection.run(
    {
      id: request.collection,
      spatial_extent: { west, south, east, north, crs: Number(request.crs.slice("EPSG:".length)) },
      temporal_extent: [request.from, request.to],
      bands: setup.bands,
      properties,
    },
    ctx,
  )) as LazyCube;
  // The output grid exactly: its top-left corner and pixel size, as resample_cube_spatial sets a target.
  const target = { crs: request.crs, resolution: (east - west) / request.width, resolutionY: (north - south) / request.height, origin: [west, north] as [number, number], method: request.resampling };
  return planRead({ ...lazy, target }, ctx.data!);
}

export async function runProcessRequest(request: ProcessRequest, data: DataAccess, budget?: WorkBudget): Promise<ProcessResponseFile[]> {
  const sandbox = data.sandbox;
  if (!sandbox) throw new OpenEOError("FeatureUnsupported", {}, { message: "Evalscripts need a sandbox for user code, which this deployment lacks (a Worker Loader binding)." });
  const code = request.evalscript;
  const setup = await evalscriptSetup(sandbox, code);
  for (const response of request.responses) {
    if (response.identifier !== USER_DATA && !setup.outputs.some((o) => o.id === response.identifier)) {
      throw badRequest(`output.responses names '${response.identifier}', which the evalscript's setup() doesn't declare (outputs: ${setup.outputs.map((o) => o.id).join(", ")}).`);
    }
  }
  const ctx: DataContext = { log() {}, data, ...(budget ? { budget } : {}) };
  const plan = await plannedRead(request, setup, ctx);
  const { scenes, outputs } = await scenesAndOutputs(sandbox, code, setup, orderScenes(plan.dates.map(sceneFacts), request.mosaickingOrder));
  const kept = new Set(scenes.map((s) => s.date));
  const read: ReadPlan = { ...plan, dates: plan.dates.filter((d) => kept.has(d.label)) };
  const { grid } = read;
  const inside = request.geometry && coverage([request.geometry], grid);

  const images = new Map(outputs.map((o) => [o.id, { output: o, bands: [] as Samples[] }]));
  const bytes = outputs.reduce((n, o) => n + o.bands * sampleArray(o.sampleType, 0).BYTES_PER_ELEMENT, 0) * grid.width * grid.height;
  budgetOf(ctx).reserve(bytes, "the evalscript's outputs");
  for (const image of images.values()) image.bands = Array.from({ length: image.output.bands }, () => sampleArray(image.output.sampleType, grid.width * grid.height));

  const rows = stripRows(read, data.maxBytes ?? DEFAULT_MAX_CUBE_BYTES);
  for (let top = 0; top < grid.height; top += rows) {
    const count = Math.min(rows, grid.height - top);
    const part = count === grid.height ? read : windowOf(read, rowsOf(grid, top, count));
    const cube = await readPlan(part, request.resampling, data);
    const offset = top * grid.width;
    if (inside) for (const plane of cube.planes) for (let i = 0; i < plane.length; i++) if (!inside[offset + i]) plane[i] = NaN;
    const planes = await evaluatePixels(sandbox, code, cube, ctx, { setup, scenes, outputs });
    let band = 0;
    for (const { output, bands } of images.values()) for (const samples of bands) storeSamples(planes[band++]!, output.sampleType, samples, offset, inside);
  }

  const metadata = request.responses.some((r) => r.identifier === USER_DATA) ? await userData(sandbox, code, setup, scenes) : undefined;
  return request.responses.map((response) => {
    if (response.identifier === USER_DATA) return { identifier: USER_DATA, mediaType: response.type, bytes: new TextEncoder().encode(JSON.stringify(metadata)) };
    const { output, bands } = images.get(response.identifier)!;
    const names = Array.from({ length: output.bands }, (_, k) => `${output.id}_${k + 1}`);
    return { identifier: response.identifier, mediaType: response.type, bytes: encodeResponse(response.type, bands, grid, output.sampleType, names, response.quality) };
  });
}

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
import { DEFAULT_MAX_CUBE_BYTES, type DateGroup } from "../cube/plan";
import type { Geometry } from "../cube/geojson";
import { coverage } from "../cube/rasterize";
import type { LazyCube } from "../cube/types";
import { OpenEOError } from "../errors";
import { loadCollection } from "../processes/cubes/load-collection";
import type { Callback } from "../processes/types";
import type { EvalscriptSetup, SampleType } from "../processes/udf/evalscript-setup";
import { orderScenes, scenesAndOutputs, userData, type MosaickingOrder, type SceneFacts } from "../processes/udf/evalscript-scenes";
import { evalscriptSetup, evaluatePixels } from "../processes/udf/run-evalscript";
import type { UdfSandbox } from "../sandbox/sandbox";
import { outputReads, type OutputReads } from "./output-reads";
import { checkResponse, encodeResponse, sampleArray, storeSamples, type Samples } from "./encode-response";
import { badRequest, USER_DATA, type ProcessRequest } from "./process-request";

export interface ProcessResponseFile {
  identifier: string;
  mediaType: string;
  bytes: Uint8Array;
}

export const EXTENSIONS: Record<string, string> = { "image/tiff": "tif", "image/png": "png", "image/jpeg": "jpg", "application/json": "json" };

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

/** A polygon's or multipolygon's vertices, which rasterizing visits once for every row. */
function vertices(geometry: Geometry): number {
  const rings = geometry.type === "Polygon" ? geometry.coordinates : geometry.type === "MultiPolygon" ? geometry.coordinates.flat() : [];
  return rings.reduce((n, ring) => n + ring.length, 0);
}

/** load_collection of the request's collection, box, time range, bands and cloud filter. */
async function loaded(request: ProcessRequest, setup: EvalscriptSetup, ctx: DataContext): Promise<LazyCube> {
  const [west, south, east, north] = request.bbox;
  const cloudy = request.maxCloudCoverage;
  const properties: Record<string, Callback> = cloudy === null ? {} : { "eo:cloud_cover": async ({ value }) => typeof value !== "number" || value <= cloudy };
  return (await loadCollection.run(
    {
      id: request.collection,
      spatial_extent: { west, south, east, north, crs: Number(request.crs.slice("EPSG:".length)) },
      temporal_extent: [request.from, request.to],
      bands: setup.bands,
      properties,
    },
    ctx,
  )) as LazyCube;
}

/** The evalscript's setup(), the request's responses checked against its outputs: what queued requests check before they are accepted. */
export async function checkedSetup(request: Pick<ProcessRequest, "evalscript" | "responses">, data: DataAccess, sampleTypeDefault?: SampleType): Promise<EvalscriptSetup> {
  const sandbox = data.sandbox;
  if (!sandbox) throw new OpenEOError("FeatureUnsupported", {}, { message: "Evalscripts need a sandbox for user code, which this deployment lacks (a Worker Loader binding)." });
  const setup = await evalscriptSetup(sandbox, request.evalscript, sampleTypeDefault);
  for (const response of request.responses) {
    if (response.identifier !== USER_DATA && !setup.outputs.some((o) => o.id === response.identifier)) {
      throw badRequest(`output.responses names '${response.identifier}', which the evalscript's setup() doesn't declare (outputs: ${setup.outputs.map((o) => o.id).join(", ")}).`);
    }
  }
  return setup;
}

/** What a request's run is made of before any pixel is read: its script, its reads, and the pixels inside its geometry. */
export interface PreparedRun {
  sandbox: UdfSandbox;
  code: string;
  setup: EvalscriptSetup;
  ctx: DataContext;
  reads: OutputReads;
  /** Pixels of the grid inside input.bounds.geometry (1), when one is given. */
  inside: Uint8Array | null;
}

export interface RunOptions {
  /** Outputs' sample type where setup() gives none. */
  sampleTypeDefault?: SampleType;
  /** Checks of the request against setup()'s answer, made before the catalogue is searched. */
  checkSetup?: (setup: EvalscriptSetup) => void;
}

/** The evalscript's setup(), the request's items planned onto its output grid, and its geometry rasterized. */
export async function prepareRun(request: ProcessRequest, data: DataAccess, budget?: WorkBudget, options: RunOptions = {}): Promise<PreparedRun> {
  const setup = await checkedSetup(request, data, options.sampleTypeDefault);
  options.checkSetup?.(setup);
  const sandbox = data.sandbox!;
  const code = request.evalscript;
  const ctx: DataContext = { log() {}, data, ...(budget ? { budget } : {}) };
  const reads = await outputReads(request, await loaded(request, setup, ctx), data, data.maxBytes ?? DEFAULT_MAX_CUBE_BYTES);
  const { grid } = reads;
  if (request.geometry) budgetOf(ctx).spend(grid.height * vertices(request.geometry), "rasterizing input.bounds.geometry (its vertices on every row)");
  const inside = request.geometry ? coverage([request.geometry], grid) : null;
  return { sandbox, code, setup, ctx, reads, inside };
}

/** The scenes of `dates` (in mosaicking order) as preProcessScenes keeps them, their dates, and the outputs as updateOutput leaves them. */
export async function scenesOf(run: PreparedRun, dates: DateGroup[], order: MosaickingOrder): Promise<{ scenes: SceneFacts[]; dates: DateGroup[]; outputs: EvalscriptSetup["outputs"] }> {
  const { scenes, outputs } = await scenesAndOutputs(run.sandbox, run.code, run.setup, orderScenes(dates.map(sceneFacts), order));
  const kept = new Set(scenes.map((s) => s.date));
  return { scenes, outputs, dates: dates.filter((d) => kept.has(d.label)) };
}

/**
 * evaluatePixel over the whole grid, strip of rows by strip of rows: `take` gets each strip's
 * output planes (one per output band) and the offset of its first pixel. Pixels outside the
 * geometry have no data (NaN) as the script sees them.
 */
export async function evaluateStrips(
  run: PreparedRun,
  chosen: { scenes: SceneFacts[]; dates: DateGroup[]; outputs: EvalscriptSetup["outputs"] },
  take: (planes: Float32Array[], offset: number) => void,
): Promise<void> {
  const { reads, inside } = run;
  const { grid } = reads;
  // Strips as tall as the dates evaluated allow (an interval's, where the Statistical API asks).
  const rows = reads.rows(chosen.dates);
  const budget = budgetOf(run.ctx);
  for (let top = 0; top < grid.height; top += rows) {
    const count = Math.min(rows, grid.height - top);
    // evaluatePixel sees every scene of every pixel: its work, charged before it is done.
    budget.spend(count * grid.width * Math.max(1, chosen.scenes.length), "the evalscript's evaluatePixel (pixels x scenes)");
    await budget.checkpoint();
    const cube = await reads.strip(chosen.dates, top, count);
    const offset = top * grid.width;
    if (inside) for (const plane of cube.planes) for (let i = 0; i < plane.length; i++) if (!inside[offset + i]) plane[i] = NaN;
    take(await evaluatePixels(run.sandbox, run.code, cube, run.ctx, { setup: run.setup, scenes: chosen.scenes, outputs: chosen.outputs }), offset);
  }
}

export async function runProcessRequest(request: ProcessRequest, data: DataAccess, budget?: WorkBudget): Promise<ProcessResponseFile[]> {
  const run = await prepareRun(request, data, budget);
  const { sandbox, code, setup, ctx, inside } = run;
  const chosen = await scenesOf(run, run.reads.dates, request.mosaickingOrder);
  const { scenes, outputs } = chosen;
  for (const response of request.responses) {
    const output = outputs.find((o) => o.id === response.identifier);
    if (output) checkResponse(response.type, output.bands, output.sampleType);
  }
  const { grid } = run.reads;

  const images = new Map(outputs.map((o) => [o.id, { output: o, bands: [] as Samples[] }]));
  const bytes = outputs.reduce((n, o) => n + o.bands * sampleArray(o.sampleType, 0).BYTES_PER_ELEMENT, 0) * grid.width * grid.height;
  budgetOf(ctx).reserve(bytes, "the evalscript's outputs");
  for (const image of images.values()) image.bands = Array.from({ length: image.output.bands }, () => sampleArray(image.output.sampleType, grid.width * grid.height));

  await evaluateStrips(run, chosen, (planes, offset) => {
    let band = 0;
    for (const { output, bands } of images.values()) for (const samples of bands) storeSamples(planes[band++]!, output.sampleType, samples, offset, inside);
  });

  const metadata = request.responses.some((r) => r.identifier === USER_DATA) ? await userData(sandbox, code, setup, scenes) : undefined;
  return request.responses.map((response) => {
    if (response.identifier === USER_DATA) return { identifier: USER_DATA, mediaType: response.type, bytes: new TextEncoder().encode(JSON.stringify(metadata)) };
    const { output, bands } = images.get(response.identifier)!;
    const names = Array.from({ length: output.bands }, (_, k) => `${output.id}_${k + 1}`);
    return { identifier: response.identifier, mediaType: response.type, bytes: encodeResponse(response.type, bands, grid, output.sampleType, names, response.quality) };
  });
}

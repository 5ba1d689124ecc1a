/**
 * A Process API request run on the openEO engine's parts: load_collection over the request's box
 * and time range, read straight onto the output grid (width x height over the box, in its CRS),
 * the evalscript over the cube in the sandbox, and each response written from its output's bands.
 */
import type { DataAccess, DataContext } from "../cube/context";
import { materialize } from "../cube/materialize";
import type { LazyCube, RasterCube } from "../cube/types";
import { OpenEOError } from "../errors";
import { loadCollection } from "../processes/cubes/load-collection";
import type { Callback } from "../processes/types";
import { evalscriptSetup, runEvalscript } from "../processes/udf/run-evalscript";
import type { WorkBudget } from "../budget";
import { badRequest, type ProcessRequest } from "./process-request";
import { encodeResponse } from "./encode-response";

export interface ProcessResponseFile {
  identifier: string;
  mediaType: string;
  bytes: Uint8Array;
}

const EXTENSIONS = { "image/tiff": "tif", "image/png": "png" };

export function fileName(file: ProcessResponseFile): string {
  return `${file.identifier}.${EXTENSIONS[file.mediaType as keyof typeof EXTENSIONS]}`;
}

export async function runProcessRequest(request: ProcessRequest, data: DataAccess, budget?: WorkBudget): Promise<ProcessResponseFile[]> {
  const sandbox = data.sandbox;
  if (!sandbox) throw new OpenEOError("FeatureUnsupported", {}, { message: "Evalscripts need a sandbox for user code, which this deployment lacks (a Worker Loader binding)." });
  const setup = await evalscriptSetup(sandbox, request.evalscript);
  const outputs = new Map(setup.outputs.map((o) => [o.id, o]));
  for (const response of request.responses) {
    if (!outputs.has(response.identifier)) throw badRequest(`output.responses names '${response.identifier}', which the evalscript's setup() doesn't declare (outputs: ${[...outputs.keys()].join(", ")}).`);
  }
  const ctx: DataContext = { log() {}, data, ...(budget ? { budget } : {}) };
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
  const cube: RasterCube = await materialize({ ...lazy, target }, data);
  const result = await runEvalscript(sandbox, request.evalscript, cube, ctx, { setup, mosaickingOrder: request.mosaickingOrder });
  let first = 0;
  const bandsOf = new Map(setup.outputs.map((o) => {
    const planes = result.planes.slice(first, first + o.bands);
    first += o.bands;
    return [o.id, planes] as const;
  }));
  return request.responses.map((response) => {
    const output = outputs.get(response.identifier)!;
    const names = Array.from({ length: output.bands }, (_, k) => `${output.id}_${k + 1}`);
    return { identifier: response.identifier, mediaType: response.type, bytes: encodeResponse(response.type, bandsOf.get(output.id)!, result.grid, output.sampleType, names) };
  });
}

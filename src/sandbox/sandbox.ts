/**
 * What the engine asks of the place user JavaScript runs (the pure core's view; the Worker Loader
 * implements it at the edge, worker-loader-sandbox.ts). Pixels cross in columns, one per label.
 */
import { OpenEOError } from "../errors";

export interface PixelBlock {
  /** One column per label (or one, for a scalar per pixel), NaN for no-data. */
  columns: ArrayLike<number>[];
  labels: (string | number)[];
  length: number;
  context: unknown;
}

/** A cube as UDFs see it: values row-major in the order of `dimensions` (label dimensions, then y, then x). */
export interface UdfCube {
  dimensions: { name: string; type: string; labels: (string | number)[] }[];
  shape: number[];
  data: Float32Array;
}

/** A block of pixels for an evalscript's evaluatePixel. */
export interface EvaluateRequest {
  /** The script's input bands (dataMask excluded), as its samples name them. */
  bands: string[];
  /** The dates, most recent first. */
  dates: string[];
  /** Date-major: columns[d * bands.length + b], NaN where the date has no data (typed arrays cross RPC as they are). */
  columns: (Float32Array | Float64Array)[];
  length: number;
  /** What setup() declared: each output's id and number of bands. */
  outputs: { id: string; bands: number }[];
  mosaicking: "SIMPLE" | "ORBIT" | "TILE";
  /** Per date, in the order of the columns: the scene as `scenes.orbits` or `scenes.tiles` show it. */
  scenes: Record<string, unknown>[];
  /** evaluatePixel's third argument (and updateOutputMetadata's second). */
  inputMetadata: Record<string, unknown>;
}

/** What preProcessScenes and updateOutput are given. */
export interface ScenesRequest {
  scenes: Record<string, unknown>[];
  mosaicking: EvaluateRequest["mosaicking"];
  outputs: { id: string; bands: number; sampleType: string }[];
}

/** The optional functions of an evalscript, called only where the script defines them. */
export type EvalscriptHook = "preProcessScenes" | "updateOutput" | "updateOutputMetadata";

export interface UdfSandbox {
  /** `udf(data, context)` per pixel: data one value (scalar) or the pixel's labeled values; one number each. */
  pixels(code: string, block: PixelBlock & { scalar: boolean }): Promise<Float64Array>;
  /** `udf(data, context)` per pixel, answering an array of the same length for every pixel: one column per position. */
  lanes(code: string, block: PixelBlock): Promise<Float64Array[]>;
  /** `udf(data, context)` once, for one value or one pixel's labeled values: its answer as it is (numbers, booleans, null, or an array of them). */
  value(code: string, call: { data: unknown; labels: (string | number)[]; scalar: boolean; context: unknown }): Promise<unknown>;
  /** An evalscript's `setup()`, as it answers it, and which optional functions the script defines. */
  evalscriptSetup(code: string): Promise<{ setup: unknown; hooks: EvalscriptHook[] }>;
  /** preProcessScenes (ORBIT and TILE mosaicking) and updateOutput: the positions of the scenes kept, in order, and the outputs (unchecked). */
  evalscriptScenes(code: string, request: ScenesRequest): Promise<{ kept: unknown; outputs: unknown }>;
  /** updateOutputMetadata: the userData it wrote (unchecked). */
  evalscriptMetadata(code: string, request: Pick<EvaluateRequest, "scenes" | "mosaicking" | "inputMetadata">): Promise<unknown>;
  /** An evalscript's `evaluatePixel` over a block of pixels: per output, one column per band. */
  evaluate(code: string, request: EvaluateRequest): Promise<Float32Array[][]>;
  /** `applyDatacube(cube, context)` once. */
  datacube(code: string, cube: UdfCube, context: unknown): Promise<UdfCube>;
}

/** What went wrong inside a UDF, for the user: its message and line. */
export function udfFailed(message: string, line?: number): OpenEOError {
  return OpenEOError.processException("UdfFailed", `The UDF failed${line === undefined ? "" : ` at line ${line}`}: ${message}`);
}

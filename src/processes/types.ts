/**
 * What a process is, for the registry, the engine and GET /processes. A process file exports
 * one ProcessImplementation: its metadata in our own words (parameter names and JSON Schemas
 * matching the official openEO definitions) and its implementation.
 */
import type { WorkBudget } from "../budget";
import type { Arg } from "../engine/types";
import type { Grid } from "../raster/grid";

export type JsonSchema = Record<string, unknown>;

export interface ParameterSpec {
  name: string;
  description: string;
  schema: JsonSchema | JsonSchema[];
  optional?: boolean;
  default?: unknown;
  deprecated?: boolean;
  experimental?: boolean;
}

export interface ProcessSpec {
  id: string;
  summary: string;
  description: string;
  categories: string[];
  parameters: ParameterSpec[];
  returns: { description: string; schema: JsonSchema | JsonSchema[] };
  exceptions?: Record<string, { message: string; description?: string; http?: number }>;
  experimental?: boolean;
  deprecated?: boolean;
  examples?: unknown[];
  links?: { href: string; rel: string; type?: string; title?: string }[];
}

/** A per-pixel input of a callback evaluated over many pixels: one value per pixel, or one labeled array per pixel (a column per label). NaN is no-data. */
export type VectorInput = { kind: "column"; values: ArrayLike<number> } | { kind: "array"; columns: ArrayLike<number>[]; labels: (string | number)[] };

/**
 * A child process graph (callback) compiled by the engine: call it with the parameters its parent
 * defines. `columns` evaluates it for `length` pixels at once (per-pixel `inputs`, other parameters
 * from `constants`): the results (NaN for no-data, booleans as 1/0), or undefined when the graph
 * can't be evaluated that way and must be called per pixel.
 */
export type Callback = ((parameters: Record<string, unknown>) => Promise<unknown>) & {
  columns?: (inputs: Record<string, VectorInput>, constants: Record<string, unknown>, length: number) => Promise<Float64Array | undefined>;
  /**
   * Evaluates it for `length` pixels at once where each pixel's `data` (a labeled array) becomes an
   * array of the same length for every pixel (apply_dimension): one column per position, or
   * undefined when the graph can't be evaluated that way.
   */
  lanes?: (data: { columns: ArrayLike<number>[]; labels: (string | number)[] }, constants: Record<string, unknown>, length: number) => Promise<Float64Array[] | undefined>;
};

/** An array whose elements have labels (openEO "labeled arrays"), e.g. the bands of a pixel. */
export interface LabeledArray<T = unknown> extends Array<T> {
  labels: (string | number)[];
}

export function labeled<T>(values: T[], labels: (string | number)[]): LabeledArray<T> {
  return Object.assign([...values], { labels });
}

export function isLabeled(value: unknown): value is LabeledArray {
  return Array.isArray(value) && Array.isArray((value as Partial<LabeledArray>).labels);
}

/** A value save_result hands over for encoding: format name as the registry spells it, options complete. */
export interface SavedResult {
  data: unknown;
  format: string;
  options: Record<string, unknown>;
}

/** What a running process may use besides its arguments; grows with data access and logging. */
export interface ProcessContext {
  /** Short messages for the run's log (inspect, warnings). */
  log(level: "debug" | "info" | "warning" | "error", message: string, data?: unknown): void;
  /** Receives what save_result saves; absent where results aren't collected (then save_result only checks). */
  saveResult?(result: SavedResult): void;
  /** The run's work budget (set by the engine for every process it calls; see budgetOf). */
  budget?: WorkBudget;
}

/** How a process cuts the strips of a result (src/execution/strips.ts). */
export interface StripShape {
  /** The grid of its result, when it is not its data's: the strips are then strips of this grid. */
  grid?: Grid;
  /** Strip heights are multiples of this many rows (of the result's grid). */
  rows?: number;
  /** Rows a strip reads above and below its own. */
  margin?: number;
}

export interface ProcessImplementation {
  spec: ProcessSpec;
  /**
   * Runs the process on validated arguments (defaults applied; callbacks compiled). Must not
   * mutate its arguments.
   */
  run(args: Record<string, unknown>, ctx: ProcessContext): unknown | Promise<unknown>;
  /**
   * Checks beyond the JSON Schemas that validation can make on literal arguments (those not
   * computed by other nodes), such as a format name against the supported formats.
   */
  checkLiterals?(args: Record<string, unknown>): { parameter: string; reason: string }[];
  /**
   * Runs the process for `length` pixels at once inside a callback evaluated by columns: per-pixel
   * arguments as columns or labeled arrays, the others in `constants`. Answers one value per pixel
   * (NaN for no-data), or undefined when its arguments don't fit (the callback then runs per pixel).
   */
  columns?(inputs: Record<string, VectorInput>, constants: Record<string, unknown>, length: number, ctx: ProcessContext): Promise<Float64Array | undefined>;
  /**
   * For a cube process: whether this call (its arguments as the graph gives them) works pixel by
   * pixel, so that results larger than one read may be computed in strips of it (strips.ts).
   */
  worksInStrips?(args: Readonly<Record<string, Arg>>): boolean;
  /**
   * For a cube process that works in strips but needs them cut its way: how, for this call, when
   * its data (the cube too large for one read) is on `grid`; undefined for the usual strips.
   */
  stripShape?(args: Readonly<Record<string, Arg>>, grid: Grid): StripShape | undefined;
  /** As `columns`, for a process that answers an array per pixel from a labeled array `data` (Callback.lanes). */
  lanes?(data: { columns: ArrayLike<number>[]; labels: (string | number)[] }, constants: Record<string, unknown>, length: number, ctx: ProcessContext): Promise<Float64Array[] | undefined>;
}

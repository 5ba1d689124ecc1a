/**
 * apply_dimension's per-pixel step: each lane (the planes along one dimension, the other
 * dimensions fixed; see lanes()) becomes new planes, one per value the callback answers for a
 * pixel. Values go to the callback with null for no-data and come back as NaN, like pixels.ts.
 */
import { WorkBudget } from "../budget";
import { OpenEOError } from "../errors";
import type { Label } from "./dimensions";

/** One pixel's values along the dimension, with the dimension's labels: answers an array. */
export type LaneCallback = (values: (number | null)[], labels: Label[]) => Promise<unknown>;

/** The process and parameter that answer for a bad callback result. */
export interface CallbackSource {
  process: string;
  parameter: string;
}

export interface AppliedLanes {
  /** One entry per input lane, each with `count` planes. */
  lanes: Float32Array[][];
  /** The number of values the callback answered per pixel (the new number of labels). */
  count: number;
}

function invalid(source: CallbackSource, reason: string): OpenEOError {
  return new OpenEOError("ProcessParameterInvalid", { ...source, reason });
}

function toCell(value: unknown, source: CallbackSource): number {
  if (value === null || value === undefined) return NaN;
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  throw invalid(source, `each value a pixel's result holds must be a number, boolean or null, not ${JSON.stringify(value)}`);
}

/**
 * Every pixel of every lane goes through `callback`, which must answer a non-empty array of the
 * same length everywhere: a cube has one number of labels per dimension. A cube without pixels
 * asks nothing and keeps the number of labels. The new planes are reserved from `budget` as soon as
 * the first pixel tells how many there are.
 */
/** Many pixels of a lane at once (a callback the engine evaluates by blocks): one column per answered position, or undefined to go pixel by pixel. */
export type LaneBlock = (columns: Float32Array[], labels: Label[], length: number) => Promise<Float64Array[] | undefined>;

/** Pixels per block call: bounds the memory of one call's columns. */
const BLOCK = 65_536;

/** The lane through `block`, block by block; undefined when the block form declines. */
async function laneByBlocks(lane: Float32Array[], labels: Label[], block: LaneBlock, source: CallbackSource, count: number | undefined): Promise<Float32Array[] | undefined> {
  const pixels = lane[0]?.length ?? 0;
  let planes: Float32Array[] | undefined;
  for (let start = 0; start < pixels; start += BLOCK) {
    const end = Math.min(pixels, start + BLOCK);
    const columns = await block(lane.map((plane) => plane.subarray(start, end)), labels, end - start);
    if (!columns) return undefined;
    const expected = count ?? planes?.length ?? columns.length;
    if (columns.length === 0 || columns.length !== expected) throw invalid(source, `it answered ${expected} values for some pixels but ${columns.length} for others; the number must be the same for all pixels`);
    planes ??= columns.map(() => new Float32Array(pixels));
    columns.forEach((column, k) => planes![k]!.set(column, start));
  }
  return planes;
}

export async function applyLanes(lanes: Float32Array[][], labels: Label[], callback: LaneCallback, source: CallbackSource, budget = new WorkBudget(), block?: LaneBlock): Promise<AppliedLanes> {
  let count: number | undefined;
  const applied: Float32Array[][] = [];
  for (const lane of lanes) {
    const pixels = lane[0]?.length ?? 0;
    const byBlocks = block && pixels > 0 ? await laneByBlocks(lane, labels, block, source, count) : undefined;
    if (byBlocks) {
      if (count === undefined) {
        count = byBlocks.length;
        budget.reserve(count * lanes.reduce((sum, l) => sum + (l[0]?.length ?? 0), 0) * 4, `${source.process}'s result of ${count} values per pixel`);
      }
      applied.push(byBlocks);
      continue;
    }
    let planes: Float32Array[] | undefined;
    for (let i = 0; i < pixels; i++) {
      const result = await callback(lane.map((plane) => (Number.isNaN(plane[i]!) ? null : plane[i]!)), labels);
      if (!Array.isArray(result) || result.length === 0) throw invalid(source, `it must answer a non-empty array for every pixel, not ${JSON.stringify(result)}`);
      if (count === undefined) {
        count = result.length;
        const pixelsInAll = lanes.reduce((sum, l) => sum + (l[0]?.length ?? 0), 0);
        budget.reserve(count * pixelsInAll * 4, `${source.process}'s result of ${count} values per pixel`);
      }
      if (result.length !== count) throw invalid(source, `it answered ${count} values for one pixel but ${result.length} for another; the number must be the same for all pixels`);
      planes ??= Array.from({ length: count }, () => new Float32Array(pixels));
      for (let k = 0; k < count; k++) planes[k]![i] = toCell(result[k], source);
    }
    applied.push(planes ?? []);
  }
  if (count === undefined) return { lanes: lanes.map(() => labels.map(() => new Float32Array(0))), count: labels.length };
  return { lanes: applied, count };
}

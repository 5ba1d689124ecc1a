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
export async function applyLanes(lanes: Float32Array[][], labels: Label[], callback: LaneCallback, source: CallbackSource, budget = new WorkBudget()): Promise<AppliedLanes> {
  let count: number | undefined;
  const applied: Float32Array[][] = [];
  for (const lane of lanes) {
    const pixels = lane[0]?.length ?? 0;
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

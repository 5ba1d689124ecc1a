/**
 * fit_curve over many pixels: their series along the labels, fitted in chunks small enough that a
 * chunk's Jacobian evaluations stay within a few model calls' memory. One pixel (fit_curve's run)
 * is a block of one.
 */
import { BudgetExceeded, budgetOf } from "../../../budget";
import type { Callback, ProcessContext } from "../../types";
import { callbackModel, POINTS_PER_CALL } from "./curve-model";
import { fitSeries } from "./levenberg-marquardt";

const SOURCE = { process: "fit_curve", parameter: "function" };

export interface FitRequest {
  fn: Callback;
  /** The model's x per label. */
  xs: Float64Array;
  /** One column per label, one value per pixel, NaN for no-data. */
  columns: ArrayLike<number>[];
  pixels: number;
  initial: readonly number[];
  ignoreNodata: boolean;
}

/** Refuses a fit whose first step alone (the model at the start, around it for the Jacobian, and at one trial) can't fit in the budget's operations. */
function checkAffordable(ctx: ProcessContext, pixels: number, n: number, k: number): void {
  const budget = budgetOf(ctx);
  const needed = pixels * n * (2 * k + 2) * (k + 1);
  const left = budget.limits.maxOperations - budget.operations;
  if (needed > left) {
    throw new BudgetExceeded(
      `fit_curve over ${pixels.toLocaleString("en")} pixels of ${n} values with ${k} parameters needs at least ${needed.toLocaleString("en")} operations for its first step, more than the ${Math.max(0, left).toLocaleString("en")} the run has left. Fit fewer pixels, dates or parameters.`,
    );
  }
}

/** The fitted parameters: one column per parameter, one value per pixel (NaN where no fit). */
export async function fitPixels(request: FitRequest, ctx: ProcessContext): Promise<Float64Array[]> {
  const { xs, columns, pixels, initial, ignoreNodata } = request;
  const [n, k] = [xs.length, initial.length];
  const budget = budgetOf(ctx);
  checkAffordable(ctx, pixels, n, k);
  const chunk = Math.max(1, Math.min(pixels, Math.floor(POINTS_PER_CALL / Math.max(1, 2 * k * n))));
  // Per chunk: the series, the Jacobian's model values and parameter sets, and the normal equations.
  budget.reserveElements(chunk * (n * (2 * k + 2) + 2 * k * k + k * k), "fit_curve's working arrays");
  const model = callbackModel(request.fn, xs, k, ctx, SOURCE);
  const out = initial.map(() => new Float64Array(pixels));
  const y = new Float64Array(chunk * n);
  for (let start = 0; start < pixels; start += chunk) {
    const count = Math.min(chunk, pixels - start);
    for (let s = 0; s < count; s++) {
      let gap = false;
      for (let i = 0; i < n; i++) {
        const value = (y[s * n + i] = columns[i]![start + s]!);
        if (Number.isNaN(value)) gap = true;
      }
      // Without ignoring no-data, a gap leaves the sum of squares undefined: no fit.
      if (gap && !ignoreNodata) y.fill(NaN, s * n, (s + 1) * n);
    }
    const fitted = await fitSeries(model, y.subarray(0, count * n), count, n, initial, budget);
    for (let s = 0; s < count; s++) for (let j = 0; j < k; j++) out[j]![start + s] = fitted[s * k + j]!;
  }
  return out;
}

/**
 * The user's model function `f(x, parameters)` (a child process graph) evaluated for many parameter
 * sets at once, for fit_curve's Levenberg–Marquardt steps and for predict_curve. The engine evaluates
 * the graph by columns where it can (arithmetic over `x` and `array_element(parameters, i)`): one
 * call covers every x of a whole batch of parameter sets. A graph it can't evaluate that way is
 * called once per x and parameter set. Either way, equal parameter sets (pixels with equal series
 * follow equal paths) are evaluated once.
 */
import { budgetOf } from "../../../budget";
import { OpenEOError } from "../../../errors";
import type { Callback, ProcessContext } from "../../types";

/**
 * The model at every x for `count` parameter sets (`sets`: row-major count x k): row-major
 * count x n values, NaN for no-data. A set holding NaN gives NaN everywhere without a call.
 */
export type Model = (sets: Float64Array, count: number) => Promise<Float64Array>;

/** Points (x values times parameter sets) per columns call: bounds the memory of the columns built for one call (a few MiB). */
export const POINTS_PER_CALL = 65_536;

export interface ModelSource {
  process: string;
  parameter: string;
}

function cell(value: unknown, source: ModelSource): number {
  if (value === null || value === undefined) return NaN;
  if (typeof value === "number") return value;
  throw new OpenEOError("ProcessParameterInvalid", { ...source, reason: `the model function must answer a number or null, not ${JSON.stringify(value)}` });
}

/** The distinct sets without NaN, and for every set the row of its distinct set (-1 for a set with NaN). */
function distinct(sets: Float64Array, count: number, k: number): { rows: number[]; of: Int32Array } {
  const seen = new Map<string, number>();
  const rows: number[] = [];
  const of = new Int32Array(count);
  for (let s = 0; s < count; s++) {
    const set = sets.subarray(s * k, s * k + k);
    if (set.some(Number.isNaN)) {
      of[s] = -1;
      continue;
    }
    const key = set.join(",");
    let row = seen.get(key);
    if (row === undefined) {
      seen.set(key, (row = rows.length));
      rows.push(s);
    }
    of[s] = row;
  }
  return { rows, of };
}

export function callbackModel(fn: Callback, xs: Float64Array, k: number, ctx: ProcessContext, source: ModelSource): Model {
  const n = xs.length;
  const budget = budgetOf(ctx);
  const labels = Array.from({ length: k }, (_, j) => j);
  // Whether the graph can be evaluated by columns is a property of the graph: learnt once.
  let byColumns = fn.columns !== undefined;

  async function byCalls(sets: Float64Array, rows: number[], out: Float64Array): Promise<void> {
    for (const [r, s] of rows.entries()) {
      const parameters = Array.from(sets.subarray(s * k, s * k + k));
      for (let i = 0; i < n; i++) out[r * n + i] = cell(await fn({ x: xs[i], parameters }), source);
    }
  }

  /** Distinct rows `rows` into `out` (row r at r * n), in calls of at most POINTS_PER_CALL points. */
  async function evaluate(sets: Float64Array, rows: number[], out: Float64Array): Promise<void> {
    const perCall = Math.max(1, Math.floor(POINTS_PER_CALL / Math.max(n, 1)));
    for (let start = 0; start < rows.length; start += perCall) {
      const batch = rows.slice(start, start + perCall);
      const target = out.subarray(start * n, (start + batch.length) * n);
      if (byColumns) {
        const length = batch.length * n;
        budget.spend(length * (k + 1), () => `'${source.process}' building the model's inputs`);
        const x = new Float64Array(length);
        const columns = labels.map(() => new Float64Array(length));
        for (const [r, s] of batch.entries()) {
          x.set(xs, r * n);
          for (let j = 0; j < k; j++) columns[j]!.fill(sets[s * k + j]!, r * n, (r + 1) * n);
        }
        const values = await fn.columns!({ x: { kind: "column", values: x }, parameters: { kind: "array", columns, labels } }, {}, length);
        if (values) {
          target.set(values);
          continue;
        }
        byColumns = false;
      }
      await byCalls(sets, batch, target);
    }
  }

  return async (sets, count) => {
    const { rows, of } = distinct(sets, count, k);
    const values = new Float64Array(rows.length * n);
    await evaluate(sets, rows, values);
    const out = new Float64Array(count * n);
    for (let s = 0; s < count; s++) {
      const row = of[s]!;
      if (row < 0) out.fill(NaN, s * n, (s + 1) * n);
      else out.set(values.subarray(row * n, (row + 1) * n), s * n);
    }
    return out;
  };
}

/**
 * fit_curve and predict_curve through the engine: a harmonic seasonal model (linear in its
 * parameters, so the least-squares answer is recomputed here from the normal equations), an
 * exponential decay (non-linear: known parameters, and a zero gradient at the answer for noisy
 * values), apply_dimension over t on a small cube (block form and per pixel alike), predictions
 * recomputed from the fitted parameters, bad input and budgets.
 */
import { describe, expect, it } from "vitest";
import { RUN_LIMITS, WorkBudget, type BudgetLimits } from "../../../src/budget";
import type { DataAccess, RasterCube } from "../../../src/cube";
import { runProcess } from "../../../src/engine";
import { PROCESSES } from "../../../src/processes";
import { labelsNamed, rasterCube } from "../../support/raster-cube";
import { errorCode } from "../../support/run-process";

import { decay, harmonic, harmonicLeastSquares, harmonicPerCall, harmonicValue, line, node, p, ref, x, YEAR } from "../../support/curve";

/** 20 dates about a month apart from January 2023, as dates (YYYY-MM-DD, midnight UTC). */
const DATES = Array.from({ length: 20 }, (_, i) => new Date(Date.UTC(2023, 0, 5) + i * 33 * 86_400_000).toISOString().slice(0, 10));
const XS = DATES.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
/** A fixed, uneven disturbance of up to ±0.03. */
const noise = (i: number) => (0.03 * (((i * 7919) % 13) - 6)) / 6;

async function evaluate(graph: Record<string, unknown>, parameters: Record<string, unknown> = {}, limits: Partial<BudgetLimits> = {}): Promise<{ value: unknown; operations: number }> {
  const budget = new WorkBudget({ ...RUN_LIMITS, ...limits });
  const ctx = { log: () => {}, data: {} as DataAccess };
  const value = await runProcess({ process_graph: graph }, { processes: PROCESSES, budget }, { ctx, parameters });
  return { value, operations: budget.operations };
}

/** fit_curve of a labeled array built with array_create_labeled. */
const fitGraph = (ys: (number | null)[], labels: (string | number)[], initial: number[], fn: unknown, extra: Record<string, unknown> = {}) => ({
  series: node("array_create_labeled", { data: ys, labels }),
  fit: node("fit_curve", { data: { from_node: "series" }, parameters: initial, function: fn, ...extra }, true),
});

const fit = async (...args: Parameters<typeof fitGraph>) => (await evaluate(fitGraph(...args))).value as (number | null)[];

describe("fit_curve on one series", () => {
  it("finds the coefficients of a noise-free seasonal series, dates as seconds since 1970", async () => {
    const truth = [0.3, 0.2, -0.1];
    const ys = XS.map((xv) => harmonicValue(truth, xv));
    const fitted = await fit(ys, DATES, [0, 0, 0], harmonic);
    fitted.forEach((v, j) => expect(v).toBeCloseTo(truth[j]!, 10));
  });

  it("gives the least-squares coefficients of a noisy series with gaps (the normal equations' answer)", async () => {
    const ys = XS.map((xv, i) => (i === 4 || i === 11 ? null : harmonicValue([0.5, -0.15, 0.25], xv) + noise(i)));
    const expected = harmonicLeastSquares(XS, ys);
    const fitted = await fit(ys, DATES.map((d) => `${d}T00:00:00Z`), [1, 1, 1], harmonic);
    fitted.forEach((v, j) => expect(v).toBeCloseTo(expected[j]!, 9));
    // Without ignoring no-data, the gaps leave nothing to fit.
    expect(await fit(ys, DATES, [1, 1, 1], harmonic, { ignore_nodata: false })).toEqual([null, null, null]);
  });

  it("gives the same coefficients when the model can only be called point by point, at a higher cost", async () => {
    const ys = XS.map((xv, i) => harmonicValue([0.5, -0.15, 0.25], xv) + noise(i));
    const byColumns = await evaluate(fitGraph(ys, DATES, [0, 0, 0], harmonic));
    const byCalls = await evaluate(fitGraph(ys, DATES, [0, 0, 0], harmonicPerCall));
    const expected = harmonicLeastSquares(XS, ys);
    for (const { value } of [byColumns, byCalls]) (value as number[]).forEach((v, j) => expect(v).toBeCloseTo(expected[j]!, 9));
    expect(byCalls.operations).toBeGreaterThan(10 * byColumns.operations);
  });

  it("fits an exponential decay to its known parameters, numbers as x", async () => {
    const xs = Array.from({ length: 11 }, (_, i) => i);
    const fitted = await fit(xs.map((xv) => 5 * Math.exp(-0.3 * xv)), xs, [1, 0.1], decay);
    expect(fitted[0]).toBeCloseTo(5, 9);
    expect(fitted[1]).toBeCloseTo(0.3, 9);
  });

  it("stops a noisy exponential decay where the gradient of the sum of squares vanishes", async () => {
    const xs = Array.from({ length: 15 }, (_, i) => i * 0.5);
    const ys = xs.map((xv, i) => 2 * Math.exp(-0.7 * xv) + noise(i));
    const [a, b] = (await fit(ys, xs, [1, 1], decay)) as number[];
    // ∂/∂a and ∂/∂b of Σ (y - a e^{-bx})², from the model's derivatives written out.
    const residual = xs.map((xv, i) => ys[i]! - a! * Math.exp(-b! * xv));
    const da = xs.reduce((s, xv, i) => s - 2 * residual[i]! * Math.exp(-b! * xv), 0);
    const db = xs.reduce((s, xv, i) => s + 2 * residual[i]! * a! * xv * Math.exp(-b! * xv), 0);
    expect(Math.abs(da)).toBeLessThan(1e-9);
    expect(Math.abs(db)).toBeLessThan(1e-9);
    expect(a).toBeCloseTo(2, 1);
    expect(b).toBeCloseTo(0.7, 1);
  });

  it("answers no-data for fewer valid values than parameters, or a model that isn't finite at the start", async () => {
    expect(await fit([1, null, 2], [0, 1, 2], [0, 0, 0], harmonic)).toEqual([null, null, null]);
    const logModel = { process_graph: { a: p(0), ax: node("multiply", { x: ref("a"), y: x }), r: node("ln", { x: ref("ax") }, true) } };
    // ln(a·x) at a = -1 and x > 0 is NaN.
    expect(await fit([1, 2, 3], [1, 2, 3], [-1], logModel)).toEqual([null]);
  });

  it("uses positions as x for an array without labels", async () => {
    const graph = { fit: node("fit_curve", { data: [1, 3, 5, 7], parameters: [0, 0], function: line }, true) };
    const fitted = (await evaluate(graph)).value as number[];
    expect(fitted[0]).toBeCloseTo(1, 10);
    expect(fitted[1]).toBeCloseTo(2, 10);
  });

  it("rejects labels that are neither numbers nor dates, and an empty initial guess", async () => {
    expect(await errorCode(fit([1, 2, 3], ["B02", "B03", "B04"], [0, 0, 0], harmonic))).toBe("ProcessParameterInvalid");
    expect(await errorCode(fit([1, 2, 3], [0, 1, 2], [], harmonic))).toBe("ProcessParameterInvalid");
  });
});

describe("fit_curve in apply_dimension over t, and predict_curve", () => {
  const GRID = { crs: "EPSG:32633", bbox: [0, 0, 30, 20] as [number, number, number, number], width: 3, height: 2 };
  const PIXELS = 6;
  const truth = (px: number) => [0.2 + 0.05 * px, 0.1 - 0.03 * px, 0.02 * px];
  /** Pixel 2 has two gaps, pixel 5 only two valid dates (fewer than the three parameters). */
  const valueAt = (px: number, i: number) => ((px === 2 && (i === 3 || i === 7)) || (px === 5 && i > 1) ? NaN : harmonicValue(truth(px), XS[i]!) + noise(i + px));
  const cube = () => rasterCube(GRID, DATES.map((d) => `${d}T00:00:00Z`), null, DATES.map((_, i) => Float32Array.from({ length: PIXELS }, (_, px) => valueAt(px, i))));
  /** A pixel's series as the cube holds it (float32), null for no-data. */
  const series = (px: number) => DATES.map((_, i) => (Number.isNaN(valueAt(px, i)) ? null : Math.fround(valueAt(px, i))));

  const fitNode = (result: boolean) => node("fit_curve", { data: { from_parameter: "data" }, parameters: [0, 0, 0], function: harmonic }, result);
  /** One fit_curve call on `data`: the engine hands it all pixels at once (its lanes form). */
  const direct = { process_graph: { fit: fitNode(true) } };
  /** The same with its result copied by array_create: two nodes, so the engine calls the graph pixel by pixel. */
  const perPixel = { process_graph: { fit: fitNode(false), copy: node("array_create", { data: ref("fit") }, true) } };
  const along = (process: unknown, extra: Record<string, unknown> = {}) => node("apply_dimension", { data: { from_parameter: "cube" }, dimension: "t", process, ...extra });

  function expectFitted(result: RasterCube): void {
    expect(result.dims).toEqual([{ name: "t", type: "other", labels: [0, 1, 2] }]);
    for (let px = 0; px < PIXELS; px++) {
      const planes = result.planes.map((plane) => plane[px]!);
      if (px === 5) expect(planes).toEqual([NaN, NaN, NaN]);
      else harmonicLeastSquares(XS, series(px)).forEach((v, j) => expect(planes[j]).toBeCloseTo(v, 5));
    }
  }

  it("fits every pixel's series at once, as pixel by pixel, the dates' dimension becoming the parameters", async () => {
    const byLanes = await evaluate({ fit: { ...along(direct), result: true } }, { cube: cube() });
    const byPixel = await evaluate({ fit: { ...along(perPixel), result: true } }, { cube: cube() });
    expectFitted(byLanes.value as RasterCube);
    expectFitted(byPixel.value as RasterCube);
    expect(byLanes.operations).toBeLessThan(byPixel.operations);
  });

  it("predicts at new dates and numbers from the fitted parameters", async () => {
    const labels = ["2024-06-01", "2024-12-01T12:00:00Z", "2025-02-14"];
    const graph = { fit: along(direct), predicted: node("predict_curve", { parameters: ref("fit"), function: harmonic, dimension: "t", labels }, true) };
    const { value } = await evaluate(graph, { cube: cube() });
    const predicted = value as RasterCube;
    expect(predicted.dims).toEqual([{ name: "t", type: "temporal", labels: ["2024-06-01T00:00:00Z", "2024-12-01T12:00:00Z", "2025-02-14T00:00:00Z"] }]);
    const fitted = ((await evaluate({ fit: { ...along(direct), result: true } }, { cube: cube() })).value as RasterCube).planes;
    labels.forEach((label, l) => {
      const xv = Date.parse(label.length === 10 ? `${label}T00:00:00Z` : label) / 1000;
      for (let px = 0; px < PIXELS; px++) {
        const at = predicted.planes[l]![px]!;
        if (px === 5) expect(at).toBeNaN();
        else expect(at).toBeCloseTo(harmonicValue([0, 1, 2].map((j) => fitted[j]![px]!), xv), 6);
      }
    });

    const numbers = [0, YEAR / 4];
    const other = (await evaluate({ fit: along(direct), predicted: node("predict_curve", { parameters: ref("fit"), function: harmonic, dimension: "t", labels: numbers }, true) }, { cube: cube() })).value as RasterCube;
    expect(other.dims).toEqual([{ name: "t", type: "other", labels: numbers }]);
    // At x = 0 the model is a + b; a quarter year later a + c (cos and sin swap).
    expect(other.planes[0]![1]).toBeCloseTo(fitted[0]![1]! + fitted[1]![1]!, 6);
    expect(other.planes[1]![1]).toBeCloseTo(fitted[0]![1]! + fitted[2]![1]!, 6);
  });

  it("takes the parameters from the only dimension of type other when the cube has no `dimension`", async () => {
    const graph = {
      fit: along(direct, { target_dimension: "coefficients" }),
      predicted: node("predict_curve", { parameters: ref("fit"), function: harmonicPerCall, dimension: "t", labels: [YEAR / 2] }, true),
    };
    const predicted = (await evaluate(graph, { cube: cube() })).value as RasterCube;
    expect(labelsNamed(predicted, "coefficients")).toBeNull();
    expect(labelsNamed(predicted, "t")).toEqual([YEAR / 2]);
    const [a, b] = harmonicLeastSquares(XS, series(0));
    // Half a year: cos is -1, sin 0 (the per-call model, float32 parameters).
    expect(predicted.planes[0]![0]).toBeCloseTo(a! - b!, 5);
  });

  it("rejects missing or duplicate labels and a spatial dimension", async () => {
    const predict = (args: Record<string, unknown>) => evaluate({ fit: along(direct), p: node("predict_curve", { parameters: ref("fit"), function: harmonic, dimension: "t", ...args }, true) }, { cube: cube() });
    expect(await errorCode(predict({}))).toBe("ProcessParameterInvalid");
    expect(await errorCode(predict({ labels: ["2024-01-01", "2024-01-01T00:00:00Z"] }))).toBe("ProcessParameterInvalid");
    expect(await errorCode(predict({ labels: ["B04"] }))).toBe("ProcessParameterInvalid");
    expect(await errorCode(predict({ labels: [1], dimension: "x" }))).toBe("ProcessParameterInvalid");
  });

  describe("budgets", () => {
    /** 100 x 100 px of 20 dates, every pixel's series its own: a first step needs 100 · 100 · 20 · (2 · 3 + 2) · 4 = 6.4 million operations. */
    const big = () => rasterCube({ ...GRID, width: 100, height: 100 }, DATES.map((d) => `${d}T00:00:00Z`), null, DATES.map((_, i) => Float32Array.from({ length: 10_000 }, (_, px) => Math.sin(i + px))));

    it("refuses a fit whose first step doesn't fit in what the run has left, before evaluating the model", async () => {
      const error = await evaluate({ fit: { ...along(direct), result: true } }, { cube: big() }, { maxOperations: 5_000_000 }).catch((e: unknown) => e as Error);
      expect((error as { code?: string }).code).toBe("ProcessGraphComplexity");
      expect((error as Error).message).toMatch(/fit_curve over 10,000 pixels of 20 values with 3 parameters needs at least 6,400,000 operations for its first step/);
    });

    it("ends a fit that runs out of operations on the way; equal series are evaluated once and fit", async () => {
      const error = await evaluate({ fit: { ...along(direct), result: true } }, { cube: big() }, { maxOperations: 8_000_000 }).catch((e: unknown) => e as Error);
      expect((error as { code?: string }).code).toBe("ProcessGraphComplexity");
      expect((error as Error).message).toMatch(/operations one run may spend/);
      const equal = rasterCube(big().grid, labelsNamed(big(), "t") as string[], null, DATES.map((_, i) => new Float32Array(10_000).fill(Math.sin(i))));
      const { value } = await evaluate({ fit: { ...along(direct), result: true } }, { cube: equal }, { maxOperations: 8_000_000 });
      const expected = harmonicLeastSquares(XS, DATES.map((_, i) => Math.fround(Math.sin(i))));
      (value as RasterCube).planes.forEach((plane, j) => expect(plane[9_999]).toBeCloseTo(expected[j]!, 5));
    });

    it("refuses an initial guess whose normal equations alone are larger than a value may be", async () => {
      const parameters = new Array(3000).fill(0);
      const graph = { fit: node("fit_curve", { data: [1, 2, 3], parameters, function: line }, true) };
      expect(await errorCode(evaluate(graph))).toBe("ProcessGraphComplexity");
    });
  });
});

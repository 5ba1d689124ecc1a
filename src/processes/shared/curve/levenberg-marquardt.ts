/**
 * Non-linear least squares by Levenberg–Marquardt, for many series at once: every series (a pixel)
 * has its own parameters, damping and progress, but the model is evaluated for all of them together
 * (see curve-model.ts), so a batch costs a few model calls per step, not a few per pixel.
 *
 * Each step solves (JᵀJ + λ·diag(JᵀJ)) δ = Jᵀr (Marquardt's scaling), with J by central
 * differences (steps of ∛ε · max(1, |p|)). A step that lowers the sum of squared residuals is
 * taken and λ shrinks tenfold; one that doesn't is refused and λ grows tenfold. A series is done
 * when a taken step changes the sum by less than FTOL of it or the parameters by less than XTOL
 * of them, when a refused step is that small, when λ passes LAMBDA_MAX, or after MAX_STEPS
 * steps; it keeps the best parameters found. Everything is deterministic.
 */
import type { WorkBudget } from "../../../budget";
import type { Model } from "./curve-model";

export const MAX_STEPS = 100;
const LAMBDA_START = 1e-3;
const LAMBDA_MAX = 1e16;
const FTOL = 1e-14;
const XTOL = 1e-12;
const DIFF_STEP = Math.cbrt(Number.EPSILON);

/** Solves the symmetric k x k system m δ = b by Cholesky into `delta`; false when m is not positive definite. */
function solve(m: Float64Array, b: Float64Array, k: number, delta: Float64Array): boolean {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = m[i * k + j]!;
      for (let q = 0; q < j; q++) sum -= l[i * k + q]! * l[j * k + q]!;
      if (i === j) {
        if (!(sum > 0)) return false;
        l[i * k + i] = Math.sqrt(sum);
      } else l[i * k + j] = sum / l[j * k + j]!;
    }
  }
  for (let i = 0; i < k; i++) {
    let sum = b[i]!;
    for (let q = 0; q < i; q++) sum -= l[i * k + q]! * delta[q]!;
    delta[i] = sum / l[i * k + i]!;
  }
  for (let i = k - 1; i >= 0; i--) {
    let sum = delta[i]!;
    for (let q = i + 1; q < k; q++) sum -= l[q * k + i]! * delta[q]!;
    delta[i] = sum / l[i * k + i]!;
  }
  return delta.every(Number.isFinite);
}

/** Sum of squared residuals of a series (row `row` of `fitted`) over its valid points; NaN when a model value there is not a finite number. */
function squares(y: Float64Array, fitted: Float64Array, row: number, series: number, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const yi = y[series * n + i]!;
    if (Number.isNaN(yi)) continue;
    const r = yi - fitted[row * n + i]!;
    sum += r * r;
  }
  return Number.isFinite(sum) ? sum : NaN;
}

const small = (delta: Float64Array, p: Float64Array, offset: number, k: number) => {
  let step = 0;
  let size = 0;
  for (let j = 0; j < k; j++) {
    step = Math.max(step, Math.abs(delta[j]!));
    size = Math.max(size, Math.abs(p[offset + j]!));
  }
  return step <= XTOL * (size + XTOL);
};

/**
 * Fits `count` series (`y`: row-major count x n, NaN for no-data) from the same `initial`
 * parameters: row-major count x k parameters. A series with fewer valid values than parameters, or
 * whose model is not finite at the initial parameters, gets NaN parameters. Charges its own
 * arithmetic to `budget`; the model charges its evaluations.
 */
export async function fitSeries(model: Model, y: Float64Array, count: number, n: number, initial: readonly number[], budget: WorkBudget): Promise<Float64Array> {
  const k = initial.length;
  const p = new Float64Array(count * k);
  for (let s = 0; s < count; s++) p.set(initial, s * k);
  const done = new Uint8Array(count);
  for (let s = 0; s < count; s++) {
    let valid = 0;
    for (let i = 0; i < n; i++) if (!Number.isNaN(y[s * n + i]!)) valid++;
    if (valid < k) done[s] = 1;
  }
  const fitted = await model(p, count);
  const sums = new Float64Array(count);
  for (let s = 0; s < count; s++) {
    sums[s] = squares(y, fitted, s, s, n);
    if (Number.isNaN(sums[s]!)) done[s] = 1;
  }
  const failed = done.slice();
  // Whether a series's system was ever solvable: one that never was (a Jacobian not finite near the guess) has no fit.
  const solvable = new Uint8Array(count);
  const lambda = new Float64Array(count).fill(LAMBDA_START);
  const stale = new Uint8Array(count).fill(1); // whether the series needs a new Jacobian
  const normal = new Float64Array(count * k * k); // JᵀJ
  const gradient = new Float64Array(count * k); // Jᵀr
  const delta = new Float64Array(k);
  const system = new Float64Array(k * k);

  for (let step = 0; step < MAX_STEPS; step++) {
    const active = [...done.keys()].filter((s) => done[s] === 0);
    if (active.length === 0) break;
    budget.spend(active.length * (n * k * k + k * k * k), "fit_curve's least-squares steps");

    // Jacobians by central differences: 2k parameter sets per series that moved.
    const moved = active.filter((s) => stale[s] === 1);
    const perturbed = new Float64Array(moved.length * 2 * k * k);
    const steps = new Float64Array(moved.length * k);
    for (const [m, s] of moved.entries()) {
      for (let j = 0; j < k; j++) {
        const h = DIFF_STEP * Math.max(1, Math.abs(p[s * k + j]!));
        steps[m * k + j] = h;
        for (const [side, sign] of [[0, 1], [1, -1]] as const) {
          const row = (m * 2 + side) * k + j;
          perturbed.set(p.subarray(s * k, s * k + k), row * k);
          perturbed[row * k + j] = p[s * k + j]! + sign * h;
        }
      }
    }
    const around = moved.length > 0 ? await model(perturbed, moved.length * 2 * k) : new Float64Array(0);
    const column = new Float64Array(n * k);
    for (const [m, s] of moved.entries()) {
      for (let j = 0; j < k; j++) {
        const [plus, minus] = [(m * 2 * k + j) * n, ((m * 2 + 1) * k + j) * n];
        for (let i = 0; i < n; i++) column[j * n + i] = (around[plus + i]! - around[minus + i]!) / (2 * steps[m * k + j]!);
      }
      for (let a = 0; a < k; a++) {
        let g = 0;
        for (let b = 0; b <= a; b++) {
          let sum = 0;
          for (let i = 0; i < n; i++) if (!Number.isNaN(y[s * n + i]!)) sum += column[a * n + i]! * column[b * n + i]!;
          normal[(s * k + a) * k + b] = normal[(s * k + b) * k + a] = sum;
        }
        for (let i = 0; i < n; i++) if (!Number.isNaN(y[s * n + i]!)) g += column[a * n + i]! * (y[s * n + i]! - fitted[s * n + i]!);
        gradient[s * k + a] = g;
      }
      stale[s] = 0;
    }

    // A trial step for every active series, evaluated together.
    const trials = new Float64Array(active.length * k);
    const tried: boolean[] = [];
    for (const [t, s] of active.entries()) {
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) system[a * k + b] = normal[(s * k + a) * k + b]!;
        // A parameter the model ignores (zero column) gets a damping of λ so the system stays solvable.
        system[a * k + a] = system[a * k + a]! * (1 + lambda[s]!) + (system[a * k + a] === 0 ? lambda[s]! : 0);
      }
      const ok = solve(system, gradient.subarray(s * k, s * k + k), k, delta);
      if (ok) solvable[s] = 1;
      // A step too small to matter: the series is where it can get. A NaN trial is not evaluated.
      if (ok && small(delta, p, s * k, k)) done[s] = 1;
      tried.push(ok && done[s] === 0);
      for (let j = 0; j < k; j++) trials[t * k + j] = tried[t] ? p[s * k + j]! + delta[j]! : NaN;
    }
    const values = await model(trials, active.length);
    for (const [t, s] of active.entries()) {
      if (done[s] === 1) continue;
      const sum = tried[t] ? squares(y, values, t, s, n) : NaN;
      if (sum < sums[s]!) {
        for (let j = 0; j < k; j++) delta[j] = trials[t * k + j]! - p[s * k + j]!;
        const converged = sums[s]! - sum <= FTOL * sums[s]! || small(delta, p, s * k, k) || sum === 0;
        p.set(trials.subarray(t * k, t * k + k), s * k);
        fitted.set(values.subarray(t * n, t * n + n), s * n);
        sums[s] = sum;
        lambda[s] = Math.max(lambda[s]! / 10, Number.MIN_VALUE);
        stale[s] = 1;
        if (converged) done[s] = 1;
      } else {
        lambda[s] = lambda[s]! * 10;
        if (lambda[s]! > LAMBDA_MAX) done[s] = 1;
      }
    }
  }
  // A series whose system could never be solved (a Jacobian not finite near the guess) was not fitted at all.
  for (let s = 0; s < count; s++) if (failed[s] === 1 || (lambda[s]! > LAMBDA_MAX && solvable[s] === 0)) p.fill(NaN, s * k, s * k + k);
  return p;
}

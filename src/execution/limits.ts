/**
 * The budgets of runs and tiles, from the Worker's [vars] (wrangler.toml): each limit a whole
 * number, unset for the default of src/budget.ts. A malformed setting is a deployment error.
 */
import { RUN_LIMITS, TILE_LIMITS, WorkBudget, type BudgetLimits } from "../budget";
import type { Env } from "../env";

export type BudgetKind = "run" | "tile";

function setting(env: Env, name: keyof Env, fallback: number): number {
  const configured = env[name];
  if (configured === undefined || configured === "") return fallback;
  if (typeof configured !== "string" || !/^\d+$/.test(configured)) throw new Error(`${name} must be a whole number, not '${String(configured)}'`);
  return Number(configured);
}

export function budgetLimits(env: Env, kind: BudgetKind): BudgetLimits {
  const [defaults, prefix] = kind === "tile" ? [TILE_LIMITS, "TILE"] : [RUN_LIMITS, "RUN"];
  return {
    maxValueBytes: setting(env, `${prefix}_MAX_VALUE_BYTES` as keyof Env, defaults.maxValueBytes),
    maxOperations: setting(env, `${prefix}_MAX_OPERATIONS` as keyof Env, defaults.maxOperations),
    maxMillis: setting(env, `${prefix}_MAX_SECONDS` as keyof Env, defaults.maxMillis / 1000) * 1000,
  };
}

/** A fresh budget for one synchronous request, batch invocation or tile. */
export function newBudget(env: Env, kind: BudgetKind): WorkBudget {
  return new WorkBudget(budgetLimits(env, kind));
}

/** The budgets of runs and tiles, from the Worker's [vars] (wrangler.toml), else src/budget.ts's defaults. */
import { RUN_LIMITS, TILE_LIMITS, WorkBudget, type BudgetLimits } from "../budget";
import type { Env } from "../env";
import { numberSetting } from "../settings";

export type BudgetKind = "run" | "tile";

export function budgetLimits(env: Env, kind: BudgetKind): BudgetLimits {
  const [defaults, prefix] = kind === "tile" ? [TILE_LIMITS, "TILE"] : [RUN_LIMITS, "RUN"];
  const setting = (name: string, unit: "bytes" | "count" | "seconds", fallback: number) => numberSetting(env, `${prefix}_${name}` as keyof Env, unit, fallback);
  return {
    maxValueBytes: setting("MAX_VALUE_BYTES", "bytes", defaults.maxValueBytes),
    maxOperations: setting("MAX_OPERATIONS", "count", defaults.maxOperations),
    maxMillis: setting("MAX_SECONDS", "seconds", defaults.maxMillis / 1000) * 1000,
  };
}

/** A fresh budget for one synchronous request, batch invocation or tile. */
export function newBudget(env: Env, kind: BudgetKind): WorkBudget {
  return new WorkBudget(budgetLimits(env, kind));
}

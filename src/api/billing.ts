/**
 * Billing: the back-end charges nobody, so it offers a single plan, `free`, which is everyone's
 * default. Clients and the openEO test suite send `plan: "free"`; it is accepted (case-insensitively,
 * as the API requires) and answered in job and service documents.
 */
import { OpenEOError } from "../errors";

export const FREE_PLAN = "free";

/** The `billing` object of GET /: no currency, since budgets and costs are never charged. */
export const BILLING = {
  currency: null,
  default_plan: FREE_PLAN,
  plans: [{ name: FREE_PLAN, description: "Everything this back-end offers, free of charge, within its published limits.", paid: false }],
};

/**
 * The offered plan a request names, or undefined when it names none (null or omitted): new jobs and
 * services then get the default plan, updates leave the stored plan as it is.
 */
export function requestedPlan(plan: string | null | undefined): string | undefined {
  if (plan === undefined || plan === null) return undefined;
  const offered = BILLING.plans.find((p) => p.name === plan.toLowerCase());
  if (!offered) throw new OpenEOError("BillingPlanInvalid", { reason: `the only plan offered is '${FREE_PLAN}', not '${plan}'` });
  return offered.name;
}

/** The plan a stored job or service runs under; records made before plans existed have none and run under the default. */
export const planOf = (record: { plan: string | null }): string => record.plan ?? FREE_PLAN;

import { budgetOf, type WorkBudget } from "../../budget";
import { OpenEOError } from "../../errors";
import { NUMBER_ARRAY } from "../shared/schemas";
import { ascending, numbersOf, quantileType7 } from "../shared/statistics";
import type { ProcessImplementation } from "../types";

/** The probabilities asked for: an explicit ascending list, or the q-1 cut points of q equal intervals. */
export function probabilitiesOf(probabilities: unknown, q: unknown, budget: WorkBudget): number[] {
  if (probabilities === undefined && q === undefined) {
    throw OpenEOError.processException("QuantilesParameterMissing", "Give either `probabilities` or `q`.");
  }
  if (probabilities !== undefined && q !== undefined) {
    throw OpenEOError.processException("QuantilesParameterConflict", "Give `probabilities` or `q`, not both.");
  }
  const intervals = probabilities ?? q;
  if (typeof intervals === "number") {
    budget.reserveElements(intervals - 1, "the quantiles");
    return Array.from({ length: intervals - 1 }, (_, k) => (k + 1) / intervals);
  }
  const list = intervals as number[];
  if (list.some((p, i) => i > 0 && p < list[i - 1]!)) {
    throw OpenEOError.processException(
      "AscendingProbabilitiesRequired",
      "The probabilities must be in ascending order.",
    );
  }
  return list;
}

export const quantiles: ProcessImplementation = {
  spec: {
    id: "quantiles",
    summary: "Sample quantiles",
    description:
      "Computes sample quantiles of `data` (Hyndman & Fan type 7, the usual default of R, NumPy and others), either at the given `probabilities` or as the cut points of a number of equal intervals. NaN in the data gives NaN everywhere. By default no-data elements are skipped; with `ignore_nodata` set to `false` any no-data element makes every quantile no-data, as does an empty array.",
    categories: ["math > statistics"],
    parameters: [
      { name: "data", description: "The numbers, possibly with no-data.", schema: NUMBER_ARRAY },
      {
        name: "probabilities",
        description:
          "Either ascending probabilities between 0 and 1 (otherwise AscendingProbabilitiesRequired), or a number of equal intervals whose inner cut points are computed.",
        schema: [
          {
            title: "Probabilities",
            type: "array",
            uniqueItems: true,
            items: { type: "number", minimum: 0, maximum: 1 },
          },
          { title: "Number of equal intervals", type: "integer", minimum: 2 },
        ],
        optional: true,
      },
      {
        name: "q",
        description: "Deprecated, use `probabilities`: the number of equal intervals.",
        schema: { type: "integer", minimum: 2 },
        optional: true,
        deprecated: true,
      },
      {
        name: "ignore_nodata",
        description: "Skip no-data elements (the default); set to `false` to let any no-data element make every quantile no-data.",
        schema: { type: "boolean" },
        optional: true,
        default: true,
      },
    ],
    returns: {
      description: "One quantile per probability, or q-1 of them for q intervals; no-data values for an empty array.",
      schema: { type: "array", items: { type: ["number", "null"] } },
    },
    exceptions: {
      QuantilesParameterMissing: { message: "quantiles needs either `probabilities` or `q`." },
      QuantilesParameterConflict: { message: "quantiles takes `probabilities` or `q`, not both." },
      AscendingProbabilitiesRequired: { message: "The probabilities must be given in ascending order." },
    },
  },
  run: (args, ctx) => {
    const probabilities = probabilitiesOf(args.probabilities, args.q, budgetOf(ctx));
    const numbers = numbersOf(args.data as unknown[], args.ignore_nodata as boolean);
    if (numbers === null || numbers.length === 0) return probabilities.map(() => null);
    if (numbers.some(Number.isNaN)) return probabilities.map(() => NaN);
    const sorted = ascending(numbers);
    return probabilities.map((p) => quantileType7(sorted, p));
  },
};

import { budgetOf } from "../../budget";
import { OpenEOError } from "../../errors";
import { labelsOf, withLabels } from "../shared/labels";
import type { ProcessImplementation } from "../types";

export const arrayConcat: ProcessImplementation = {
  spec: {
    id: "array_concat",
    summary: "Join two arrays",
    description:
      "Puts the elements of `array2` after those of `array1`. Labels survive only if both arrays are labeled, and then no label may occur in both (ArrayLabelConflict); if only one array is labeled, the result has no labels.",
    categories: ["arrays"],
    parameters: [
      { name: "array1", description: "The array that comes first.", schema: { type: "array", items: {} } },
      { name: "array2", description: "The array appended to it.", schema: { type: "array", items: {} } },
    ],
    returns: { description: "The joined array.", schema: { type: "array", items: {} } },
    exceptions: {
      ArrayLabelConflict: { message: "Both arrays have an element with the same label; rename one first." },
    },
  },
  run: (args, ctx) => {
    const [first, second] = [args.array1 as unknown[], args.array2 as unknown[]];
    budgetOf(ctx).reserveElements(first.length + second.length, "the joined array");
    const values = [...first, ...second];
    const [labels1, labels2] = [labelsOf(first), labelsOf(second)];
    if (labels1 === null || labels2 === null) return values;
    const shared = labels2.find((label) => labels1.includes(label));
    if (shared !== undefined) {
      throw OpenEOError.processException("ArrayLabelConflict", `Both arrays have the label ${JSON.stringify(shared)}.`);
    }
    return withLabels(values, [...labels1, ...labels2]);
  },
};

import { budgetOf } from "../../budget";
import { OpenEOError } from "../../errors";
import { labeled, type ProcessImplementation } from "../types";

function invalid(parameter: string, reason: string): OpenEOError {
  return new OpenEOError("ProcessParameterInvalid", { process: "array_create_labeled", parameter, reason });
}

export const arrayCreateLabeled: ProcessImplementation = {
  spec: {
    id: "array_create_labeled",
    summary: "Build a labeled array",
    description:
      "Pairs the values of `data` with the labels of `labels`, position by position, into a labeled array. Both arrays must have the same length (else ArrayLengthMismatch) and the labels must be distinct. JSON has no labeled arrays, so this is how a client sends one, e.g. band weights keyed by band name.",
    categories: ["arrays"],
    experimental: true,
    parameters: [
      { name: "data", description: "The values, as an array.", schema: {} },
      {
        name: "labels",
        description: "One distinct label (number or text) per value, in the same order.",
        schema: { type: "array", uniqueItems: true, items: { type: ["number", "string"] } },
      },
    ],
    returns: {
      description: "The values with their labels.",
      schema: { type: "array", subtype: "labeled-array", items: {} },
    },
    exceptions: {
      ArrayLengthMismatch: { message: "`data` and `labels` have different numbers of elements." },
    },
  },
  run: (args, ctx) => {
    const { data } = args;
    const labels = args.labels as (string | number)[];
    // The schema allows any type for `data` (as the official definition does); only arrays can be paired.
    if (!Array.isArray(data)) throw invalid("data", "expected an array of values");
    if (data.length !== labels.length) {
      const message = `\`data\` has ${data.length} elements but \`labels\` has ${labels.length}.`;
      throw OpenEOError.processException("ArrayLengthMismatch", message);
    }
    // Validation checks literal labels only; computed ones are checked here.
    if (new Set(labels).size !== labels.length) throw invalid("labels", "the labels must be distinct");
    budgetOf(ctx).reserveElements(data.length, "the labeled array");
    return labeled(data, labels);
  },
};

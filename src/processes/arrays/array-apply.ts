import { labelsOf, withLabels } from "../shared/labels";
import { LABEL_OR_NULL } from "../shared/schemas";
import type { Callback, ProcessImplementation } from "../types";

export const arrayApply: ProcessImplementation = {
  spec: {
    id: "array_apply",
    summary: "Transform every array element",
    description:
      "Runs `process` for every element (with its value, position and label) and collects the results in a new array of the same length and with the same labels — a map or for-each over the array.",
    categories: ["arrays"],
    parameters: [
      { name: "data", description: "The array.", schema: { type: "array", items: {} } },
      {
        name: "process",
        description: "Computes the new value of each element, e.g. with absolute or linear_scale_range.",
        schema: {
          type: "object",
          subtype: "process-graph",
          parameters: [
            { name: "x", description: "The element's value.", schema: {} },
            { name: "index", description: "The element's zero-based position.", schema: { type: "integer", minimum: 0 } },
            {
              name: "label",
              description: "The element's label, or no-data if the array has no labels.",
              schema: LABEL_OR_NULL,
              default: null,
              optional: true,
            },
            {
              name: "context",
              description: "The `context` given to array_apply.",
              schema: {},
              optional: true,
              default: null,
            },
          ],
          returns: { description: "The element's new value.", schema: {} },
        },
      },
      {
        name: "context",
        description: "Extra data handed to `process`.",
        schema: {},
        optional: true,
        default: null,
      },
    ],
    returns: { description: "The transformed elements.", schema: { type: "array", items: {} } },
  },
  run: async (args) => {
    const data = args.data as unknown[];
    const process = args.process as Callback;
    const labels = labelsOf(data);
    const results: unknown[] = [];
    // One element after the other, so that logging child processes (inspect) stay in order.
    for (const [index, x] of data.entries()) {
      results.push(await process({ x, index, label: labels?.[index] ?? null, context: args.context }));
    }
    return withLabels(results, labels);
  },
};

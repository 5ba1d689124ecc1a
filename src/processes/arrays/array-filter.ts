import { labelsOf, withLabels } from "../shared/labels";
import { LABEL_OR_NULL } from "../shared/schemas";
import type { Callback, ProcessImplementation } from "../types";

export const arrayFilter: ProcessImplementation = {
  spec: {
    id: "array_filter",
    summary: "Keep the elements that pass a test",
    description:
      "Runs `condition` for every element (with its value, position and label) and keeps the elements for which it returns `true`, in their original order; labels of kept elements stay attached.",
    categories: ["arrays", "filter"],
    parameters: [
      { name: "data", description: "The array.", schema: { type: "array", items: {} } },
      {
        name: "condition",
        description: "The test for each element; only a result of `true` keeps it.",
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
              description: "The `context` given to array_filter.",
              schema: {},
              optional: true,
              default: null,
            },
          ],
          returns: { description: "`true` to keep the element.", schema: { type: "boolean" } },
        },
      },
      {
        name: "context",
        description: "Extra data handed to `condition`.",
        schema: {},
        optional: true,
        default: null,
      },
    ],
    returns: { description: "The kept elements.", schema: { type: "array", items: {} } },
  },
  run: async (args) => {
    const data = args.data as unknown[];
    const condition = args.condition as Callback;
    const labels = labelsOf(data);
    const kept: number[] = [];
    // One element after the other, so that logging child processes (inspect) stay in order.
    for (const [index, x] of data.entries()) {
      const label = labels?.[index] ?? null;
      if ((await condition({ x, index, label, context: args.context })) === true) kept.push(index);
    }
    return withLabels(
      kept.map((i) => data[i]),
      labels && kept.map((i) => labels[i]!),
    );
  },
};

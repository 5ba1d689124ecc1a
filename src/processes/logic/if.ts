import { BOOLEAN_OR_NULL } from "../shared/schemas";
import type { ProcessImplementation } from "../types";

export const ifProcess: ProcessImplementation = {
  spec: {
    id: "if",
    summary: "Choose between two values",
    description:
      "An if-then-else: gives `accept` when `value` is `true` and `reject` in every other case, including `false` and no-data.",
    categories: ["logic", "comparison", "masks"],
    parameters: [
      { name: "value", description: "The condition.", schema: BOOLEAN_OR_NULL },
      { name: "accept", description: "The result when the condition is `true`.", schema: {} },
      {
        name: "reject",
        description: "The result otherwise; no-data unless given.",
        schema: {},
        optional: true,
        default: null,
      },
    ],
    returns: { description: "`accept` or `reject`.", schema: {} },
  },
  run: ({ value, accept, reject }) => (value === true ? accept : reject),
};

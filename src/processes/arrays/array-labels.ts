import { labelsOf } from "../shared/labels";
import type { ProcessImplementation } from "../types";

export const arrayLabels: ProcessImplementation = {
  spec: {
    id: "array_labels",
    summary: "Labels of an array",
    description:
      "Gives the labels of a labeled array in element order; for an array without labels it gives the positions 0, 1, 2, ….",
    categories: ["arrays"],
    parameters: [{ name: "data", description: "The array.", schema: { type: "array" } }],
    returns: { description: "The labels or positions.", schema: { type: "array", items: { type: ["number", "string"] } } },
  },
  run: (args) => {
    const data = args.data as unknown[];
    return [...(labelsOf(data) ?? data.keys())];
  },
};

import { labelsOf } from "../shared/labels";
import type { ProcessImplementation } from "../types";

export const arrayFindLabel: ProcessImplementation = {
  spec: {
    id: "array_find_label",
    summary: "Position of a label in a labeled array",
    description:
      "Gives the zero-based position of the element labeled `label` in `data`. Labels match only with the same type (the number 1 is not the text \"1\"). Gives no-data when no element has that label, and always for an array without labels. To look for a value instead, use array_find.",
    categories: ["arrays", "reducer"],
    experimental: true,
    parameters: [
      { name: "data", description: "The labeled array to search.", schema: { type: "array", items: {} } },
      { name: "label", description: "The label to look for.", schema: [{ type: "number" }, { type: "string" }] },
    ],
    returns: {
      description: "The position of the labeled element, or no-data.",
      schema: [{ type: "null" }, { type: "integer", minimum: 0 }],
    },
  },
  run: (args) => {
    const position = labelsOf(args.data as unknown[])?.indexOf(args.label as string | number) ?? -1;
    return position < 0 ? null : position;
  },
};

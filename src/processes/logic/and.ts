import { BOOLEAN_OR_NULL } from "../shared/schemas";
import type { ProcessImplementation } from "../types";

export const and: ProcessImplementation = {
  spec: {
    id: "and",
    summary: "Both true (AND)",
    description:
      "`true` only if both `x` and `y` are `true`. A `false` on either side decides the result even if the other side is no-data; otherwise no-data makes the result no-data.",
    categories: ["logic"],
    parameters: [
      { name: "x", description: "A boolean or no-data.", schema: BOOLEAN_OR_NULL },
      { name: "y", description: "A boolean or no-data.", schema: BOOLEAN_OR_NULL },
    ],
    returns: { description: "The conjunction of `x` and `y`.", schema: { type: ["boolean", "null"] } },
  },
  run: ({ x, y }) => {
    if (x === false || y === false) return false;
    return x === true && y === true ? true : null;
  },
};

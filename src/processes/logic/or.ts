import { BOOLEAN_OR_NULL } from "../shared/schemas";
import type { ProcessImplementation } from "../types";

export const or: ProcessImplementation = {
  spec: {
    id: "or",
    summary: "At least one true (OR)",
    description:
      "`true` if at least one of `x` and `y` is `true`. A `true` on either side decides the result even if the other side is no-data; otherwise no-data makes the result no-data.",
    categories: ["logic"],
    parameters: [
      { name: "x", description: "A boolean or no-data.", schema: BOOLEAN_OR_NULL },
      { name: "y", description: "A boolean or no-data.", schema: BOOLEAN_OR_NULL },
    ],
    returns: { description: "The disjunction of `x` and `y`.", schema: { type: ["boolean", "null"] } },
  },
  run: ({ x, y }) => {
    if (x === true || y === true) return true;
    return x === false && y === false ? false : null;
  },
};

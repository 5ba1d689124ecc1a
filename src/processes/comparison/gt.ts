import { compareOrdered } from "../shared/compare";
import { COMPARABLE } from "../shared/schemas";
import type { ProcessImplementation } from "../types";

export const gt: ProcessImplementation = {
  spec: {
    id: "gt",
    summary: "Greater than",
    description:
      "Checks whether the number `x` is strictly greater than `y`. Comparisons with NaN are `false` (IEEE 754) and no-data in either operand gives no-data. Any operand that is not a number gives `false`. Temporal strings are not compared as dates.",
    categories: ["comparison"],
    parameters: [
      { name: "x", description: "Left-hand value.", schema: COMPARABLE },
      { name: "y", description: "Right-hand value.", schema: COMPARABLE },
    ],
    returns: {
      description: "`true` if `x` is strictly greater than `y`, no-data if either operand is no-data, `false` otherwise.",
      schema: { type: ["boolean", "null"] },
    },
  },
  run: (args) => compareOrdered(args.x, args.y, (a, b) => a > b, false),
};

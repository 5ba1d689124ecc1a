import { compareOrdered } from "../shared/compare";
import { COMPARABLE } from "../shared/schemas";
import type { ProcessImplementation } from "../types";

export const gte: ProcessImplementation = {
  spec: {
    id: "gte",
    summary: "Greater than or equal to",
    description:
      "Checks whether the number `x` is greater than or equal to `y`. Comparisons with NaN are `false` (IEEE 754) and no-data in either operand gives no-data. Other operands are only `true` when they are equal according to eq (e.g. the same string), `false` otherwise. Temporal strings are not compared as dates.",
    categories: ["comparison"],
    parameters: [
      { name: "x", description: "Left-hand value.", schema: COMPARABLE },
      { name: "y", description: "Right-hand value.", schema: COMPARABLE },
    ],
    returns: {
      description: "`true` if `x` is greater than or equal to `y`, no-data if either operand is no-data, `false` otherwise.",
      schema: { type: ["boolean", "null"] },
    },
  },
  run: (args) => compareOrdered(args.x, args.y, (a, b) => a >= b, true),
};

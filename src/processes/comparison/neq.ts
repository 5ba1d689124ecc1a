import { equals } from "../shared/compare";
import { COMPARABLE } from "../shared/schemas";
import type { ProcessImplementation } from "../types";

export const neq: ProcessImplementation = {
  spec: {
    id: "neq",
    summary: "Not equal to",
    description:
      "The negation of eq: checks whether `x` differs from `y` under the same strict rules (types must match, NaN differs from everything, no-data in either operand gives no-data). Temporal strings are compared as plain text.",
    categories: ["texts", "comparison"],
    parameters: [
      { name: "x", description: "Left-hand value.", schema: COMPARABLE },
      { name: "y", description: "Right-hand value.", schema: COMPARABLE },
      {
        name: "delta",
        description: "For two numbers only: a positive tolerance, so that numbers at most this far apart count as equal.",
        schema: { type: ["number", "null"], minimumExclusive: 0 },
        optional: true,
        default: null,
      },
      {
        name: "case_sensitive",
        description: "For two strings only: set to `false` to ignore differences in letter case.",
        schema: { type: "boolean" },
        optional: true,
        default: true,
      },
    ],
    returns: {
      description: "`true` if the operands differ, `false` if they are equal, no-data if either is no-data.",
      schema: { type: ["boolean", "null"] },
    },
  },
  run: (args) => {
    const result = equals(args.x, args.y, args.delta as number | null, args.case_sensitive as boolean);
    return result === null ? null : !result;
  },
};

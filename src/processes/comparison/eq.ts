import { equals } from "../shared/compare";
import { COMPARABLE } from "../shared/schemas";
import type { ProcessImplementation } from "../types";

export const eq: ProcessImplementation = {
  spec: {
    id: "eq",
    summary: "Equal to",
    description:
      "Checks whether `x` equals `y`. Types must match exactly (the string \"1\" is not the number 1, though 1 and 1.0 are equal); NaN equals nothing, as in IEEE 754; no-data in either operand gives no-data. Temporal strings are compared as plain text.",
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
    returns: { description: "`true` if the operands are equal, `false` if not, no-data if either is no-data.", schema: { type: ["boolean", "null"] } },
  },
  run: (args) => equals(args.x, args.y, args.delta as number | null, args.case_sensitive as boolean),
};

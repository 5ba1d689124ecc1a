import { BOOLEAN_OR_NULL } from "../shared/schemas";
import { isNodata } from "../shared/values";
import type { ProcessImplementation } from "../types";

export const xor: ProcessImplementation = {
  spec: {
    id: "xor",
    summary: "Logical exclusive OR",
    description:
      "`true` if exactly one of `x` and `y` is `true`. Since the answer always depends on both values, no-data on either side makes the result no-data.",
    categories: ["logic"],
    parameters: [
      { name: "x", description: "A boolean or no-data.", schema: BOOLEAN_OR_NULL },
      { name: "y", description: "A boolean or no-data.", schema: BOOLEAN_OR_NULL },
    ],
    returns: { description: "The exclusive disjunction of `x` and `y`.", schema: { type: ["boolean", "null"] } },
  },
  run: ({ x, y }) => (isNodata(x) || isNodata(y) ? null : x !== y),
};

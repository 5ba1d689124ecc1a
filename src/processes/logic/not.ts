import { BOOLEAN_OR_NULL } from "../shared/schemas";
import { isNodata } from "../shared/values";
import type { ProcessImplementation } from "../types";

export const not: ProcessImplementation = {
  spec: {
    id: "not",
    summary: "Logical negation",
    description: "Turns `true` into `false` and `false` into `true`. No-data values are returned unchanged.",
    categories: ["logic"],
    parameters: [{ name: "x", description: "A boolean or no-data.", schema: BOOLEAN_OR_NULL }],
    returns: { description: "The negated value.", schema: { type: ["boolean", "null"] } },
  },
  run: ({ x }) => (isNodata(x) ? null : !x),
};

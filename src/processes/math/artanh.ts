import { unaryRun } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const artanh: ProcessImplementation = {
  spec: {
    id: "artanh",
    summary: "Area hyperbolic tangent",
    description: "The hyperbolic angle whose hyperbolic tangent is `x`. Following IEEE 754, ±1 gives ±∞ and input outside [-1, 1] gives NaN; no-data values are returned unchanged.",
    categories: ["math > trigonometric"],
    parameters: [{ name: "x", description: "A number between -1 and 1.", schema: { type: ["number", "null"], minimumExclusive: -1, maximumExclusive: 1 } }],
    returns: { description: "The hyperbolic angle in radians.", schema: { type: ["number", "null"] } },
  },
  run: unaryRun("x", Math.atanh),
};

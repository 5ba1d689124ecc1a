import { numberParam, unaryRun } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const tanh: ProcessImplementation = {
  spec: {
    id: "tanh",
    summary: "Hyperbolic tangent of a number",
    description: "Hyperbolic tangent of `x`. No-data values are returned unchanged.",
    categories: ["math > trigonometric"],
    parameters: [numberParam("x", "A hyperbolic angle in radians.")],
    returns: { description: "The hyperbolic tangent, strictly between -1 and 1 for finite input.", schema: { type: ["number", "null"], minimumExclusive: -1, maximumExclusive: 1 } },
  },
  run: unaryRun("x", Math.tanh),
};

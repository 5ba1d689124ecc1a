import { numberParam, unaryRun } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const cosh: ProcessImplementation = {
  spec: {
    id: "cosh",
    summary: "Hyperbolic cosine of a number",
    description: "Hyperbolic cosine of `x`. No-data values are returned unchanged.",
    categories: ["math > trigonometric"],
    parameters: [numberParam("x", "A hyperbolic angle in radians.")],
    returns: { description: "The hyperbolic cosine, at least 1.", schema: { type: ["number", "null"], minimum: 1 } },
  },
  run: unaryRun("x", Math.cosh),
};

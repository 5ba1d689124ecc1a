import { numberParam, unaryRun } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const sqrt: ProcessImplementation = {
  spec: {
    id: "sqrt",
    summary: "Square root of a number",
    description: "Gives the non-negative number whose square is `x` (the same as `x` to the power of 0.5). Negative input gives NaN; no-data values are returned unchanged.",
    categories: ["math", "math > exponential & logarithmic"],
    parameters: [numberParam("x", "Any number.")],
    returns: { description: "The square root of `x`.", schema: { type: ["number", "null"] } },
  },
  run: unaryRun("x", Math.sqrt),
};

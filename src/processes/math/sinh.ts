import { numberParam, unaryRun } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const sinh: ProcessImplementation = {
  spec: {
    id: "sinh",
    summary: "Hyperbolic sine of a number",
    description: "Hyperbolic sine of `x`. No-data values are returned unchanged.",
    categories: ["math > trigonometric"],
    parameters: [numberParam("x", "A hyperbolic angle in radians.")],
    returns: { description: "The hyperbolic sine.", schema: { type: ["number", "null"] } },
  },
  run: unaryRun("x", Math.sinh),
};

import { numberParam, unaryRun } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const arsinh: ProcessImplementation = {
  spec: {
    id: "arsinh",
    summary: "Area hyperbolic sine",
    description: "The hyperbolic angle whose hyperbolic sine is `x`. No-data values are returned unchanged.",
    categories: ["math > trigonometric"],
    parameters: [numberParam("x", "Any number.")],
    returns: { description: "The hyperbolic angle in radians.", schema: { type: ["number", "null"] } },
  },
  run: unaryRun("x", Math.asinh),
};

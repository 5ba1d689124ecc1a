import { numberParam, unaryRun } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const tan: ProcessImplementation = {
  spec: {
    id: "tan",
    summary: "Tangent of an angle",
    description: "Tangent of the angle `x` given in radians. No-data values are returned unchanged.",
    categories: ["math > trigonometric"],
    parameters: [numberParam("x", "The angle, in radians.")],
    returns: { description: "The tangent.", schema: { type: ["number", "null"] } },
  },
  run: unaryRun("x", Math.tan),
};

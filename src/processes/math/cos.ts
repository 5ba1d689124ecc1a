import { numberParam, unaryRun } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const cos: ProcessImplementation = {
  spec: {
    id: "cos",
    summary: "Cosine of an angle",
    description: "Cosine of the angle `x` given in radians. No-data values are returned unchanged.",
    categories: ["math > trigonometric"],
    parameters: [numberParam("x", "The angle, in radians.")],
    returns: { description: "The cosine, between -1 and 1.", schema: { type: ["number", "null"], minimum: -1, maximum: 1 } },
  },
  run: unaryRun("x", Math.cos),
};

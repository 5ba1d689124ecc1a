import { numberParam, unaryRun } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const sin: ProcessImplementation = {
  spec: {
    id: "sin",
    summary: "Sine of an angle",
    description: "Sine of the angle `x` given in radians. No-data values are returned unchanged.",
    categories: ["math > trigonometric"],
    parameters: [numberParam("x", "The angle, in radians.")],
    returns: { description: "The sine, between -1 and 1.", schema: { type: ["number", "null"], minimum: -1, maximum: 1 } },
  },
  run: unaryRun("x", Math.sin),
};

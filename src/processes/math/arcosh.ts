import { numberParam, unaryRun } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const arcosh: ProcessImplementation = {
  spec: {
    id: "arcosh",
    summary: "Area hyperbolic cosine",
    description: "The non-negative hyperbolic angle whose hyperbolic cosine is `x`. Input below 1 gives NaN; no-data values are returned unchanged.",
    categories: ["math > trigonometric"],
    parameters: [numberParam("x", "A number from 1 upwards.")],
    returns: { description: "The hyperbolic angle in radians, not negative.", schema: { type: ["number", "null"], minimum: 0 } },
  },
  run: unaryRun("x", Math.acosh),
};

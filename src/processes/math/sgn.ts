import { noNegativeZero, numberParam, unaryRun } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const sgn: ProcessImplementation = {
  spec: {
    id: "sgn",
    summary: "Sign of a number",
    description: "Gives 1 for positive, -1 for negative and 0 for zero input. NaN stays NaN; no-data values are returned unchanged.",
    categories: ["math"],
    parameters: [numberParam("x", "Any number.")],
    returns: { description: "The sign of `x` as -1, 0 or 1.", schema: { type: ["number", "null"], enum: [-1, 0, 1, null] } },
  },
  run: unaryRun("x", (x) => noNegativeZero(Math.sign(x))),
};

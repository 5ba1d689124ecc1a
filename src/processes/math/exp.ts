import { numberParam, unaryRun } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const exp: ProcessImplementation = {
  spec: {
    id: "exp",
    summary: "Exponential function",
    description: "Raises Euler's number *e* to the power `p`. No-data values are returned unchanged.",
    categories: ["math > exponential & logarithmic"],
    parameters: [numberParam("p", "The exponent.")],
    returns: { description: "*e* to the power `p`, always greater than zero.", schema: { type: ["number", "null"], minimumExclusive: 0 } },
  },
  run: unaryRun("p", Math.exp),
};

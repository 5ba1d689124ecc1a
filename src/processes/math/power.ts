import { binaryRun, numberParam } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const power: ProcessImplementation = {
  spec: {
    id: "power",
    summary: "Raise to a power",
    description: "Raises `base` to the power `p`. If either argument is no-data, so is the result.",
    categories: ["math", "math > exponential & logarithmic"],
    parameters: [numberParam("base", "The base."), numberParam("p", "The exponent.")],
    returns: { description: "`base` to the power `p`.", schema: { type: ["number", "null"] } },
  },
  // IEEE 754 pow(1, y) is 1 for every y; JavaScript gives NaN for 1 ** ±∞ and 1 ** NaN.
  run: binaryRun("base", "p", (base, p) => (base === 1 ? 1 : base ** p)),
};

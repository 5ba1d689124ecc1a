import { noNegativeZero, numberParam, unaryRun } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const ceil: ProcessImplementation = {
  spec: {
    id: "ceil",
    summary: "Round up",
    description: "Gives the smallest integer not less than `x`. Infinities and NaN stay as they are; no-data values are returned unchanged.",
    categories: ["math > rounding"],
    parameters: [numberParam("x", "The number to round up.")],
    returns: { description: "`x` rounded towards +∞.", schema: { type: ["integer", "null"] } },
  },
  run: unaryRun("x", (x) => noNegativeZero(Math.ceil(x))),
};

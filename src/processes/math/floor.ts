import { noNegativeZero, numberParam, unaryRun } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const floor: ProcessImplementation = {
  spec: {
    id: "floor",
    summary: "Round down",
    description: "Gives the largest integer not greater than `x` (for negative numbers this differs from int). Infinities and NaN stay as they are; no-data values are returned unchanged.",
    categories: ["math > rounding"],
    parameters: [numberParam("x", "The number to round down.")],
    returns: { description: "`x` rounded towards -∞.", schema: { type: ["integer", "null"] } },
  },
  run: unaryRun("x", (x) => noNegativeZero(Math.floor(x))),
};

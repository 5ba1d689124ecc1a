import { binaryRun, numberParam } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const subtract: ProcessImplementation = {
  spec: {
    id: "subtract",
    summary: "Difference of two numbers",
    description: "Computes `x - y` with IEEE 754 arithmetic. If either number is no-data, so is the result.",
    categories: ["math"],
    parameters: [numberParam("x", "The number to subtract from."), numberParam("y", "The number to subtract.")],
    returns: { description: "The difference.", schema: { type: ["number", "null"] } },
  },
  run: binaryRun("x", "y", (x, y) => x - y),
};

import { binaryRun, numberParam } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const add: ProcessImplementation = {
  spec: {
    id: "add",
    summary: "Sum of two numbers",
    description: "Computes `x + y` with IEEE 754 arithmetic. If either number is no-data, so is the result.",
    categories: ["math"],
    parameters: [numberParam("x", "First summand."), numberParam("y", "Second summand.")],
    returns: { description: "The sum.", schema: { type: ["number", "null"] } },
  },
  run: binaryRun("x", "y", (x, y) => x + y),
};

import { binaryRun, numberParam } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const multiply: ProcessImplementation = {
  spec: {
    id: "multiply",
    summary: "Product of two numbers",
    description: "Computes `x * y` with IEEE 754 arithmetic. If either number is no-data, so is the result.",
    categories: ["math"],
    parameters: [numberParam("x", "First factor."), numberParam("y", "Second factor.")],
    returns: { description: "The product.", schema: { type: ["number", "null"] } },
    // Declared by the official definition; with both factors required it cannot occur here.
    exceptions: { MultiplicandMissing: { message: "Two numbers are needed for a multiplication." } },
  },
  run: binaryRun("x", "y", (x, y) => x * y),
};

import { binaryRun, numberParam } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const divide: ProcessImplementation = {
  spec: {
    id: "divide",
    summary: "Quotient of two numbers",
    description:
      "Computes `x / y` with IEEE 754 arithmetic, so dividing by zero gives +∞ or -∞ (by the sign of `x`) or NaN for 0 / 0. If either number is no-data, so is the result.",
    categories: ["math"],
    parameters: [numberParam("x", "The number to divide."), numberParam("y", "The number to divide by.")],
    returns: { description: "The quotient.", schema: { type: ["number", "null"] } },
    // Declared by the official definition for environments without IEEE 754; never thrown here.
    exceptions: { DivisionByZero: { message: "Dividing by zero is not possible." } },
  },
  run: binaryRun("x", "y", (x, y) => x / y),
};

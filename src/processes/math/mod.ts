import { binaryRun, numberParam } from "../shared/math";
import type { ProcessImplementation } from "../types";

function modulo(x: number, y: number): number {
  // Division by zero is answered like divide() does: ±∞ by the sign of x, NaN for 0 (and NaN).
  if (y === 0) return x > 0 ? Infinity : x < 0 ? -Infinity : NaN;
  const remainder = x % y;
  // A finite x modulo ±∞ is x itself (as the official test vectors expect), so no sign fix-up.
  if (!Number.isFinite(y)) return remainder;
  // JavaScript's % keeps the dividend's sign; openEO's result takes the divisor's sign.
  return remainder !== 0 && remainder < 0 !== y < 0 ? remainder + y : remainder;
}

export const mod: ProcessImplementation = {
  spec: {
    id: "mod",
    summary: "Remainder of a division",
    description:
      "Remainder of `x` divided by `y`, carrying the sign of the divisor `y` (floored division), for integers and floating-point numbers alike. Dividing by zero gives +∞, -∞ or NaN like divide. If either number is no-data, so is the result.",
    categories: ["math"],
    parameters: [numberParam("x", "The dividend."), numberParam("y", "The divisor.")],
    returns: { description: "The remainder.", schema: { type: ["number", "null"] } },
    // Declared by the official definition for environments without IEEE 754; never thrown here.
    exceptions: { DivisionByZero: { message: "Dividing by zero is not possible." } },
  },
  run: binaryRun("x", "y", modulo),
};

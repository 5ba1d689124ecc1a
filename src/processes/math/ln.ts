import { unaryRun } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const ln: ProcessImplementation = {
  spec: {
    id: "ln",
    summary: "Logarithm to base e",
    description: "Logarithm of `x` to the base *e*, the inverse of exp. Following IEEE 754, 0 gives -∞ and negative input gives NaN; no-data values are returned unchanged.",
    categories: ["math > exponential & logarithmic"],
    parameters: [{ name: "x", description: "A number, meaningful from 0 upwards.", schema: { type: ["number", "null"], minimum: 0 } }],
    returns: { description: "The natural logarithm of `x`.", schema: { type: ["number", "null"] } },
  },
  run: unaryRun("x", Math.log),
};

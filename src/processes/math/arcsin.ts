import { unaryRun } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const arcsin: ProcessImplementation = {
  spec: {
    id: "arcsin",
    summary: "Arc sine",
    description: "Angle in radians whose sine is `x`. Input outside [-1, 1] gives NaN; no-data values are returned unchanged.",
    categories: ["math > trigonometric"],
    parameters: [{ name: "x", description: "A number between -1 and 1.", schema: { type: ["number", "null"], minimum: -1, maximum: 1 } }],
    returns: { description: "The angle in radians.", schema: { type: ["number", "null"] } },
  },
  run: unaryRun("x", Math.asin),
};

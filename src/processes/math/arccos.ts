import { unaryRun } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const arccos: ProcessImplementation = {
  spec: {
    id: "arccos",
    summary: "Arc cosine",
    description: "Angle in radians whose cosine is `x`. Input outside [-1, 1] gives NaN; no-data values are returned unchanged.",
    categories: ["math > trigonometric"],
    parameters: [{ name: "x", description: "A number between -1 and 1.", schema: { type: ["number", "null"], minimum: -1, maximum: 1 } }],
    returns: { description: "The angle in radians, between 0 and π.", schema: { type: ["number", "null"], minimum: 0 } },
  },
  run: unaryRun("x", Math.acos),
};

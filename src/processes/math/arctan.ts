import { numberParam, unaryRun } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const arctan: ProcessImplementation = {
  spec: {
    id: "arctan",
    summary: "Arc tangent",
    description: "Angle in radians whose tangent is `x`. No-data values are returned unchanged.",
    categories: ["math > trigonometric"],
    parameters: [numberParam("x", "Any number.")],
    returns: { description: "The angle in radians.", schema: { type: ["number", "null"] } },
  },
  run: unaryRun("x", Math.atan),
};

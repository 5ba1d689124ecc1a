import { binaryRun, numberParam } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const arctan2: ProcessImplementation = {
  spec: {
    id: "arctan2",
    summary: "Two-argument inverse tangent",
    description:
      "Angle in radians between the positive x axis and the point (`x`, `y`): like the inverse tangent of `y / x`, but the signs of both numbers select the quadrant. If either argument is no-data, so is the result.",
    categories: ["math > trigonometric"],
    parameters: [
      numberParam("y", "The y coordinate (numerator)."),
      numberParam("x", "The x coordinate (denominator)."),
    ],
    returns: { description: "The angle in radians, between -π and π.", schema: { type: ["number", "null"] } },
  },
  run: binaryRun("y", "x", Math.atan2),
};

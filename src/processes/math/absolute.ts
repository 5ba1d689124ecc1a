import { numberParam, unaryRun } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const absolute: ProcessImplementation = {
  spec: {
    id: "absolute",
    summary: "Magnitude without sign",
    description: "Gives the magnitude of `x` without its sign, |x|. No-data values are returned unchanged.",
    categories: ["math"],
    parameters: [numberParam("x", "Any number.")],
    returns: { description: "The magnitude of `x`.", schema: { type: ["number", "null"], minimum: 0 } },
  },
  run: unaryRun("x", Math.abs),
};

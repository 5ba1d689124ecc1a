import { isNodata } from "../shared/values";
import type { ProcessImplementation } from "../types";

export const int: ProcessImplementation = {
  spec: {
    id: "int",
    summary: "Integer part",
    description:
      "Drops the fractional part of `x`, i.e. rounds towards zero (for negative numbers this differs from floor). Infinities stay as they are; NaN has no integer part and gives no-data; no-data values are returned unchanged.",
    categories: ["math", "math > rounding"],
    parameters: [{ name: "x", description: "Any number.", schema: { type: ["number", "null"] } }],
    returns: { description: "The integer part of `x`.", schema: { type: ["integer", "null"] } },
  },
  // The result type is integer-or-null, so NaN maps to no-data (as the official tests expect).
  run: (args) => {
    const x = args.x;
    if (isNodata(x) || Number.isNaN(x)) return null;
    const truncated = Math.trunc(x as number);
    return truncated === 0 ? 0 : truncated;
  },
};

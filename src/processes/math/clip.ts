import { OpenEOError } from "../../errors";
import { isNodata } from "../shared/values";
import type { ProcessImplementation } from "../types";

export const clip: ProcessImplementation = {
  spec: {
    id: "clip",
    summary: "Limit a number to a range",
    description:
      "Replaces values below `min` with `min` and values above `max` with `max`; values in between stay. Fails with MinMaxSwapped if `max` is smaller than `min`. NaN stays NaN; no-data values are returned unchanged.",
    categories: ["math"],
    parameters: [
      { name: "x", description: "The number to limit.", schema: { type: ["number", "null"] } },
      { name: "min", description: "Lower bound; smaller values become this.", schema: { type: "number" } },
      { name: "max", description: "Upper bound; larger values become this.", schema: { type: "number" } },
    ],
    returns: { description: "`x` limited to [`min`, `max`].", schema: { type: ["number", "null"] } },
    exceptions: { MinMaxSwapped: { message: "The maximum must not be smaller than the minimum." } },
  },
  run: (args) => {
    const [min, max] = [args.min as number, args.max as number];
    if (max < min) {
      throw OpenEOError.processException("MinMaxSwapped", `The maximum ${max} is smaller than the minimum ${min}.`);
    }
    // Math.max/min propagate NaN in x, min or max, which is the IEEE 754 answer.
    return isNodata(args.x) ? null : Math.min(Math.max(args.x as number, min), max);
  },
};

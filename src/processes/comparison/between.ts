import { isNodata } from "../shared/values";
import type { ProcessImplementation } from "../types";

export const between: ProcessImplementation = {
  spec: {
    id: "between",
    summary: "Within a range",
    description:
      "Checks whether `x` lies in [`min`, `max`], or in [`min`, `max`) when `exclude_max` is set; the same as combining gte and lte (or lt) with and. Values that are not numbers are never in range, and a range with `min` above `max` contains nothing. No-data values are returned unchanged.",
    categories: ["comparison"],
    parameters: [
      { name: "x", description: "The value to test; no-data is returned as is.", schema: {} },
      { name: "min", description: "Lower bound, always included.", schema: { type: "number" } },
      { name: "max", description: "Upper bound, included unless `exclude_max` is set.", schema: { type: "number" } },
      {
        name: "exclude_max",
        description: "Set to `true` to leave `max` itself out of the range.",
        schema: { type: "boolean" },
        optional: true,
        default: false,
      },
    ],
    returns: {
      description: "`true` if `x` is within the range, no-data if `x` is no-data, `false` otherwise.",
      schema: { type: ["boolean", "null"] },
    },
  },
  run: (args) => {
    const x = args.x;
    if (isNodata(x)) return null;
    if (typeof x !== "number") return false;
    const [min, max] = [args.min as number, args.max as number];
    return x >= min && (args.exclude_max ? x < max : x <= max);
  },
};

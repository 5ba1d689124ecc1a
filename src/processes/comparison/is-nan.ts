import type { ProcessImplementation } from "../types";

export const isNan: ProcessImplementation = {
  spec: {
    id: "is_nan",
    summary: "Is NaN",
    description:
      "Checks whether `x` is the IEEE 754 number NaN (not a number). Everything else, including no-data, strings such as \"NaN\" and arrays containing NaN, gives `false`.",
    categories: ["comparison", "math > constants"],
    parameters: [{ name: "x", description: "The value to test.", schema: {} }],
    returns: { description: "`true` only for NaN.", schema: { type: "boolean" } },
  },
  run: (args) => Number.isNaN(args.x),
};

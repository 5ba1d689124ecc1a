import type { ProcessImplementation } from "../types";

export const isInfinite: ProcessImplementation = {
  spec: {
    id: "is_infinite",
    summary: "Is positive or negative infinity",
    description:
      "Checks whether `x` is one of the IEEE 754 numbers +∞ and -∞. Finite numbers, NaN, no-data, booleans, strings such as \"Infinity\" and arrays or objects holding infinities all give `false`.",
    categories: ["comparison"],
    experimental: true,
    parameters: [{ name: "x", description: "The value to test; any type.", schema: {} }],
    returns: { description: "`true` only for +∞ and -∞.", schema: { type: "boolean" } },
  },
  run: (args) => args.x === Infinity || args.x === -Infinity,
};

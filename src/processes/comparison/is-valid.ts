import { isNodata } from "../shared/values";
import type { ProcessImplementation } from "../types";

export const isValid: ProcessImplementation = {
  spec: {
    id: "is_valid",
    summary: "Is a valid value",
    description:
      "Checks whether `x` is usable data: numbers must be finite (not NaN, not ±∞); any other value is valid unless it is no-data. Strings, arrays and objects are valid whatever they contain.",
    categories: ["comparison"],
    parameters: [{ name: "x", description: "The value to test.", schema: {} }],
    returns: { description: "`true` for valid values, `false` otherwise.", schema: { type: "boolean" } },
  },
  run: (args) => {
    const x = args.x;
    if (isNodata(x)) return false;
    return typeof x === "number" ? Number.isFinite(x) : true;
  },
};

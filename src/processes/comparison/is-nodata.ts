import { isNodata } from "../shared/values";
import type { ProcessImplementation } from "../types";

export const isNodataProcess: ProcessImplementation = {
  spec: {
    id: "is_nodata",
    summary: "Is no-data",
    description:
      "Checks whether `x` is a no-data value (`null` here). NaN only counts as no-data where a data cube declares it so; arrays are never no-data, even if all their elements are.",
    categories: ["comparison"],
    parameters: [{ name: "x", description: "The value to test.", schema: {} }],
    returns: { description: "`true` for no-data, `false` otherwise.", schema: { type: "boolean" } },
  },
  run: (args) => isNodata(args.x),
};

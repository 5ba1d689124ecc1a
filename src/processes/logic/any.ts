import { isNodata } from "../shared/values";
import type { ProcessImplementation } from "../types";

export const any: ProcessImplementation = {
  spec: {
    id: "any",
    summary: "Is any value true?",
    description:
      "`true` if at least one element of `data` is `true`, so an empty array gives `false`. By default no-data elements are skipped. With `ignore_nodata` set to `false` the elements are combined pairwise like or(): any `true` still decides, otherwise a no-data element paired with another element makes the result no-data.",
    categories: ["logic", "reducer"],
    parameters: [
      { name: "data", description: "Booleans, possibly with no-data.", schema: { type: "array", items: { type: ["boolean", "null"] } } },
      {
        name: "ignore_nodata",
        description: "Skip no-data elements (the default); set to `false` to let them count.",
        schema: { type: "boolean" },
        optional: true,
        default: true,
      },
    ],
    returns: { description: "Whether any element is true.", schema: { type: ["boolean", "null"] } },
  },
  run: (args) => {
    const data = args.data as (boolean | null)[];
    if (data.includes(true)) return true;
    // As in all(): a lone no-data value has no partner, so any([null], ignore_nodata=false) is false.
    const nodataCounts = !args.ignore_nodata && data.length > 1;
    return nodataCounts && data.some(isNodata) ? null : false;
  },
};

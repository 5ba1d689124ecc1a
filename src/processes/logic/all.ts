import { isNodata } from "../shared/values";
import type { ProcessImplementation } from "../types";

export const all: ProcessImplementation = {
  spec: {
    id: "all",
    summary: "Are all values true?",
    description:
      "`true` if no element of `data` is `false`, so an empty array gives `true`. By default no-data elements are skipped. With `ignore_nodata` set to `false` the elements are combined pairwise like and(): any `false` still decides, otherwise a no-data element paired with another element makes the result no-data.",
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
    returns: { description: "Whether all elements are true.", schema: { type: ["boolean", "null"] } },
  },
  run: (args) => {
    const data = args.data as (boolean | null)[];
    if (data.includes(false)) return false;
    // A lone no-data value has no partner to be combined with, so it cannot make the result
    // no-data (the official tests expect all([null], ignore_nodata=false) to be true).
    const nodataCounts = !args.ignore_nodata && data.length > 1;
    return nodataCounts && data.some(isNodata) ? null : true;
  },
};

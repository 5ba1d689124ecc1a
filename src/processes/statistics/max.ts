import { IGNORE_NODATA, NUMBER_ARRAY } from "../shared/schemas";
import { numbersOf } from "../shared/statistics";
import type { ProcessImplementation } from "../types";

export const max: ProcessImplementation = {
  spec: {
    id: "max",
    summary: "Largest value",
    description:
      "The largest number in `data`. NaN in the data gives NaN. By default no-data elements are skipped; with `ignore_nodata` set to `false` any no-data element makes the result no-data. An empty array, or one holding only no-data, gives no-data.",
    categories: ["math", "math > statistics", "reducer"],
    parameters: [
      { name: "data", description: "The numbers, possibly with no-data.", schema: NUMBER_ARRAY },
      IGNORE_NODATA,
    ],
    returns: { description: "The maximum.", schema: { type: ["number", "null"] } },
  },
  run: (args) => {
    const numbers = numbersOf(args.data as unknown[], args.ignore_nodata as boolean);
    if (numbers === null || numbers.length === 0) return null;
    // Once NaN is taken it stays, as no comparison with NaN is true.
    return numbers.reduce((high, x) => (x > high || Number.isNaN(x) ? x : high));
  },
};

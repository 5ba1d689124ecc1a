import { IGNORE_NODATA, NUMBER_ARRAY } from "../shared/schemas";
import { numbersOf } from "../shared/statistics";
import type { ProcessImplementation } from "../types";

export const mean: ProcessImplementation = {
  spec: {
    id: "mean",
    summary: "Arithmetic mean",
    description:
      "The average of the numbers in `data`: their sum divided by their count. By default no-data elements are skipped; with `ignore_nodata` set to `false` any no-data element makes the result no-data. An empty array, or one holding only no-data, gives no-data.",
    categories: ["math > statistics", "reducer"],
    parameters: [
      { name: "data", description: "The numbers, possibly with no-data.", schema: NUMBER_ARRAY },
      IGNORE_NODATA,
    ],
    returns: { description: "The mean.", schema: { type: ["number", "null"] } },
  },
  run: (args) => {
    const numbers = numbersOf(args.data as unknown[], args.ignore_nodata as boolean);
    if (numbers === null || numbers.length === 0) return null;
    return numbers.reduce((total, x) => total + x, 0) / numbers.length;
  },
};

import { IGNORE_NODATA, NUMBER_ARRAY } from "../shared/schemas";
import { numbersOf, sampleVariance } from "../shared/statistics";
import type { ProcessImplementation } from "../types";

export const sd: ProcessImplementation = {
  spec: {
    id: "sd",
    summary: "Sample standard deviation",
    description:
      "The sample standard deviation of the numbers in `data`, i.e. the square root of their sample variance: how widely they spread around their mean. Infinite values give NaN; a single number gives NaN. By default no-data elements are skipped; with `ignore_nodata` set to `false` any no-data element makes the result no-data. An empty array, or one holding only no-data, gives no-data.",
    categories: ["math > statistics", "reducer"],
    parameters: [
      { name: "data", description: "The numbers, possibly with no-data.", schema: NUMBER_ARRAY },
      IGNORE_NODATA,
    ],
    returns: { description: "The sample standard deviation.", schema: { type: ["number", "null"] } },
  },
  run: (args) => {
    const numbers = numbersOf(args.data as unknown[], args.ignore_nodata as boolean);
    return numbers === null || numbers.length === 0 ? null : Math.sqrt(sampleVariance(numbers));
  },
};

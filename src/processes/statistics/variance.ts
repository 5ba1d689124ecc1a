import { IGNORE_NODATA, NUMBER_ARRAY } from "../shared/schemas";
import { numbersOf, sampleVariance } from "../shared/statistics";
import type { ProcessImplementation } from "../types";

export const variance: ProcessImplementation = {
  spec: {
    id: "variance",
    summary: "Sample variance",
    description:
      "The sample variance of the numbers in `data`: the summed squared deviations from the mean divided by the count minus one (the square of sd). Infinite values give NaN; a single number has no sample variance (NaN). By default no-data elements are skipped; with `ignore_nodata` set to `false` any no-data element makes the result no-data. An empty array, or one holding only no-data, gives no-data.",
    categories: ["math > statistics", "reducer"],
    parameters: [
      { name: "data", description: "The numbers, possibly with no-data.", schema: NUMBER_ARRAY },
      IGNORE_NODATA,
    ],
    returns: { description: "The sample variance.", schema: { type: ["number", "null"] } },
  },
  run: (args) => {
    const numbers = numbersOf(args.data as unknown[], args.ignore_nodata as boolean);
    return numbers === null || numbers.length === 0 ? null : sampleVariance(numbers);
  },
};

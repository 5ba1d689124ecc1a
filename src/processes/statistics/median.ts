import { IGNORE_NODATA, NUMBER_ARRAY } from "../shared/schemas";
import { ascending, medianAt, numbersOf } from "../shared/statistics";
import type { ProcessImplementation } from "../types";

function medianOf(numbers: number[]): number {
  if (numbers.some(Number.isNaN)) return NaN;
  const sorted = ascending(numbers);
  return medianAt(sorted.length, (k) => sorted[k]!);
}

export const median: ProcessImplementation = {
  spec: {
    id: "median",
    summary: "Median",
    description:
      "The middle value of the sorted numbers in `data`, or the mean of the two middle values for an even count (the 0.5 quantile). NaN in the data gives NaN. By default no-data elements are skipped; with `ignore_nodata` set to `false` any no-data element makes the result no-data. An empty array, or one holding only no-data, gives no-data.",
    categories: ["math > statistics", "reducer"],
    parameters: [
      { name: "data", description: "The numbers, possibly with no-data.", schema: NUMBER_ARRAY },
      IGNORE_NODATA,
    ],
    returns: { description: "The median.", schema: { type: ["number", "null"] } },
  },
  run: (args) => {
    const numbers = numbersOf(args.data as unknown[], args.ignore_nodata as boolean);
    return numbers === null || numbers.length === 0 ? null : medianOf(numbers);
  },
};

import { IGNORE_NODATA, NUMBER_ARRAY } from "../shared/schemas";
import { numbersOf } from "../shared/statistics";
import type { ProcessImplementation } from "../types";

export const product: ProcessImplementation = {
  spec: {
    id: "product",
    summary: "Product of numbers",
    description:
      "Multiplies all numbers in `data` with IEEE 754 arithmetic. By default no-data elements are skipped; with `ignore_nodata` set to `false` any no-data element makes the result no-data. An empty array, or one holding only no-data, gives no-data.",
    categories: ["math", "reducer"],
    parameters: [
      { name: "data", description: "The numbers, possibly with no-data.", schema: NUMBER_ARRAY },
      IGNORE_NODATA,
    ],
    returns: { description: "The product.", schema: { type: ["number", "null"] } },
  },
  run: (args) => {
    const numbers = numbersOf(args.data as unknown[], args.ignore_nodata as boolean);
    return numbers === null || numbers.length === 0 ? null : numbers.reduce((total, x) => total * x, 1);
  },
};

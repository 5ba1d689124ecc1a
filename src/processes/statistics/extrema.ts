import { NUMBER_ARRAY } from "../shared/schemas";
import { numbersOf } from "../shared/statistics";
import type { ProcessImplementation } from "../types";

export const extrema: ProcessImplementation = {
  spec: {
    id: "extrema",
    summary: "Minimum and maximum",
    description:
      "Gives `[min, max]` of the numbers in `data` in one pass, the same as calling min and max. NaN in the data gives NaN for both. By default no-data elements are skipped; with `ignore_nodata` set to `false` any no-data element gives two no-data values, as does an empty array.",
    categories: ["math > statistics"],
    parameters: [
      { name: "data", description: "The numbers, possibly with no-data.", schema: NUMBER_ARRAY },
      {
        name: "ignore_nodata",
        description: "Skip no-data elements (the default); set to `false` to let any no-data element make both results no-data.",
        schema: { type: "boolean" },
        optional: true,
        default: true,
      },
    ],
    returns: {
      description: "The minimum and the maximum, in this order.",
      schema: [
        { type: "array", minItems: 2, maxItems: 2, items: { type: "number" } },
        { type: "array", minItems: 2, maxItems: 2, items: { type: "null" } },
      ],
    },
  },
  run: (args) => {
    const numbers = numbersOf(args.data as unknown[], args.ignore_nodata as boolean);
    if (numbers === null || numbers.length === 0) return [null, null];
    if (numbers.some(Number.isNaN)) return [NaN, NaN];
    let [low, high] = [Infinity, -Infinity];
    for (const x of numbers) {
      if (x < low) low = x;
      if (x > high) high = x;
    }
    return [low, high];
  },
};

import { SORTABLE_ARRAY } from "../shared/schemas";
import { sortedPositions } from "../shared/sorting";
import type { ProcessImplementation } from "../types";

export const order: ProcessImplementation = {
  spec: {
    id: "order",
    summary: "Sorting permutation",
    description:
      "Gives the zero-based positions of the elements of `data` in sorted order (ascending by default), i.e. the permutation that rearrange applies to sort the array. Dates and date-times are compared as points in time, not as text. Equal elements keep their original order. No-data elements are left out, or put at the end or start according to `nodata`.",
    categories: ["arrays", "sorting"],
    parameters: [
      { name: "data", description: "Numbers, dates or date-times, possibly with no-data.", schema: SORTABLE_ARRAY },
      {
        name: "asc",
        description: "Ascending order (the default); `false` for descending.",
        schema: { type: "boolean" },
        optional: true,
        default: true,
      },
      {
        name: "nodata",
        description: "No-data elements: left out (`null`, the default), placed last (`true`) or first (`false`).",
        schema: { type: ["boolean", "null"] },
        optional: true,
        default: null,
      },
    ],
    returns: { description: "The positions in sorted order.", schema: { type: "array", items: { type: "integer", minimum: 0 } } },
  },
  run: (args) => sortedPositions(args.data as unknown[], args.asc as boolean, args.nodata as boolean | null),
};

import { labelsOf, withLabels } from "../shared/labels";
import { SORTABLE_ARRAY } from "../shared/schemas";
import { sortedPositions } from "../shared/sorting";
import type { ProcessImplementation } from "../types";

export const sort: ProcessImplementation = {
  spec: {
    id: "sort",
    summary: "Sort an array",
    description:
      "Sorts `data` in ascending (default) or descending order. Dates and date-times are compared as points in time, not as text. Equal elements keep their original order. No-data elements are left out, or put at the end or start according to `nodata`. Labels move with their elements.",
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
    returns: { description: "The elements in sorted order.", schema: SORTABLE_ARRAY },
  },
  run: (args) => {
    const data = args.data as unknown[];
    const positions = sortedPositions(data, args.asc as boolean, args.nodata as boolean | null);
    const labels = labelsOf(data);
    return withLabels(
      positions.map((i) => data[i]),
      labels && positions.map((i) => labels[i]!),
    );
  },
};

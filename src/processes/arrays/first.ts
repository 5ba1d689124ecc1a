import { isNodata } from "../shared/values";
import type { ProcessImplementation } from "../types";

export const first: ProcessImplementation = {
  spec: {
    id: "first",
    summary: "First array element",
    description:
      "Gives the first element of `data` that is not no-data, or simply the first element if `ignore_nodata` is `false`. An empty array, or one holding only no-data, gives no-data. NaN is a value, not no-data.",
    categories: ["arrays", "reducer"],
    parameters: [
      { name: "data", description: "An array of any values.", schema: { type: "array", items: {} } },
      {
        name: "ignore_nodata",
        description: "Skip leading no-data elements (the default); set to `false` to take the first element as it is.",
        schema: { type: "boolean" },
        optional: true,
        default: true,
      },
    ],
    returns: { description: "The first (valid) element, or no-data.", schema: {} },
  },
  run: (args) => {
    const data = args.data as unknown[];
    return (args.ignore_nodata ? data.find((value) => !isNodata(value)) : data[0]) ?? null;
  },
};

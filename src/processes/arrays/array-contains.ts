import { equals } from "../shared/compare";
import { isNodata } from "../shared/values";
import type { ProcessImplementation } from "../types";

export const arrayContains: ProcessImplementation = {
  spec: {
    id: "array_contains",
    summary: "Does the array contain a value?",
    description:
      "Checks whether some element of `data` equals `value` according to eq: types must match exactly, NaN matches nothing and temporal strings are compared as text. Looking for no-data always gives `false`; use array_find for the position of a match.",
    categories: ["arrays", "comparison", "reducer"],
    parameters: [
      { name: "data", description: "The array to search.", schema: { type: "array", items: {} } },
      {
        name: "value",
        description: "The value to look for; no-data is never found.",
        schema: { type: ["number", "boolean", "string", "null"] },
      },
    ],
    returns: { description: "`true` if a matching element exists.", schema: { type: "boolean" } },
  },
  run: (args) =>
    !isNodata(args.value) && (args.data as unknown[]).some((element) => equals(element, args.value) === true),
};

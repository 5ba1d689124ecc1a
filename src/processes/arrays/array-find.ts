import { equals } from "../shared/compare";
import type { ProcessImplementation } from "../types";

export const arrayFind: ProcessImplementation = {
  spec: {
    id: "array_find",
    summary: "Position of a value in an array",
    description:
      "Gives the zero-based position of the first element of `data` that equals `value` according to eq (types must match exactly, NaN matches nothing, temporal strings are plain text), or of the last one with `reverse`. Gives no-data if nothing matches, and always for no-data, arrays or objects as `value`.",
    categories: ["arrays", "reducer"],
    parameters: [
      { name: "data", description: "The array to search.", schema: { type: "array", items: {} } },
      { name: "value", description: "The value to look for.", schema: {} },
      {
        name: "reverse",
        description: "Give the position of the last match instead of the first.",
        schema: { type: "boolean" },
        optional: true,
        default: false,
      },
    ],
    returns: {
      description: "The position of the match, or no-data.",
      schema: [{ type: "null" }, { type: "integer", minimum: 0 }],
    },
  },
  run: (args) => {
    const data = args.data as unknown[];
    // equals() is false for arrays, objects and null as `value`, so those never match.
    const matches = (element: unknown) => equals(element, args.value) === true;
    const positions = [...data.keys()];
    const position = (args.reverse ? positions.reverse() : positions).find((i) => matches(data[i]));
    return position ?? null;
  },
};

import { toText } from "../shared/values";
import type { ProcessImplementation } from "../types";

const SCALAR = { type: ["string", "number", "boolean", "null"] };

export const textConcat: ProcessImplementation = {
  spec: {
    id: "text_concat",
    summary: "Join texts",
    description:
      "Joins the elements of `data` into one text with `separator` between neighbours. Numbers, booleans and no-data are written as text first (e.g. `1`, `-1.5`, `true`, `null`).",
    categories: ["texts"],
    parameters: [
      { name: "data", description: "The elements to join.", schema: { type: "array", items: SCALAR } },
      {
        name: "separator",
        description: "Put between two elements; empty by default.",
        schema: SCALAR,
        optional: true,
        default: "",
      },
    ],
    returns: { description: "The joined text.", schema: { type: "string" } },
  },
  run: (args) => (args.data as unknown[]).map(toText).join(toText(args.separator)),
};

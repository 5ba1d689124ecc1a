import { budgetOf } from "../../budget";
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
  run: (args, ctx) => {
    const texts = (args.data as unknown[]).map(toText);
    const separator = toText(args.separator);
    const length = texts.reduce((sum, text) => sum + text.length, 0) + separator.length * Math.max(0, texts.length - 1);
    // Two bytes per UTF-16 code unit: what V8 needs for a text that is not all Latin-1.
    budgetOf(ctx).reserve(length * 2, () => `the joined text (${length.toLocaleString("en")} characters)`);
    return texts.join(separator);
  },
};

import { OpenEOError } from "../../errors";
import { labelsOf } from "../shared/labels";
import type { ProcessImplementation } from "../types";

export const arrayElement: ProcessImplementation = {
  spec: {
    id: "array_element",
    summary: "Pick one array element",
    description:
      "Gives the element at the zero-based `index`, or the element with the given `label` of a labeled array. Exactly one of `index` and `label` must be given. An index or label that does not exist is an error unless `return_nodata` asks for no-data instead.",
    categories: ["arrays", "reducer"],
    parameters: [
      { name: "data", description: "The array.", schema: { type: "array", items: {} } },
      {
        name: "index",
        description: "Zero-based position of the element.",
        schema: { type: "integer", minimum: 0 },
        optional: true,
      },
      {
        name: "label",
        description: "Label of the element; only for labeled arrays.",
        schema: [{ type: "number" }, { type: "string" }],
        optional: true,
      },
      {
        name: "return_nodata",
        description: "Give no-data instead of failing when the element does not exist.",
        schema: { type: "boolean" },
        optional: true,
        default: false,
      },
    ],
    returns: { description: "The selected element.", schema: {} },
    exceptions: {
      ArrayElementNotAvailable: { message: "The array has no element at this index or with this label." },
      ArrayElementParameterMissing: { message: "array_element needs either `index` or `label`." },
      ArrayElementParameterConflict: { message: "array_element takes `index` or `label`, not both." },
      ArrayNotLabeled: { message: "The array has no labels, so `label` cannot be used; use `index`." },
    },
  },
  run: (args) => {
    const data = args.data as unknown[];
    const { index, label } = args;
    if (index === undefined && label === undefined) {
      throw OpenEOError.processException("ArrayElementParameterMissing", "Give either `index` or `label`.");
    }
    if (index !== undefined && label !== undefined) {
      throw OpenEOError.processException("ArrayElementParameterConflict", "Give `index` or `label`, not both.");
    }
    let position = index as number;
    if (label !== undefined) {
      const labels = labelsOf(data);
      if (labels === null) {
        const message = "The array has no labels; use `index` instead of `label`.";
        throw OpenEOError.processException("ArrayNotLabeled", message);
      }
      position = labels.indexOf(label as string | number);
    }
    if (Number.isInteger(position) && position >= 0 && position < data.length) return data[position];
    if (args.return_nodata) return null;
    const what = label !== undefined ? `label ${JSON.stringify(label)}` : `index ${String(index)}`;
    throw OpenEOError.processException("ArrayElementNotAvailable", `The array has no element with ${what}.`);
  },
};

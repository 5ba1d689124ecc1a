import { OpenEOError } from "../../errors";
import { labelsOf, withLabels } from "../shared/labels";
import { LABEL_OR_NULL } from "../shared/schemas";
import type { ProcessImplementation } from "../types";

export const arrayAppend: ProcessImplementation = {
  spec: {
    id: "array_append",
    summary: "Add an element at the end",
    description:
      "Gives a copy of `data` with `value` added as the last element. For labeled arrays the new element gets `label`, or its position (the array's old length) if no label is given; a label that already exists fails with LabelExists. A label for an array without labels fails with ArrayNotLabeled.",
    categories: ["arrays"],
    parameters: [
      { name: "data", description: "The array.", schema: { type: "array", items: {} } },
      { name: "value", description: "The element to add.", schema: {} },
      {
        name: "label",
        description: "Label of the new element (labeled arrays only); its position by default.",
        schema: LABEL_OR_NULL,
        optional: true,
        default: null,
      },
    ],
    returns: { description: "The longer array.", schema: { type: "array", items: {} } },
    exceptions: {
      LabelExists: { message: "The array already has an element with this label." },
      ArrayNotLabeled: { message: "The array has no labels, so no label can be given for the new element." },
    },
  },
  run: (args) => {
    const data = args.data as unknown[];
    const labels = labelsOf(data);
    const values = [...data, args.value];
    if (labels === null) {
      if (args.label !== null) {
        throw OpenEOError.processException("ArrayNotLabeled", "A label was given, but the array has no labels.");
      }
      return values;
    }
    const label = (args.label ?? data.length) as string | number;
    if (labels.includes(label)) {
      throw OpenEOError.processException("LabelExists", `The array already has the label ${JSON.stringify(label)}.`);
    }
    return withLabels(values, [...labels, label]);
  },
};

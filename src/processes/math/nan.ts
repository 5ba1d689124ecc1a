import type { ProcessImplementation } from "../types";

export const nan: ProcessImplementation = {
  spec: {
    id: "nan",
    summary: "The number NaN",
    description:
      "Gives the IEEE 754 value NaN (not a number), which is neither finite nor infinite. In a data cube NaN is how a pixel without data is stored, so writing it into a cube marks that pixel as no-data.",
    categories: ["math > constants"],
    experimental: true,
    parameters: [],
    returns: { description: "NaN; JSON Schema has no way to describe it, so no schema constrains it.", schema: {} },
  },
  run: () => NaN,
};

import type { ProcessImplementation } from "../types";

export const constant: ProcessImplementation = {
  spec: {
    id: "constant",
    summary: "A fixed value",
    description: "Returns its argument unchanged, so that one value can be named once and used in several places of a process graph.",
    categories: ["math > constants"],
    parameters: [{ name: "x", description: "Any value.", schema: {} }],
    returns: { description: "`x` as given.", schema: {} },
  },
  run: (args) => args.x,
};

import { binaryRun, numberParam } from "../shared/math";
import type { ProcessImplementation } from "../types";

/** Exact built-ins for the common bases, the change-of-base formula otherwise. */
function logarithm(x: number, base: number): number {
  if (base === 10) return Math.log10(x);
  if (base === 2) return Math.log2(x);
  return Math.log(x) / Math.log(base);
}

export const log: ProcessImplementation = {
  spec: {
    id: "log",
    summary: "Logarithm to any base",
    description:
      "Logarithm of `x` to the given `base`, the inverse of raising `base` to a power. Following IEEE 754, `x` = 0 gives -∞ and negative `x` gives NaN. If either argument is no-data, so is the result.",
    categories: ["math > exponential & logarithmic"],
    parameters: [
      { name: "x", description: "A number, meaningful from 0 upwards.", schema: { type: ["number", "null"], minimum: 0 } },
      numberParam("base", "The base of the logarithm."),
    ],
    returns: { description: "The logarithm of `x` to `base`.", schema: { type: ["number", "null"] } },
  },
  run: binaryRun("x", "base", logarithm),
};

import { isNodata } from "../shared/values";
import type { ProcessImplementation } from "../types";

/** Rounds half to even at integer precision. */
function roundHalfEven(x: number): number {
  const rounded = Math.round(x);
  // Math.round rounds halves up; pull an odd result of an exact half back to the even neighbour.
  return Math.abs(x % 1) === 0.5 && rounded % 2 !== 0 ? rounded - 1 : rounded;
}

/**
 * Rounds to `p` decimals. Scaling with an exact power of ten (multiplying for p ≥ 0, dividing
 * for p < 0) makes decimal halves such as 0.35 at p = 1 land on 3.5, as the definition expects.
 */
function roundTo(x: number, p: number): number {
  if (!Number.isFinite(x)) return x;
  const factor = 10 ** Math.abs(p);
  const result = p >= 0 ? roundHalfEven(x * factor) / factor : roundHalfEven(x / factor) * factor;
  return result === 0 ? 0 : result;
}

export const round: ProcessImplementation = {
  spec: {
    id: "round",
    summary: "Round to a precision",
    description:
      "Rounds `x` to `p` decimal places; a negative `p` rounds to tens, hundreds and so on. Exact halves go to the even neighbour (banker's rounding, as in IEEE 754). No-data values are returned unchanged.",
    categories: ["math > rounding"],
    parameters: [
      { name: "x", description: "The number to round.", schema: { type: ["number", "null"] } },
      {
        name: "p",
        description: "Decimal places to keep; negative values round to powers of ten (-2: nearest hundred).",
        schema: { type: "integer" },
        optional: true,
        default: 0,
      },
    ],
    returns: { description: "`x` rounded to `p` decimals.", schema: { type: ["number", "null"] } },
  },
  run: (args) => (isNodata(args.x) ? null : roundTo(args.x as number, args.p as number)),
};

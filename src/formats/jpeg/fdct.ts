/**
 * The 8x8 forward DCT by the Arai-Agui-Nakajima factorisation in floating point (5 multiplications
 * per 8 samples), rows then columns. Its outputs are the true coefficients times 8 and a scale per
 * row and column frequency; `quantDivisors` folds those scales into the quantisers, so that
 * quantising costs one multiplication per coefficient.
 */
import { ZIGZAG } from "./tables";

/** cos(k pi / 16) * sqrt(2) for k = 1..7, and 1 for k = 0: AAN's scale of frequency k. */
const AAN_SCALE = Float64Array.from({ length: 8 }, (_, k) => (k === 0 ? 1 : Math.cos((k * Math.PI) / 16) * Math.SQRT2));

/** The multipliers that turn `fdct`'s outputs (natural order) into quantised coefficients. */
export function quantDivisors(quant: Uint8Array): Float64Array {
  return Float64Array.from(quant, (q, i) => 1 / (q * AAN_SCALE[i >> 3]! * AAN_SCALE[i & 7]! * 8));
}

const C2 = Math.cos((2 * Math.PI) / 16);
const C4 = Math.cos((4 * Math.PI) / 16);
const C6 = Math.cos((6 * Math.PI) / 16);
const C2_MINUS_C6 = C2 - C6;
const C2_PLUS_C6 = C2 + C6;

/** One 1-D transform of the 8 values at `o`, `o + step`, ... in place. */
function pass(b: Float64Array, o: number, step: number): void {
  const d0 = b[o]!;
  const d1 = b[o + step]!;
  const d2 = b[o + 2 * step]!;
  const d3 = b[o + 3 * step]!;
  const d4 = b[o + 4 * step]!;
  const d5 = b[o + 5 * step]!;
  const d6 = b[o + 6 * step]!;
  const d7 = b[o + 7 * step]!;
  const s07 = d0 + d7;
  const s16 = d1 + d6;
  const s25 = d2 + d5;
  const s34 = d3 + d4;
  const t07 = d0 - d7;
  const t16 = d1 - d6;
  const t25 = d2 - d5;
  const t34 = d3 - d4;
  // Even part: a 4-point DCT of the sums.
  const e0 = s07 + s34;
  const e3 = s07 - s34;
  const e1 = s16 + s25;
  const e2 = s16 - s25;
  b[o] = e0 + e1;
  b[o + 4 * step] = e0 - e1;
  const r = (e2 + e3) * C4;
  b[o + 2 * step] = e3 + r;
  b[o + 6 * step] = e3 - r;
  // Odd part: the differences, rotated.
  const a0 = t34 + t25;
  const a1 = t25 + t16;
  const a2 = t16 + t07;
  const z5 = (a0 - a2) * C6;
  const z2 = a0 * C2_MINUS_C6 + z5;
  const z4 = a2 * C2_PLUS_C6 + z5;
  const z3 = a1 * C4;
  const z11 = t07 + z3;
  const z13 = t07 - z3;
  b[o + 5 * step] = z13 + z2;
  b[o + 3 * step] = z13 - z2;
  b[o + step] = z11 + z4;
  b[o + 7 * step] = z11 - z4;
}

/** Transforms a block of level-shifted samples (row-major) in place. */
export function fdct(block: Float64Array): void {
  for (let row = 0; row < 64; row += 8) pass(block, row, 1);
  for (let col = 0; col < 8; col++) pass(block, col, 8);
}

/**
 * Quantises `fdct`'s output into `out` in zig-zag order, rounding half up as libjpeg's float path
 * does: offset to positive, truncated (cheaper than Math.round), offset back. Coefficients of 8-bit
 * samples stay far inside the offset of 16384.
 */
export function quantise(block: Float64Array, divisors: Float64Array, out: Int32Array): void {
  for (let k = 0; k < 64; k++) {
    const i = ZIGZAG[k]!;
    out[k] = ((block[i]! * divisors[i]! + 16384.5) | 0) - 16384;
  }
}

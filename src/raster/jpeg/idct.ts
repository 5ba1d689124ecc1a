/**
 * The 8x8 inverse DCT with the arithmetic of libjpeg's "islow" method (JDCT_ISLOW, the default of
 * libjpeg and libjpeg-turbo, which GDAL decodes with): the Loeffler-Ligtenberg-Moschytz
 * factorisation in integers, 13-bit constants, two extra bits between the passes, rounding shifts,
 * and the same clamping of the output. Matching it makes our pixels GDAL's, not merely close.
 */
const CONST_BITS = 13;
const PASS1_BITS = 2;
const F_0_298 = 2446;
const F_0_390 = 3196;
const F_0_541 = 4433;
const F_0_765 = 6270;
const F_0_899 = 7373;
const F_1_175 = 9633;
const F_1_501 = 12299;
const F_1_847 = 15137;
const F_1_961 = 16069;
const F_2_053 = 16819;
const F_2_562 = 20995;
const F_3_072 = 25172;

const workspace = new Int32Array(64);

/**
 * Output clamping as libjpeg's post-IDCT range table does it: the value plus 128, within 0..255
 * for values within +-512 of the centre; beyond that the table wraps (index & 1023), as there.
 */
const RANGE = Uint8Array.from({ length: 1024 }, (_, v) => (v < 128 ? v + 128 : v < 512 ? 255 : v < 896 ? 0 : v - 896));

function rangeLimit(x: number): number {
  return RANGE[x & 1023]!;
}

/**
 * Dequantises `coefficients` (natural order) with `quant` and writes the 8x8 block of samples to
 * `out` at `offset`, `stride` samples a row.
 */
export function idctIslow(coefficients: Int16Array, quant: Uint16Array, out: Uint8Array, offset: number, stride: number): void {
  const ws = workspace;
  for (let c = 0; c < 8; c++) {
    if (
      coefficients[8 + c] === 0 && coefficients[16 + c] === 0 && coefficients[24 + c] === 0 && coefficients[32 + c] === 0 &&
      coefficients[40 + c] === 0 && coefficients[48 + c] === 0 && coefficients[56 + c] === 0
    ) {
      const dc = (coefficients[c]! * quant[c]!) << PASS1_BITS;
      for (let r = 0; r < 64; r += 8) ws[r + c] = dc;
      continue;
    }
    pass(
      coefficients[c]! * quant[c]!, coefficients[8 + c]! * quant[8 + c]!, coefficients[16 + c]! * quant[16 + c]!, coefficients[24 + c]! * quant[24 + c]!,
      coefficients[32 + c]! * quant[32 + c]!, coefficients[40 + c]! * quant[40 + c]!, coefficients[48 + c]! * quant[48 + c]!, coefficients[56 + c]! * quant[56 + c]!,
      CONST_BITS - PASS1_BITS,
    );
    for (let r = 0; r < 8; r++) ws[r * 8 + c] = result[r]!;
  }
  const shift = CONST_BITS + PASS1_BITS + 3;
  for (let r = 0; r < 8; r++) {
    const w = r * 8;
    const o = offset + r * stride;
    if (ws[w + 1] === 0 && ws[w + 2] === 0 && ws[w + 3] === 0 && ws[w + 4] === 0 && ws[w + 5] === 0 && ws[w + 6] === 0 && ws[w + 7] === 0) {
      out[o] = out[o + 1] = out[o + 2] = out[o + 3] = out[o + 4] = out[o + 5] = out[o + 6] = out[o + 7] = rangeLimit((ws[w]! + (1 << (PASS1_BITS + 2))) >> (PASS1_BITS + 3));
      continue;
    }
    pass(ws[w]!, ws[w + 1]!, ws[w + 2]!, ws[w + 3]!, ws[w + 4]!, ws[w + 5]!, ws[w + 6]!, ws[w + 7]!, shift);
    for (let k = 0; k < 8; k++) out[o + k] = rangeLimit(result[k]!);
  }
}

const result = new Int32Array(8);

/**
 * A block without AC coefficients: both passes of the islow IDCT take their all-zero shortcuts,
 * so every sample is the rounded DC term (dequantised `dc`), clamped as there.
 */
export function flatBlock(dc: number, out: Uint8Array, offset: number, stride: number): void {
  const value = rangeLimit(((dc << PASS1_BITS) + (1 << (PASS1_BITS + 2))) >> (PASS1_BITS + 3));
  for (let r = 0, o = offset; r < 8; r++, o += stride) {
    out[o] = out[o + 1] = out[o + 2] = out[o + 3] = out[o + 4] = out[o + 5] = out[o + 6] = out[o + 7] = value;
  }
}

/** One 1-D pass over eight values; the outputs, shifted right by `shift` with rounding, go to `result`. */
function pass(i0: number, i1: number, i2: number, i3: number, i4: number, i5: number, i6: number, i7: number, shift: number): void {
  // Even part.
  let z1 = (i2 + i6) * F_0_541;
  const even2 = z1 - i6 * F_1_847;
  const even3 = z1 + i2 * F_0_765;
  const even0 = (i0 + i4) * (1 << CONST_BITS);
  const even1 = (i0 - i4) * (1 << CONST_BITS);
  const t10 = even0 + even3;
  const t13 = even0 - even3;
  const t11 = even1 + even2;
  const t12 = even1 - even2;
  // Odd part.
  z1 = i7 + i1;
  let z2 = i5 + i3;
  let z3 = i7 + i3;
  let z4 = i5 + i1;
  const z5 = (z3 + z4) * F_1_175;
  let o0 = i7 * F_0_298;
  let o1 = i5 * F_2_053;
  let o2 = i3 * F_3_072;
  let o3 = i1 * F_1_501;
  z1 *= -F_0_899;
  z2 *= -F_2_562;
  z3 = z3 * -F_1_961 + z5;
  z4 = z4 * -F_0_390 + z5;
  o0 += z1 + z3;
  o1 += z2 + z4;
  o2 += z2 + z3;
  o3 += z1 + z4;
  const round = 1 << (shift - 1);
  result[0] = (t10 + o3 + round) >> shift;
  result[7] = (t10 - o3 + round) >> shift;
  result[1] = (t11 + o2 + round) >> shift;
  result[6] = (t11 - o2 + round) >> shift;
  result[2] = (t12 + o1 + round) >> shift;
  result[5] = (t12 - o1 + round) >> shift;
  result[3] = (t13 + o0 + round) >> shift;
  result[4] = (t13 - o0 + round) >> shift;
}

import { CogFormatError } from "./cog-errors";

const CLEAR = 256;
const EOI = 257;
const FIRST_FREE = 258;
const MAX_CODES = 4096;

/**
 * TIFF LZW decoding (MSB-first codes of 9 to 12 bits, widened one code early as libtiff does).
 * Strings are kept as prefix links, so no per-code arrays are allocated; `expected` bounds the output.
 */
export function lzwDecode(input: Uint8Array, expected: number): Uint8Array {
  const prefix = new Int16Array(MAX_CODES);
  const suffix = new Uint8Array(MAX_CODES);
  const first = new Uint8Array(MAX_CODES);
  const length = new Uint16Array(MAX_CODES);
  for (let i = 0; i < 256; i++) {
    suffix[i] = i;
    first[i] = i;
    length[i] = 1;
  }
  const out = new Uint8Array(expected);
  const totalBits = input.length * 8;
  let pos = 0;
  let bit = 0;
  let width = 9;
  let next = FIRST_FREE;
  let previous = -1;
  while (bit + width <= totalBits && pos < expected) {
    // Read `width` bits MSB-first from up to three bytes.
    const byte = bit >>> 3;
    const window = ((input[byte]! << 16) | ((input[byte + 1] ?? 0) << 8) | (input[byte + 2] ?? 0)) >>> 0;
    const code = (window >>> (24 - (bit & 7) - width)) & ((1 << width) - 1);
    bit += width;
    if (code === EOI) break;
    if (code === CLEAR) {
      width = 9;
      next = FIRST_FREE;
      previous = -1;
      continue;
    }
    if (previous === -1) {
      if (code > 255) throw new CogFormatError("corrupt LZW data");
      out[pos++] = code;
      previous = code;
      continue;
    }
    const known = code < next;
    if (!known && code !== next) throw new CogFormatError("corrupt LZW data");
    // A code not yet in the table is the previous string plus its own first byte.
    const head = known ? first[code]! : first[previous]!;
    if (next < MAX_CODES) {
      prefix[next] = previous;
      suffix[next] = head;
      first[next] = first[previous]!;
      length[next] = length[previous]! + 1;
      next++;
    }
    pos = writeString(out, pos, code, prefix, suffix, length);
    if (next + 1 >= 1 << width && width < 12) width++;
    previous = code;
  }
  return out;
}

/** Writes the string of `code` (walking prefix links backwards) at `pos`; answers the new position. */
function writeString(out: Uint8Array, pos: number, code: number, prefix: Int16Array, suffix: Uint8Array, length: Uint16Array): number {
  const n = length[code]!;
  let at = pos + n - 1;
  let c = code;
  while (at >= pos) {
    if (at < out.length) out[at] = suffix[c]!;
    c = prefix[c]!;
    at--;
  }
  return pos + n;
}

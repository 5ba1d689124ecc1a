/**
 * TIFF PackBits decoding (Apple's byte-oriented run-length code): a header byte n of 0..127 copies
 * the next n + 1 bytes, -127..-1 repeats the next byte 1 - n times, -128 is skipped. The output is
 * the tile's `expected` size: a run past the end is cut there (as libtiff does, so a hostile run
 * can't grow the tile), and data that ends early leaves zeros.
 */
export function packBitsDecode(input: Uint8Array, expected: number): Uint8Array {
  const out = new Uint8Array(expected);
  let pos = 0;
  let i = 0;
  while (i < input.length && pos < expected) {
    const header = (input[i++]! << 24) >> 24;
    if (header >= 0) {
      const count = Math.min(header + 1, input.length - i, expected - pos);
      out.set(input.subarray(i, i + count), pos);
      i += header + 1;
      pos += count;
    } else if (header !== -128) {
      if (i >= input.length) break;
      const count = Math.min(1 - header, expected - pos);
      out.fill(input[i++]!, pos, pos + count);
      pos += count;
    }
  }
  return out;
}

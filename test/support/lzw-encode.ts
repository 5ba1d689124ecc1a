/**
 * TIFF LZW encoding as libtiff does it (MSB-first codes, a Clear code first, widening one code
 * early, a Clear when the table fills), to make LZW test tiles. Not tuned for speed.
 */
export function lzwEncode(input: Uint8Array): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  let width = 9;
  const put = (code: number): void => {
    acc = (acc << width) | code;
    bits += width;
    while (bits >= 8) {
      out.push((acc >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    acc &= (1 << bits) - 1;
  };
  let table = new Map<number, number>();
  let next = 258;
  put(256);
  let current = -1;
  for (const byte of input) {
    if (current === -1) {
      current = byte;
      continue;
    }
    const key = current * 256 + byte;
    const known = table.get(key);
    if (known !== undefined) {
      current = known;
      continue;
    }
    put(current);
    table.set(key, next++);
    current = byte;
    if (next === 4094) {
      put(256);
      table = new Map();
      next = 258;
      width = 9;
    } else if (next > (1 << width) - 1) {
      width++;
    }
  }
  if (current !== -1) {
    put(current);
    next++;
    if (next > (1 << width) - 1 && width < 12) width++;
  }
  put(257);
  if (bits > 0) out.push((acc << (8 - bits)) & 0xff);
  return Uint8Array.from(out);
}

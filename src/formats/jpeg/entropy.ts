/**
 * Huffman coding of quantised blocks (T.81 F.1.2): each block's DC as a difference from the
 * previous block of its component, then its AC coefficients as runs of zeros and sizes, into a
 * byte stream in which every 0xFF byte is followed by a stuffed zero.
 */
import type { HuffmanSpec } from "./tables";

/** Per symbol: its code and the code's length in bits (0 for a symbol the table lacks). */
export interface HuffmanCodes {
  codes: Uint16Array;
  lengths: Uint8Array;
}

/** The canonical codes of a DHT table (T.81 annex C): consecutive codes per length, doubled between lengths. */
export function huffmanCodes(spec: HuffmanSpec): HuffmanCodes {
  const codes = new Uint16Array(256);
  const lengths = new Uint8Array(256);
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < spec.counts[length - 1]!; i++, k++, code++) {
      codes[spec.symbols[k]!] = code;
      lengths[spec.symbols[k]!] = length;
    }
    code <<= 1;
  }
  return { codes, lengths };
}

/** The most bytes one block can take: at most 64 codes, each with its value at most 27 bits, each byte possibly stuffed. */
const MAX_BLOCK_BYTES = 2 * Math.ceil((64 * 27) / 8);

export class BitWriter {
  bytes: Uint8Array;
  length = 0;
  private bits = 0;
  private count = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(capacity, 1024));
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = new Uint8Array(this.bytes.length * 2 + n);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** Appends bytes as they are (marker segments, outside the entropy-coded data). */
  raw(data: ArrayLike<number>): void {
    this.reserve(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  /** Appends the low `n` (at most 24) bits of `value`, most significant first. */
  put(value: number, n: number): void {
    // Fewer than 8 bits wait here between calls, so 31 bits at most are ever held.
    this.bits = (this.bits << n) | (value & ((1 << n) - 1));
    this.count += n;
    while (this.count >= 8) {
      this.count -= 8;
      const byte = (this.bits >>> this.count) & 0xff;
      this.bytes[this.length++] = byte;
      if (byte === 0xff) this.bytes[this.length++] = 0;
    }
    this.bits &= (1 << this.count) - 1;
  }

  /** Completes the last byte with one bits (T.81 F.1.2.3), as the end of a scan wants. */
  flush(): void {
    if (this.count > 0) this.put(0x7f, 8 - this.count);
  }
}

/** The size category of a value: how many bits its magnitude takes (0 for 0). */
function category(v: number): number {
  return 32 - Math.clz32(v < 0 ? -v : v);
}

/**
 * Codes a symbol and the `size` bits of its value after it: the value itself when positive, its
 * one's complement when negative; in one `put` when they fit.
 */
function putCoded(writer: BitWriter, table: HuffmanCodes, symbol: number, v: number, size: number): void {
  const length = table.lengths[symbol]!;
  const bits = (v < 0 ? v - 1 : v) & ((1 << size) - 1);
  if (length + size <= 24) writer.put((table.codes[symbol]! << size) | bits, length + size);
  else {
    writer.put(table.codes[symbol]!, length);
    writer.put(bits, size);
  }
}

/** Codes one quantised block (zig-zag order); answers its DC, which the next block's is coded against. */
export function encodeBlock(writer: BitWriter, block: Int32Array, previousDc: number, dc: HuffmanCodes, ac: HuffmanCodes): number {
  // Room for the whole block first, so that `put` needn't check.
  writer.reserve(MAX_BLOCK_BYTES);
  const diff = block[0]! - previousDc;
  const dcSize = category(diff);
  putCoded(writer, dc, dcSize, diff, dcSize);
  let run = 0;
  for (let k = 1; k < 64; k++) {
    const v = block[k]!;
    if (v === 0) {
      run++;
      continue;
    }
    // Sixteen zeros at a time go as ZRL (0xF0).
    while (run > 15) {
      writer.put(ac.codes[0xf0]!, ac.lengths[0xf0]!);
      run -= 16;
    }
    const size = category(v);
    putCoded(writer, ac, (run << 4) | size, v, size);
    run = 0;
  }
  // Trailing zeros: end of block.
  if (run > 0) writer.put(ac.codes[0x00]!, ac.lengths[0x00]!);
  return block[0]!;
}

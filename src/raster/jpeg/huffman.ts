import { CogFormatError } from "../cog-errors";

/** A Huffman table (DHT): a 9-bit lookup for the short codes, canonical limits for the rest. */
export interface HuffmanTable {
  /** Per 9-bit prefix: code length << 8 | symbol, or 0 when the code is longer. */
  fast: Uint16Array;
  /** Per length 1..16: the largest code of that length, -1 when none. */
  maxCode: Int32Array;
  /** Per length: index into `symbols` of its first code minus that code. */
  offset: Int32Array;
  symbols: Uint8Array;
}

const FAST_BITS = 9;

export function buildHuffmanTable(counts: Uint8Array, symbols: Uint8Array): HuffmanTable {
  const fast = new Uint16Array(1 << FAST_BITS);
  const maxCode = new Int32Array(18).fill(-1);
  const offset = new Int32Array(18);
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    const n = counts[length - 1]!;
    offset[length] = k - code;
    for (let i = 0; i < n; i++, k++, code++) {
      if (length <= FAST_BITS) {
        const first = code << (FAST_BITS - length);
        fast.fill((length << 8) | symbols[k]!, first, first + (1 << (FAST_BITS - length)));
      }
    }
    if (n > 0) maxCode[length] = code - 1;
    if (code > 1 << length) throw new CogFormatError("corrupt JPEG data (an impossible Huffman table)");
    code <<= 1;
  }
  maxCode[17] = 0x7fffffff;
  return { fast, maxCode, offset, symbols };
}

/**
 * Reads the entropy-coded bits of a scan: skips stuffed zero bytes after 0xFF and stops at a
 * marker, after which it supplies zero bits, as libjpeg does for data that ends early.
 */
export class BitReader {
  private bits = 0;
  private count = 0;
  /** The marker that stopped the reading (0xD0-0xD7 for restarts), or -1. */
  marker = -1;

  constructor(private readonly data: Uint8Array, public pos: number) {}

  private fill(): void {
    while (this.count <= 24) {
      let byte = 0;
      if (this.marker < 0 && this.pos < this.data.length) {
        byte = this.data[this.pos++]!;
        if (byte === 0xff) {
          const next = this.data[this.pos];
          if (next === 0) this.pos++;
          else {
            this.marker = next ?? 0xd9;
            this.pos--;
            byte = 0;
          }
        }
      }
      this.bits = (this.bits << 8) | byte;
      this.count += 8;
    }
  }

  /** The next `n` (1..16) bits as an unsigned number. */
  read(n: number): number {
    if (this.count < n) this.fill();
    this.count -= n;
    return (this.bits >>> this.count) & ((1 << n) - 1);
  }

  /** Decodes one symbol. */
  decode(table: HuffmanTable): number {
    if (this.count < 16) this.fill();
    const entry = table.fast[(this.bits >>> (this.count - FAST_BITS)) & ((1 << FAST_BITS) - 1)]!;
    if (entry !== 0) {
      this.count -= entry >> 8;
      return entry & 0xff;
    }
    let code = (this.bits >>> (this.count - FAST_BITS)) & ((1 << FAST_BITS) - 1);
    let length = FAST_BITS;
    this.count -= FAST_BITS;
    while (code > table.maxCode[length]!) {
      code = (code << 1) | this.read(1);
      length++;
    }
    if (length > 16) throw new CogFormatError("corrupt JPEG data (a bad Huffman code)");
    return table.symbols[code + table.offset[length]!]!;
  }

  /** A value of `n` bits in JPEG's sign-magnitude-like coding (T.81 F.2.2.1 EXTEND). */
  receiveExtend(n: number): number {
    if (n === 0) return 0;
    const v = this.read(n);
    return v < 1 << (n - 1) ? v - (1 << n) + 1 : v;
  }

  /**
   * After a restart interval: drops the bits left of the last byte and skips the RSTn marker,
   * which may lie ahead of what has been read (only padding bits come before it).
   */
  restart(): void {
    this.bits = 0;
    this.count = 0;
    const data = this.data;
    if (this.marker < 0) {
      while (this.pos + 1 < data.length && !(data[this.pos] === 0xff && data[this.pos + 1]! >= 0xd0 && data[this.pos + 1]! <= 0xd7)) this.pos++;
      this.pos = Math.min(this.pos + 2, data.length);
    } else if (this.marker >= 0xd0 && this.marker <= 0xd7) {
      this.pos += 2;
      this.marker = -1;
    }
  }
}

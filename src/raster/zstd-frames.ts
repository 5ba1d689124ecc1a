import { CogFormatError } from "./cog-errors";

const FRAME_MAGIC = 0xfd2fb528;
/** Skippable frames: 0x184D2A50-0x184D2A5F. */
const SKIPPABLE = 0x184d2a5;
/** RFC 8878: no block decompresses to more than 128 KiB. */
const MAX_BLOCK = 128 * 1024;

/**
 * Walks the frames and block headers of a Zstandard stream before fzstd decodes it, so that what
 * fzstd allocates follows the tile, not the stream's claims: fzstd's streaming decoder allocates
 * each frame's whole window (a header may claim up to 2 GiB) and copies it after every block.
 * A frame declaring more content than the tile is refused; a window larger than the tile (or
 * 128 KiB) is rewritten down to that size in a copy, which can't change the output since no match
 * reaches further back than the tile's bytes. Dictionaries, reserved bits and blocks over 128 KiB
 * are refused, as libzstd refuses them.
 */
export function boundFrames(input: Uint8Array, expected: number): Uint8Array {
  const cap = 2 ** Math.ceil(Math.log2(Math.max(expected, MAX_BLOCK)));
  let data = input;
  let pos = 0;
  while (pos < data.length) {
    if (pos + 8 > data.length) throw corrupt("a truncated frame");
    const magic = (data[pos]! | (data[pos + 1]! << 8) | (data[pos + 2]! << 16) | (data[pos + 3]! << 24)) >>> 0;
    if (magic >>> 4 === SKIPPABLE) {
      pos += 8 + ((data[pos + 4]! | (data[pos + 5]! << 8) | (data[pos + 6]! << 16) | (data[pos + 7]! << 24)) >>> 0);
      continue;
    }
    if (magic !== FRAME_MAGIC) throw corrupt("no frame magic number");
    const fhd = data[pos + 4]!;
    const singleSegment = (fhd >> 5) & 1;
    const checksum = (fhd >> 2) & 1;
    if (fhd & 8) throw corrupt("reserved bit set");
    if (fhd & 3) throw new CogFormatError("ZSTD frames with a dictionary are not supported");
    let at = pos + 5;
    if (!singleSegment) {
      const descriptor = data[at]!;
      const base = 2 ** (10 + (descriptor >> 3));
      if (base + (base / 8) * (descriptor & 7) > cap) {
        if (data === input) data = input.slice();
        data[at] = (Math.log2(cap) - 10) << 3;
      }
      at++;
    }
    const fcsBytes = [singleSegment, 2, 4, 8][fhd >> 6]!;
    let contentSize = 0;
    for (let i = 0; i < fcsBytes; i++) contentSize += data[at + i]! * 2 ** (8 * i);
    if (fcsBytes === 2) contentSize += 256;
    if (fcsBytes > 0 && contentSize > expected) throw new CogFormatError(`a ZSTD frame declares ${contentSize} bytes, more than the tile's ${expected}`);
    at += fcsBytes;
    for (let last = 0; !last; ) {
      if (at + 3 > data.length) throw corrupt("a truncated block");
      const header = data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16);
      last = header & 1;
      const type = (header >> 1) & 3;
      const size = header >>> 3;
      if (type === 3) throw corrupt("a reserved block type");
      if (size > MAX_BLOCK) throw corrupt("a block over 128 KiB");
      at += 3 + (type === 1 ? 1 : size);
    }
    pos = at + 4 * checksum;
  }
  return data;
}

function corrupt(what: string): CogFormatError {
  return new CogFormatError(`corrupt ZSTD data (${what})`);
}

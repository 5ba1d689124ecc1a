import { Decompress } from "fzstd";
import { CogFormatError } from "./cog-errors";

/**
 * Zstandard tile decoding (TIFF compression 50000) through fzstd, pure JavaScript, so it runs in
 * workerd, which refuses WebAssembly compiled at run time. fzstd's streaming decoder hands over one
 * block (at most 128 KiB) at a time; counting them stops a hostile frame as soon as it passes the
 * tile's size, where the one-shot call would go on writing (or dropping) bytes for every block the
 * input declares. The answer has the decoded length (a tile that ends early is padded by the caller).
 */
export function zstdDecode(input: Uint8Array, expected: number): Uint8Array {
  const out = new Uint8Array(expected);
  let pos = 0;
  const stream = new Decompress((chunk) => {
    if (pos + chunk.length > expected) throw new CogFormatError(`a ZSTD tile decompresses beyond the tile's ${expected} bytes`);
    out.set(chunk, pos);
    pos += chunk.length;
  });
  try {
    stream.push(input, true);
  } catch (error) {
    if (error instanceof CogFormatError) throw error;
    throw new CogFormatError(`corrupt ZSTD data (${error instanceof Error ? error.message : String(error)})`);
  }
  return pos === expected ? out : out.slice(0, pos);
}

/**
 * zlib compression as the writers use it (COG tiles, PNG image data), with the strategies they
 * choose from. "rle" looks for repeats of the previous byte only: after a predictor or a PNG filter
 * it is several times as fast as the default string matching for output barely larger
 * (npm run bench:deflate-strategies, bench:tile-encoding). Any inflater reads either.
 */
import { constants, deflateSync } from "node:zlib";

export type DeflateStrategy = "default" | "rle";

export function deflate(bytes: Uint8Array, level: number, strategy: DeflateStrategy = "default"): Uint8Array {
  return deflateSync(bytes, { level, strategy: strategy === "rle" ? constants.Z_RLE : constants.Z_DEFAULT_STRATEGY });
}

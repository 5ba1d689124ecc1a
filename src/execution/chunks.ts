/**
 * How a batch job's result larger than one read is cut into chunks: strips of its grid, each of
 * them computed by an invocation of its own (src/jobs/fan-out.ts), so a chunk may take a larger
 * share of a read than a synchronous strip, which shares its request with every other strip.
 */
import type { CubeTooLarge } from "../cube/materialize";
import { OpenEOError } from "../errors";
import type { Grid } from "../raster/grid";
import { stripWindows, type StripLayout } from "./strips";

/** Each chunk's cube is at most this share of one read; the rest is room for the sources it decodes. */
export const CHUNK_SHARE = 1 / 4;

/** More chunks than this is a result no job should produce in one piece. */
export const MAX_CHUNKS = 10_000;

export function chunkWindows(tooLarge: CubeTooLarge, layout: StripLayout, maxBytes: number): Grid[] {
  const windows = stripWindows(layout, maxBytes, CHUNK_SHARE);
  if (windows.length > MAX_CHUNKS) {
    throw new OpenEOError("ProcessGraphComplexity", {}, { message: `${tooLarge.message} It would take ${windows.length} chunks, more than the ${MAX_CHUNKS} a job may have; narrow the extents or bands.` });
  }
  return windows;
}

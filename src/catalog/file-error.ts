import { OpenEOError } from "../errors";
import { CogFormatError } from "../raster/cog-errors";

/**
 * A file that isn't a GeoTIFF this back-end can read (malformed, truncated, hostile, unsupported)
 * is the file's problem: 400 naming it, never the host's 502 or our 500. Other errors pass.
 */
export function fileError(error: unknown): unknown {
  if (!(error instanceof CogFormatError)) return error;
  return new OpenEOError("FileContentInvalid", { file: error.file ?? "an asset", reason: error.message }, { cause: error });
}

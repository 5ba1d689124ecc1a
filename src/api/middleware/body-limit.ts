import { bodyLimit } from "hono/body-limit";
import { OpenEOError } from "../../errors";

/** Process graphs with inline GeoJSON can be large, but nothing JSON needs more than this. */
export const MAX_JSON_BODY_BYTES = 4 * 1024 * 1024;

export const jsonBodyLimit = bodyLimit({
  maxSize: MAX_JSON_BODY_BYTES,
  onError: () => {
    throw new OpenEOError("PayloadTooLarge", { limit: MAX_JSON_BODY_BYTES });
  },
});

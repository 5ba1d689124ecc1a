import { OpenEOError } from "./errors";

/**
 * decodeURIComponent of a part of a URL the caller sent (a load_stac URL, an asset href):
 * malformed percent-encoding such as %E0%A4%A is the caller's mistake, a 400 naming the URL,
 * not a URIError.
 */
export function decodeUrlPart(part: string, url: string): string {
  try {
    return decodeURIComponent(part);
  } catch (cause) {
    throw new OpenEOError("RequestInvalid", { target: `URL ${url}`, reason: `'${part}' is not validly percent-encoded` }, { cause });
  }
}

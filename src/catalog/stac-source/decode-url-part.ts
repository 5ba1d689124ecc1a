import { invalidStac } from "./stac-errors";

/**
 * decodeURIComponent for a part of a URL that load_stac reached (its own url, a link, an asset
 * href): malformed percent-encoding such as '%E0%A4%A' is the URL's fault, a 400 naming it, not a
 * URIError.
 */
export function decodeUrlPart(part: string, url: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalidStac(`'${url}' is not validly percent-encoded`);
  }
}

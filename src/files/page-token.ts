import { OpenEOError } from "../errors";

/** A keyset cursor: the page holds the paths after or before this one, so paging survives uploads and deletions. */
export type FileCursor = { after: string } | { before: string };

function toBase64Url(text: string): string {
  const binary = String.fromCharCode(...new TextEncoder().encode(text));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function encodePageToken(cursor: FileCursor): string {
  return toBase64Url(JSON.stringify(cursor));
}

/** The cursor behind a `page` query parameter of our next/prev links (files, jobs); 400 for anything else. */
export function decodePageToken(token: string): FileCursor {
  try {
    const binary = atob(token.replace(/-/g, "+").replace(/_/g, "/"));
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
    const value = JSON.parse(text) as Record<string, unknown>;
    const keys = Object.keys(value ?? {});
    if (keys.length === 1 && typeof value.after === "string") return { after: value.after };
    if (keys.length === 1 && typeof value.before === "string") return { before: value.before };
  } catch {
    // Falls through to the error below: not base64url, not UTF-8 or not JSON.
  }
  throw new OpenEOError("RequestInvalid", { target: "query", reason: "page: not a page token of this listing." });
}

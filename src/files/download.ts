import { OpenEOError } from "../errors";
import { guessMediaType } from "./media-type";
import { parseRange, type ByteRange } from "./range";

function respond(object: R2ObjectBody, path: string, range?: ByteRange): Response {
  const headers = new Headers({
    "Content-Type": object.httpMetadata?.contentType ?? guessMediaType(path),
    "Content-Length": String(range ? range.end - range.start + 1 : object.size),
    ETag: object.httpEtag,
    "Last-Modified": object.uploaded.toUTCString(),
    "Accept-Ranges": "bytes",
    // User content is served as the type we chose, never as something a browser sniffed.
    "X-Content-Type-Options": "nosniff",
  });
  if (range) headers.set("Content-Range", `bytes ${range.start}-${range.end}/${object.size}`);
  return new Response(object.body, { status: range ? 206 : 200, headers });
}

/**
 * An R2 object as a download (GET /files/{path}, asset proxies): streamed whole or as one byte
 * range (206), honouring If-Range so a resumed download never mixes two versions; the media type
 * is the stored one or guessed from `path`. Answers null when there is no object.
 */
export async function downloadFile(
  bucket: R2Bucket,
  key: string,
  path: string,
  rangeHeader: string | undefined,
  ifRange?: string,
): Promise<Response | null> {
  const whole = async () => {
    const object = await bucket.get(key);
    return object && respond(object, path);
  };
  if (rangeHeader === undefined) return whole();
  const head = await bucket.head(key);
  if (!head) return null;
  if (ifRange !== undefined && ifRange !== head.httpEtag && ifRange !== head.uploaded.toUTCString()) return whole();
  const range = parseRange(rangeHeader, head.size);
  if (range === "unsatisfiable") {
    throw new OpenEOError("RangeNotSatisfiable", { range: rangeHeader, size: head.size }, { headers: { "Content-Range": `bytes */${head.size}` } });
  }
  if (!range) return whole();
  const part = await bucket.get(key, {
    range: { offset: range.start, length: range.end - range.start + 1 },
    onlyIf: { etagMatches: head.etag },
  });
  if (!part) return null;
  // Replaced between head and get: the whole new file is the consistent answer (RFC 9110 lets servers ignore Range).
  if (!("body" in part)) return whole();
  return respond(part, path, range);
}

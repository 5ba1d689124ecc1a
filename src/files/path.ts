import { OpenEOError } from "../errors";

/** R2 keys are at most 1024 bytes; this leaves room for the `users/<user_id>/` prefix. */
export const MAX_PATH_BYTES = 900;
/** The usual file-system limit for one file or folder name. */
export const MAX_SEGMENT_BYTES = 255;

const utf8 = new TextEncoder();
// C0 and C1 control characters, DEL included.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// Lone surrogates would be replaced when encoding to UTF-8, so two paths could share one key.
const LONE_SURROGATE = /\p{Cs}/u;

function invalid(reason: string): never {
  throw new OpenEOError("FilePathInvalid", { reason });
}

/**
 * Checks a user file path (already URL-decoded) and answers it unchanged: relative, '/'-separated,
 * no '.' or '..' segments, no empty segments, no backslashes, colons, quotes or control
 * characters, bounded in length. Validating the decoded text is what keeps encoded tricks such
 * as '%2e%2e' out.
 */
export function validateFilePath(path: string): string {
  if (path === "") invalid("the path is empty.");
  if (path.startsWith("/")) invalid("it must be relative to your root folder, without a leading '/'.");
  if (path.includes("\\")) invalid("backslashes are not allowed; separate folders with '/'.");
  // The spec's file schema rules these out (pattern of `file.path`), so listings stay valid.
  if (/[:'"]/.test(path)) invalid("':' and quotes are not allowed.");
  if (CONTROL.test(path)) invalid("control characters are not allowed.");
  if (LONE_SURROGATE.test(path)) invalid("it is not valid Unicode.");
  if (utf8.encode(path).length > MAX_PATH_BYTES) invalid(`it is longer than ${MAX_PATH_BYTES} bytes (UTF-8).`);
  for (const segment of path.split("/")) {
    if (segment === "") invalid("folder and file names must not be empty ('//' or a trailing '/').");
    if (segment === "." || segment === "..") invalid("'.' and '..' are not allowed as folder or file names.");
    if (utf8.encode(segment).length > MAX_SEGMENT_BYTES) {
      invalid(`a folder or file name is longer than ${MAX_SEGMENT_BYTES} bytes (UTF-8).`);
    }
  }
  return path;
}

/** The folders a path lies in, outermost first: a/b/c.txt -> [a, a/b]. */
export function parentFolders(path: string): string[] {
  const segments = path.split("/");
  return segments.slice(0, -1).map((_, i) => segments.slice(0, i + 1).join("/"));
}

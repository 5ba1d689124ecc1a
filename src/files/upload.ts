import { userStub } from "../api/user-store";
import type { Env } from "../env";
import { OpenEOError } from "../errors";
import type { FileEntry, Reservation } from "./file-index";
import { userFileKey } from "./keys";
import { guessMediaType } from "./media-type";
import { fileQuota, MAX_FILE_BYTES } from "./quota";

/** R2 needs a stream's length up front, so uploads must declare it. */
function declaredLength(headers: Headers): number {
  const header = headers.get("Content-Length");
  if (header === null) throw new OpenEOError("ContentLengthRequired");
  if (!/^\d+$/.test(header.trim())) {
    throw new OpenEOError("RequestInvalid", { target: "header", reason: "Content-Length must be a number of bytes." });
  }
  return Number(header.trim());
}

function refusal(reservation: Exclude<Reservation, { ok: true }>, size: number): OpenEOError {
  switch (reservation.problem) {
    case "quota":
      return new OpenEOError("StorageQuotaExceeded", {
        reason: `the upload of ${size} bytes needs more than the ${Math.max(0, reservation.quota - reservation.used)} bytes free of your ${reservation.quota} bytes.`,
      });
    case "is-folder":
      return new OpenEOError("FilePathInvalid", { reason: `'${reservation.conflict}' is a folder.` });
    case "in-file":
      return new OpenEOError("FilePathInvalid", { reason: `'${reservation.conflict}' is a file, so it can't be a folder.` });
  }
}

/** How workerd reports a body shorter or longer than its Content-Length, or a client gone mid-upload. */
const BROKEN_BODY = /FixedLengthStream|request stream/;

/**
 * Streams the request body into R2 through a FixedLengthStream of the declared length: nothing
 * is buffered, and a body shorter or longer than declared fails the put instead of being stored.
 */
async function putStream(bucket: R2Bucket, key: string, body: ReadableStream | null, size: number, path: string): Promise<R2Object> {
  const httpMetadata = { contentType: guessMediaType(path) };
  if (size === 0 || body === null) {
    if (size !== 0) throw new OpenEOError("RequestInvalid", { target: "body", reason: "it is missing, though Content-Length is not 0." });
    return (await bucket.put(key, new Uint8Array(0), { httpMetadata }))!;
  }
  const fixed = new FixedLengthStream(size);
  // The pipe's failures surface through the put, which reads the other end.
  body.pipeTo(fixed.writable).catch(() => undefined);
  try {
    return (await bucket.put(key, fixed.readable, { httpMetadata }))!;
  } catch (error) {
    if (error instanceof TypeError && BROKEN_BODY.test(error.message)) {
      throw new OpenEOError("RequestInvalid", { target: "body", reason: `it did not have the ${size} bytes of its Content-Length.` }, { cause: error });
    }
    throw error;
  }
}

/**
 * PUT /files/{path}: checks size and quota against Content-Length before reading a byte, books
 * the bytes in the UserDO, streams to R2 and records the result. Usage grows by new - old size.
 */
export async function uploadFile(env: Env, userId: string, path: string, request: Request): Promise<FileEntry> {
  const size = declaredLength(request.headers);
  if (size > MAX_FILE_BYTES) throw new OpenEOError("FileSizeExceeded", { size: MAX_FILE_BYTES });
  const user = userStub(env, userId);
  const reservation = await user.reserveUpload(path, size, fileQuota(env));
  if (!reservation.ok) throw refusal(reservation, size);
  try {
    const object = await putStream(env.FILES, userFileKey(userId, path), request.body, size, path);
    const file = { path, size: object.size, modified: object.uploaded.toISOString() };
    await user.commitUpload(reservation.id, file);
    return file;
  } catch (error) {
    // Best effort: should the UserDO be unreachable too, the reservation expires by itself.
    await user.releaseUpload(reservation.id).catch(() => undefined);
    throw error;
  }
}

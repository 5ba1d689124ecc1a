import { userStub } from "../api/user-store";
import type { Env } from "../env";
import { OpenEOError } from "../errors";
import type { FileEntry, Reservation } from "./file-index";
import { userFileKey } from "./keys";
import { guessMediaType } from "./media-type";
import { fileQuota, MAX_FILE_BYTES } from "./quota";

/** The declared Content-Length, or null for a body of unknown length (chunked, as Node clients send streams). */
function declaredLength(headers: Headers): number | null {
  const header = headers.get("Content-Length");
  if (header === null) return null;
  if (!/^\d+$/.test(header.trim())) {
    throw new OpenEOError("RequestInvalid", { target: "header", reason: "Content-Length must be a number of bytes." });
  }
  return Number(header.trim());
}

export function refusal(reservation: Exclude<Reservation, { ok: true }>, size: number | null): OpenEOError {
  switch (reservation.problem) {
    case "quota":
      return new OpenEOError("StorageQuotaExceeded", {
        reason:
          size === null
            ? `none of your ${reservation.quota} bytes is free.`
            : `the upload of ${size} bytes needs more than the ${Math.max(0, reservation.quota - reservation.used)} bytes free of your ${reservation.quota} bytes.`,
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

/** Parts of an upload of unknown length: R2 wants at least 5 MiB per part but the last; one part is buffered at a time. */
const PART_BYTES = 8 * 1024 * 1024;

/**
 * Streams a body of unknown length into R2 as a multipart upload, one part buffered at a time. A
 * body longer than `limit` (the bytes booked for it) aborts the upload with `tooLarge()`.
 */
async function putChunked(bucket: R2Bucket, key: string, body: ReadableStream<Uint8Array> | null, limit: number, path: string, tooLarge: () => OpenEOError): Promise<R2Object> {
  const httpMetadata = { contentType: guessMediaType(path) };
  if (body === null) return (await bucket.put(key, new Uint8Array(0), { httpMetadata }))!;
  const upload = await bucket.createMultipartUpload(key, { httpMetadata });
  const parts: R2UploadedPart[] = [];
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let total = 0;
  const flush = async () => {
    const part = new Uint8Array(pendingBytes);
    let at = 0;
    for (const chunk of pending) part.set(chunk, (at += chunk.length) - chunk.length);
    parts.push(await upload.uploadPart(parts.length + 1, part));
    pending = [];
    pendingBytes = 0;
  };
  try {
    for await (const chunk of body) {
      total += chunk.length;
      if (total > limit) throw tooLarge();
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= PART_BYTES) await flush();
    }
    if (pendingBytes > 0 || parts.length === 0) await flush();
    return await upload.complete(parts);
  } catch (error) {
    await upload.abort().catch(() => undefined);
    if (error instanceof TypeError && BROKEN_BODY.test(error.message)) {
      throw new OpenEOError("RequestInvalid", { target: "body", reason: "the upload broke off before its end." }, { cause: error });
    }
    throw error;
  }
}

/**
 * PUT /files/{path}: checks size and quota against Content-Length before reading a byte (or, for a
 * body of unknown length, while reading it), books the bytes in the UserDO, streams to R2 and
 * records the result. Usage grows by new - old size.
 */
export async function uploadFile(env: Env, userId: string, path: string, request: Request): Promise<FileEntry> {
  const size = declaredLength(request.headers);
  if (size !== null && size > MAX_FILE_BYTES) throw new OpenEOError("FileSizeExceeded", { size: MAX_FILE_BYTES });
  return storeUserFile(env, userId, path, size, (key, booked) => {
    const tooLarge = () =>
      booked >= MAX_FILE_BYTES
        ? new OpenEOError("FileSizeExceeded", { size: MAX_FILE_BYTES })
        : new OpenEOError("StorageQuotaExceeded", { reason: `the upload is larger than the ${booked} bytes free of your quota.` });
    return size === null ? putChunked(env.FILES, key, request.body, booked, path, tooLarge) : putStream(env.FILES, key, request.body, size, path);
  });
}

/**
 * Books `size` bytes for `path` in the UserDO (null: unknown, and everything free up to the file
 * size limit is booked), stores the object with `put` (given the key and the bytes booked) and
 * records it; the booking is released if anything fails. Uploads and files the back-end writes
 * (write-file.ts) both go through here.
 */
export async function storeUserFile(env: Env, userId: string, path: string, size: number | null, put: (key: string, booked: number) => Promise<R2Object>): Promise<FileEntry> {
  const user = userStub(env, userId);
  const reservation = await user.reserveUpload(path, size, fileQuota(env), MAX_FILE_BYTES);
  if (!reservation.ok) throw refusal(reservation, size);
  try {
    const object = await put(userFileKey(userId, path), reservation.size);
    const file = { path, size: object.size, modified: object.uploaded.toISOString() };
    await user.commitUpload(reservation.id, file);
    return file;
  } catch (error) {
    // Best effort: should the UserDO be unreachable too, the reservation expires by itself.
    await user.releaseUpload(reservation.id).catch(() => undefined);
    throw error;
  }
}

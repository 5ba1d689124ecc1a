/**
 * Writes bytes the back-end computed into a user's files area, as an upload of them would be:
 * the path checked, the bytes booked against the quota in the UserDO first, then stored and
 * recorded (usage grows by new - old size).
 */
import { userStub } from "../api/user-store";
import type { Env } from "../env";
import { OpenEOError } from "../errors";
import type { FileEntry } from "./file-index";
import { userFileKey } from "./keys";
import { validateFilePath } from "./path";
import { fileQuota, MAX_FILE_BYTES } from "./quota";
import { refusal } from "./upload";

export async function writeUserFile(env: Env, userId: string, path: string, bytes: Uint8Array, mediaType: string): Promise<FileEntry> {
  validateFilePath(path);
  if (bytes.length > MAX_FILE_BYTES) throw new OpenEOError("FileSizeExceeded", { size: MAX_FILE_BYTES });
  const user = userStub(env, userId);
  const reservation = await user.reserveUpload(path, bytes.length, fileQuota(env), MAX_FILE_BYTES);
  if (!reservation.ok) throw refusal(reservation, bytes.length);
  try {
    const object = await env.FILES.put(userFileKey(userId, path), bytes, { httpMetadata: { contentType: mediaType } });
    const file = { path, size: object!.size, modified: object!.uploaded.toISOString() };
    await user.commitUpload(reservation.id, file);
    return file;
  } catch (error) {
    await user.releaseUpload(reservation.id).catch(() => undefined);
    throw error;
  }
}

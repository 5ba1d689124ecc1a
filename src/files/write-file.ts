/**
 * Writes bytes the back-end computed into a user's files area, as an upload of them would be:
 * the path checked, the bytes booked against the quota in the UserDO first, then stored and
 * recorded (usage grows by new - old size).
 */
import type { Env } from "../env";
import { OpenEOError } from "../errors";
import type { FileEntry } from "./file-index";
import { validateFilePath } from "./path";
import { MAX_FILE_BYTES } from "./quota";
import { storeUserFile } from "./upload";

export async function writeUserFile(env: Env, userId: string, path: string, bytes: Uint8Array, mediaType: string): Promise<FileEntry> {
  validateFilePath(path);
  if (bytes.length > MAX_FILE_BYTES) throw new OpenEOError("FileSizeExceeded", { size: MAX_FILE_BYTES });
  return storeUserFile(env, userId, path, bytes.length, async (key) => (await env.FILES.put(key, bytes, { httpMetadata: { contentType: mediaType } }))!);
}

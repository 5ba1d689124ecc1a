import { userStub } from "../api/user-store";
import type { Env } from "../env";
import { numberSetting } from "../settings";

/** One upload is one R2 put (at most 5 GiB); 2 GiB keeps a single request's transfer reasonable. */
export const MAX_FILE_BYTES = 2 * 1024 ** 3;
export const DEFAULT_FILE_QUOTA_BYTES = 10 * 1024 ** 3;

/** The per-user storage quota: FILE_QUOTA_BYTES, or 10 GiB. */
export function fileQuota(env: Env): number {
  return numberSetting(env, "FILE_QUOTA_BYTES", "bytes", DEFAULT_FILE_QUOTA_BYTES);
}

/** The `storage` of GET /me. */
export async function userStorage(env: Env, userId: string): Promise<{ free: number; quota: number }> {
  const quota = fileQuota(env);
  const used = await userStub(env, userId).storageUsed();
  return { free: Math.max(0, quota - used), quota };
}

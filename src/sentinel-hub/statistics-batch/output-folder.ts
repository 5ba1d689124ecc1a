/**
 * The folder a batch statistical request writes into, checked against the caller's files as they
 * are now: where it, or a folder above it, is a file, no result could be written.
 */
import { userStub } from "../../api/user-store";
import type { Env } from "../../env";
import { badRequest } from "../process-request";

export async function checkOutputFolder(env: Env, userId: string, folder: string): Promise<void> {
  if (folder === "") return;
  const file = await userStub(env, userId).fileOverFolder(folder);
  if (file !== null) throw badRequest(`output.s3.url: '${file}' is a file in your files, so no result can be written under '${folder}/'; choose another prefix.`);
}

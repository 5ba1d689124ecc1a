/**
 * Where Sentinel Hub's asynchronous and batch requests deliver: an S3 URL (s3://<bucket>/<prefix>),
 * mapped here onto the caller's own files area (/files/<prefix>/...). The bucket's name and any
 * credentials are not ours to use, so they are ignored.
 */
import { validateFilePath } from "../files/path";
import { badRequest } from "./process-request";

/** The files folder of `s3://<bucket>/<prefix>`: the prefix without its slashes at either end ("" for the bucket's root). */
export function filesFolderOf(url: unknown, at: string): string {
  const match = typeof url === "string" ? /^s3:\/\/[^/]+(\/.*)?$/.exec(url) : null;
  if (!match) throw badRequest(`${at} must be an S3 URL, s3://<bucket>/<prefix> (delivered into your files under <prefix>).`);
  const folder = (match[1] ?? "").replace(/^\/+|\/+$/g, "");
  return folder === "" ? "" : validateFilePath(folder);
}

/** A path under a folder ("" being the files area's root). */
export const underFolder = (folder: string, path: string) => (folder === "" ? path : `${folder}/${path}`);

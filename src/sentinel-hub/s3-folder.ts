/**
 * Where Sentinel Hub's asynchronous and batch requests deliver: an S3 URL (s3://<bucket>/<prefix>),
 * mapped here onto the caller's own files area (/files/<prefix>/...). The bucket's name and any
 * credentials are not ours to use, so they are ignored.
 */
import { OpenEOError } from "../errors";
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

/** An id of the length the requests' ids have (UUIDs), to check paths before the request has its own. */
export const SAMPLE_REQUEST_ID = "00000000-0000-0000-0000-000000000000";

/** Checks a path a request will deliver to, at POST rather than once it runs: a 400 naming `at` and the path. */
export function checkDeliveryPath(path: string, at: string): void {
  try {
    validateFilePath(path);
  } catch (error) {
    if (error instanceof OpenEOError && error.code === "FilePathInvalid") throw badRequest(`${at} would deliver to '${path}', which is not a valid path in your files: ${error.message}`);
    throw error;
  }
}

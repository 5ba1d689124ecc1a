/**
 * Small whole files a process reads (a UDF's script): the user's own files by path, or an https
 * URL, through the same byte sources as assets, with their deadlines, and never more than asked.
 */
import { OpenEOError } from "../errors";
import { validateFilePath } from "../files/path";
import { assetByteSource, type AssetSourceContext } from "./asset-source";

/**
 * The address of a path in the user's files: a root of their own, so /a, a and ./a are one file;
 * a path that leaves it names none (FileNotFound).
 */
export function userFileHref(path: string, apiBase: string): string {
  let checked: string;
  try {
    checked = validateFilePath(path.replace(/^(\.\/|\/)+/, ""));
  } catch {
    throw new OpenEOError("FileNotFound", { file: path });
  }
  return `${apiBase}/files/${checked.split("/").map(encodeURIComponent).join("/")}`;
}

export async function readSmallFile(reference: string, maxBytes: number, ctx: AssetSourceContext): Promise<Uint8Array> {
  const href = /^https?:\/\//i.test(reference) ? reference : userFileHref(reference, ctx.apiBase);
  const source = await assetByteSource({ href }, ctx);
  const bytes = await source.read(0, maxBytes + 1);
  if (bytes.length > maxBytes) throw new OpenEOError("FileSizeExceeded", { size: maxBytes });
  return bytes;
}

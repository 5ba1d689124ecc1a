/**
 * Small whole files a process reads (a UDF's script): the user's own files by path, or an https
 * URL, through the same byte sources as assets, with their deadlines, and never more than asked.
 */
import { OpenEOError } from "../errors";
import { validateFilePath } from "../files/path";
import { assetByteSource, type AssetSourceContext } from "./asset-source";

export async function readSmallFile(reference: string, maxBytes: number, ctx: AssetSourceContext): Promise<Uint8Array> {
  let href = reference;
  if (!/^https?:\/\//i.test(reference)) {
    // The user's files are a root of their own: /a, a and ./a are one file; a path that leaves it names none.
    let path: string;
    try {
      path = validateFilePath(reference.replace(/^(\.\/|\/)+/, ""));
    } catch {
      throw new OpenEOError("FileNotFound", { file: reference });
    }
    href = `${ctx.apiBase}/files/${path.split("/").map(encodeURIComponent).join("/")}`;
  }
  const source = await assetByteSource({ href }, ctx);
  const bytes = await source.read(0, maxBytes + 1);
  if (bytes.length > maxBytes) throw new OpenEOError("FileSizeExceeded", { size: maxBytes });
  return bytes;
}

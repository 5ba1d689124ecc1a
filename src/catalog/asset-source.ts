import { OpenEOError } from "../errors";
import type { ReadDeadlines } from "../net/bounded-fetch";
import { remoteUrlRefusal, type PrivateHosts } from "../net/remote-url";
import { userFileKey } from "../files/keys";
import type { ByteSource } from "../raster/byte-source";
import { HttpByteSource } from "../raster/http-byte-source";
import { R2ByteSource } from "../raster/r2-byte-source";
import { COLLECTIONS_PREFIX } from "./sources/ingested-source";
import { decodeUrlPart } from "./stac-source/decode-url-part";
import { userFileRefPath } from "./user-file-ref";

/**
 * This back-end's batch job results, read from R2 where they are stored: a Worker can't fetch its
 * own URLs. Each answers undefined for a URL that isn't one of them.
 */
export interface OwnResults {
  /** The STAC document (results Item or Collection, or a file's Item) at a results URL of this API. */
  document(url: string): Promise<unknown | undefined>;
  /** The bytes of a result file behind a signed link of this API. */
  asset(href: string): Promise<ByteSource | undefined>;
}

export interface AssetSourceContext {
  data: R2Bucket;
  files: R2Bucket;
  /** Origin + API prefix of this back-end, such as https://host/v1. */
  apiBase: string;
  /** The user whose files /files/... URLs refer to. */
  userId?: string;
  ownResults?: OwnResults;
  /** Deadlines of each HTTPS range request; bounded-fetch's defaults when absent. */
  deadlines?: Partial<ReadDeadlines>;
  /** The run's signal, which stops HTTPS reads in flight. */
  signal?: AbortSignal;
  /** Private hosts the operator lets assets be read from (REMOTE_PRIVATE_HOSTS); none when absent. */
  privateHosts?: PrivateHosts;
}

/**
 * The byte source behind an asset: ingested objects and the user's own files are read from R2
 * directly (named by this API's URL or by a user-file reference), anything else over HTTP(S) with
 * range requests, if remote-url.ts lets the user's href (and each redirect) be read.
 */
export async function assetByteSource(asset: { href: string; "file:checksum"?: unknown }, ctx: AssetSourceContext): Promise<ByteSource> {
  const { href } = asset;
  if (href.startsWith(COLLECTIONS_PREFIX)) {
    // Ingested objects carry their checksum, so the header cache needs no extra round trip to stay fresh.
    const checksum = asset["file:checksum"];
    return new R2ByteSource(ctx.data, href, { bucketName: "data", ...(typeof checksum === "string" ? { etag: checksum } : {}) });
  }
  const filesPrefix = `${ctx.apiBase}/files/`;
  const filePath = userFileRefPath(href) ?? (href.startsWith(filesPrefix) ? href.slice(filesPrefix.length).split(/[?#]/)[0]! : undefined);
  if (filePath !== undefined && ctx.userId) {
    const key = userFileKey(ctx.userId, decodeUrlPart(filePath, href));
    const source = await R2ByteSource.open(ctx.files, key, "files");
    if (!source) throw new OpenEOError("FileNotFound", { file: decodeUrlPart(filePath, href) });
    return source;
  }
  const result = await ctx.ownResults?.asset(href);
  if (result) return result;
  if (/^https?:\/\//i.test(href)) {
    const { deadlines, signal, privateHosts } = ctx;
    const refused = remoteUrlRefusal(href, privateHosts);
    if (refused) throw new OpenEOError("ProcessParameterInvalid", {}, { message: `The URL ${href} is not read: ${refused}.` });
    const refuseHop = (url: string) => remoteUrlRefusal(url, privateHosts);
    return new HttpByteSource(href, { ...(deadlines ? { deadlines } : {}), ...(signal ? { signal } : {}), refuseHop });
  }
  throw new OpenEOError("NotFound", {}, { message: `The asset ${href} can't be read: only http(s) URLs and this back-end's own data are.` });
}

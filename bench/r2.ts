import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getPlatformProxy } from "wrangler";
import type { RangeReadableBucket } from "../src/raster/r2-byte-source";

/** Local R2 state outside the project, kept between runs so the 400 MB of COGs upload once. */
export const R2_PERSIST = join(tmpdir(), "openeo-edge-bench-r2");
export const R2_BUCKET = "bench";

export interface LocalR2 {
  bucket: RangeReadableBucket;
  /** ETags by key, as a catalog would know them; they make the header-cache keys. */
  etags: Map<string, string>;
  uploadedMB: number;
  close(): Promise<void>;
}

/**
 * The local R2 bucket of wrangler's platform proxy (a workerd process, as `wrangler dev` uses),
 * with `files` (key -> local path) uploaded unless an object of the same size is already there.
 * A throw-away config with only the bucket binding keeps the proxy from starting anything else.
 */
export async function openLocalR2(files: Map<string, string>): Promise<LocalR2> {
  const dir = mkdtempSync(join(tmpdir(), "openeo-bench-"));
  const configPath = join(dir, "wrangler.json");
  writeFileSync(configPath, JSON.stringify({ name: "bench", compatibility_date: "2026-11-01", r2_buckets: [{ binding: "DATA", bucket_name: R2_BUCKET }] }));
  const proxy = await getPlatformProxy<{ DATA: R2Bucket }>({ configPath, persist: { path: R2_PERSIST }, remoteBindings: false });
  const bucket = proxy.env.DATA;
  const etags = new Map<string, string>();
  let uploaded = 0;
  for (const [key, path] of files) {
    const size = statSync(path).size;
    let head = await bucket.head(key);
    if (head?.size !== size) {
      await bucket.put(key, readFileSync(path));
      uploaded += size;
      head = await bucket.head(key);
    }
    etags.set(key, head!.etag);
  }
  return {
    bucket,
    etags,
    uploadedMB: uploaded / 1e6,
    close: async () => {
      await proxy.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

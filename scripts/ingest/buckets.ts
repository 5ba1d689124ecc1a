import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getPlatformProxy, unstable_readConfig } from "wrangler";
import type { IngestBucket } from "../../src/catalog/ingest/store-collection";

export interface TargetBucket extends IngestBucket {
  describe: string;
  putFile(key: string, path: string, contentType: string): Promise<void>;
  close(): Promise<void>;
}

function dataBucketName(): string {
  const config = unstable_readConfig({ config: "wrangler.toml" });
  const bucket = config.r2_buckets.find((b) => b.binding === "DATA");
  if (!bucket?.bucket_name) throw new Error("wrangler.toml has no R2 bucket bound as DATA");
  return bucket.bucket_name;
}

/**
 * The local dev bucket, through wrangler's platform proxy on the same state wrangler dev uses.
 * A throw-away config with only the DATA binding keeps the proxy from starting the Worker's
 * Durable Objects.
 */
export async function localBucket(persistTo: string): Promise<TargetBucket> {
  const name = dataBucketName();
  const dir = mkdtempSync(join(tmpdir(), "openeo-ingest-"));
  const configPath = join(dir, "wrangler.json");
  writeFileSync(configPath, JSON.stringify({ name: "ingest", compatibility_date: "2026-11-01", r2_buckets: [{ binding: "DATA", bucket_name: name }] }));
  const proxy = await getPlatformProxy<{ DATA: R2Bucket }>({ configPath, persist: { path: join(persistTo, "v3") }, remoteBindings: false });
  const bucket = proxy.env.DATA;
  return {
    describe: `local R2 bucket ${name} in ${persistTo}`,
    get: (key) => bucket.get(key),
    put: (key, value, options) => bucket.put(key, value, options),
    putFile: async (key, path, contentType) => {
      await bucket.put(key, readFileSync(path), { httpMetadata: { contentType } });
    },
    close: async () => {
      await proxy.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The deployed bucket, through `wrangler r2 object` (uses the account wrangler is logged in to). */
export function remoteBucket(): TargetBucket {
  const name = dataBucketName();
  const dir = mkdtempSync(join(tmpdir(), "openeo-ingest-"));
  const wrangler = (args: string[]) => execFileSync("wrangler", ["r2", "object", ...args, "--remote"], { env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
  const putFile = async (key: string, path: string, contentType: string) => {
    wrangler(["put", `${name}/${key}`, "--file", path, "--content-type", contentType]);
  };
  return {
    describe: `deployed R2 bucket ${name}`,
    get: async (key) => {
      try {
        const text = wrangler(["get", `${name}/${key}`, "--pipe"]).toString("utf8");
        return { json: async <T>() => JSON.parse(text) as T };
      } catch {
        return null;
      }
    },
    put: async (key, value, options) => {
      const path = join(dir, "upload");
      writeFileSync(path, typeof value === "string" ? value : new Uint8Array(value as ArrayBuffer));
      await putFile(key, path, options?.httpMetadata?.contentType ?? "application/octet-stream");
    },
    putFile,
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

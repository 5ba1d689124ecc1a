// Seeds the local dev R2 with real Sentinel-2 data from ../shared/data, once per state folder.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** What `npm run dev` ingests: the pixels already have the BOA offset removed, hence --offset 0. */
export const SEED_COLLECTIONS = [
  { folder: "s2-33TWL-2023-08", collection: "sentinel-2-l2a-33twl", args: ["--offset", "0"] },
  { folder: "s2-29RKH-2020-02-19", collection: "sentinel-2-l2a-29rkh", args: ["--offset", "0"] },
];

/** Ingests the seed collections unless done before; answers what happened, for the banner. */
export function seedOnce({ persistTo = ".wrangler/state", dataDir = process.env.OPENEO_DATA_DIR ?? "../shared/data" } = {}) {
  const marker = join(persistTo, "seeded-v1");
  if (existsSync(marker)) return "local data seeded before (delete .wrangler/state to start afresh)";
  if (!existsSync(dataDir)) return `no ${dataDir}: serving the remote collections only`;
  for (const { folder, collection, args } of SEED_COLLECTIONS) {
    execFileSync("tsx", ["scripts/ingest.ts", join(resolve(dataDir), folder), "--collection", collection, "--persist-to", persistTo, ...args], {
      stdio: "inherit",
    });
  }
  mkdirSync(persistTo, { recursive: true });
  writeFileSync(marker, new Date().toISOString());
  return `seeded ${SEED_COLLECTIONS.map((s) => s.collection).join(" and ")} from ${dataDir}`;
}

// Seeds a local R2 state folder with real Sentinel-2 data from ../shared/data, once per folder.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";

/** What `npm run dev` ingests: the pixels already have the BOA offset removed, hence --offset 0. */
export const SEED_COLLECTIONS = [
  { folder: "s2-33TWL-2023-08", collection: "sentinel-2-l2a-33twl", args: ["--offset", "0"] },
  { folder: "s2-29RKH-2020-02-19", collection: "sentinel-2-l2a-29rkh", args: ["--offset", "0"] },
];

export const DATA_DIR = process.env.OPENEO_DATA_DIR ?? "../shared/data";

/** Runs `npm run ingest` for each {folder (of dataDir, or absolute), collection, args} into a state folder; answers the reports. */
export function ingestAll(specs, persistTo, dataDir = DATA_DIR) {
  return specs.map(({ folder, collection, args = [] }) =>
    execFileSync("tsx", ["scripts/ingest.ts", isAbsolute(folder) ? folder : join(resolve(dataDir), folder), "--collection", collection, "--persist-to", persistTo, ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
}

/** Ingests the seed collections unless done before; answers what happened, for the banner. */
export function seedOnce({ persistTo = ".wrangler/state", dataDir = DATA_DIR } = {}) {
  const marker = join(persistTo, "seeded-v1");
  if (existsSync(marker)) return "local data seeded before (delete .wrangler/state to start afresh)";
  if (!existsSync(dataDir)) return `no ${dataDir}: serving the remote collections only`;
  for (const report of ingestAll(SEED_COLLECTIONS, persistTo, dataDir)) process.stdout.write(report);
  mkdirSync(persistTo, { recursive: true });
  writeFileSync(marker, new Date().toISOString());
  return `seeded ${SEED_COLLECTIONS.map((s) => s.collection).join(" and ")} from ${dataDir}`;
}

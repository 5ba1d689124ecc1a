// Seeds a local R2 state folder with real Sentinel-2 data from ../shared/data, once per folder.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";

const SENTINEL_2 = [
  "--license", "proprietary",
  "--license-url", "https://sentinel.esa.int/documents/247904/690755/Sentinel_Data_Legal_Notice",
  "--provider", "ESA|producer,licensor|https://sentinel.esa.int/web/sentinel/missions/sentinel-2",
  "--provider", "Element 84|processor|https://element84.com",
];

/**
 * What `npm run dev` ingests: the pixels already have the BOA offset removed, hence --offset 0.
 * 33TWL's source collection describes the whole archive; 29RKH comes without one.
 */
export const SEED_COLLECTIONS = [
  {
    folder: "s2-33TWL-2023-08",
    collection: "sentinel-2-l2a-33twl",
    args: ["--offset", "0", ...SENTINEL_2,
      "--title", "Sentinel-2 L2A, 33TWL, August 2023",
      "--description", "Five dates (10-20 August 2023) of a 30 km window of MGRS tile 33TWL near Zagreb, Croatia, at 120 m: B04, B08 and SCL, from clear to overcast.",
      "--keywords", "sentinel-2,l2a,time series,33TWL"],
  },
  {
    folder: "s2-29RKH-2020-02-19",
    collection: "sentinel-2-l2a-29rkh",
    args: ["--offset", "0", ...SENTINEL_2,
      "--title", "Sentinel-2 L2A, 29RKH, 19 February 2020",
      "--description", "One scene of MGRS tile 29RKH (Western Sahara desert) on 19 February 2020, the whole tile at 100 m: B02, B03, B04, B08 and SCL (200 m).",
      "--keywords", "sentinel-2,l2a,desert,29RKH"],
  },
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
  // v2: bands named B04…, titles and providers, footprints from the files.
  const marker = join(persistTo, "seeded-v2");
  if (existsSync(marker)) return "local data seeded before (delete .wrangler/state to start afresh)";
  if (!existsSync(dataDir)) return `no ${dataDir}: serving the remote collections only`;
  for (const report of ingestAll(SEED_COLLECTIONS, persistTo, dataDir)) process.stdout.write(report);
  mkdirSync(persistTo, { recursive: true });
  writeFileSync(marker, new Date().toISOString());
  return `seeded ${SEED_COLLECTIONS.map((s) => s.collection).join(" and ")} from ${dataDir}`;
}

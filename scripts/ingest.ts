// npm run ingest -- <folder> [--collection ID] [--remote] [--persist-to DIR] [--scale N] [--offset N]
//   [--bands src=NAME,...] [--title T] [--description D] [--keywords a,b] [--license L] [--license-url URL]
//   [--provider "name|role,role|url"]...
// Copies the COGs and STAC Items of a folder (catalog.json, collection.json, or loose STAC
// files) into the DATA bucket: the local dev bucket by default, the deployed one with --remote.
// See docs/deployment.md (Ingesting data).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parseBandNaming, type BandNaming } from "../src/catalog/band-names";
import { judgeCog } from "../src/catalog/ingest/cog-facts";
import { parseProvider, withCollectionOptions, type CollectionOptions } from "../src/catalog/ingest/collection-options";
import { prepareItem, type CopiedFile, type RasterOverride } from "../src/catalog/ingest/prepare-item";
import { checkCollectionId, storeCollection } from "../src/catalog/ingest/store-collection";
import { ingestedKeys } from "../src/catalog/sources/ingested-source";
import type { StacItem } from "../src/catalog/stac-types";
import { localBucket, remoteBucket, type TargetBucket } from "./ingest/buckets";
import { readCogFacts } from "./ingest/cog-file";
import { discover, localFile } from "./ingest/discover";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    collection: { type: "string" },
    remote: { type: "boolean", default: false },
    "persist-to": { type: "string", default: ".wrangler/state" },
    scale: { type: "string" },
    offset: { type: "string" },
    bands: { type: "string" },
    title: { type: "string" },
    description: { type: "string" },
    keywords: { type: "string" },
    license: { type: "string" },
    "license-url": { type: "string" },
    provider: { type: "string", multiple: true },
  },
});

const folder = positionals[0];
if (!folder) {
  console.error(
    "usage: npm run ingest -- <folder> [--collection ID] [--remote] [--persist-to DIR] [--scale N] [--offset N] [--bands src=NAME,...]\n" +
      "         [--title T] [--description D] [--keywords a,b] [--license L] [--license-url URL] [--provider 'name|role,role|url']...",
  );
  process.exit(2);
}
const options: CollectionOptions = {
  title: values.title,
  description: values.description,
  keywords: values.keywords,
  license: values.license,
  licenseUrl: values["license-url"],
  providers: values.provider,
};
let naming: BandNaming;
try {
  naming = parseBandNaming(values.bands ?? "");
  options.providers?.forEach(parseProvider); // a bad provider stops ingest before anything is copied
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
const override: RasterOverride = {
  ...(values.scale !== undefined ? { scale: Number(values.scale) } : {}),
  ...(values.offset !== undefined ? { offset: Number(values.offset) } : {}),
};

async function ingestItem(bucket: TargetBucket, collectionId: string, item: StacItem, dir: string, report: string[]): Promise<StacItem | null> {
  const copied = new Map<string, CopiedFile>();
  for (const [key, asset] of Object.entries(item.assets)) {
    if (!/image\/tiff/.test(asset.type ?? "")) continue;
    const path = localFile(asset.href, dir);
    if (!path) {
      report.push(`  ${item.id}/${key}: not copied, ${asset.href} is not a local file`);
      continue;
    }
    const facts = await readCogFacts(path);
    const verdict = judgeCog(facts);
    for (const warning of verdict.warnings) report.push(`  ${item.id}/${key}: warning: ${warning}`);
    if (!verdict.accepted) {
      report.push(`  ${item.id}/${key}: REJECTED: ${verdict.problems.join("; ")}`);
      continue;
    }
    const file = basename(path);
    const bytes = readFileSync(path);
    await bucket.putFile(ingestedKeys.asset(collectionId, item.id, file), path, "image/tiff; application=geotiff; profile=cloud-optimized");
    copied.set(key, { file, facts, size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") });
  }
  if (copied.size === 0) {
    report.push(`  ${item.id}: REJECTED: no usable local COG`);
    return null;
  }
  return prepareItem(item, collectionId, copied, override);
}

const found = discover(resolve(folder));
if (values.collection && found.length > 1) {
  console.error(`--collection can't name the ${found.length} collections of ${folder}`);
  process.exit(2);
}
const bucket = values.remote ? remoteBucket() : await localBucket(resolve(values["persist-to"]));
let failed = false;
try {
  for (const { template, items } of found) {
    const id = values.collection ?? template?.id;
    if (!id) throw new Error(`${folder} has no collection document: name the collection with --collection`);
    checkCollectionId(id);
    const report: string[] = [];
    const stored: StacItem[] = [];
    for (const { item, dir } of items) {
      const ready = await ingestItem(bucket, id, item, dir, report);
      if (ready) stored.push(ready);
    }
    if (stored.length === 0) {
      failed = true;
      console.error(`${id}: nothing to ingest from ${folder}`);
    } else {
      const collection = await storeCollection(bucket, withCollectionOptions({ ...template, id }, options), stored, naming);
      const bands = (collection["cube:dimensions"]?.bands as { values: string[] }).values;
      console.log(`${id}: ${stored.length} of ${items.length} items into ${bucket.describe} (bands ${bands.join(", ")})`);
    }
    for (const line of report) console.log(line);
  }
} catch (error) {
  failed = true;
  console.error(`ingest failed: ${error instanceof Error ? error.message : error}`);
} finally {
  await bucket.close();
}
process.exitCode = failed ? 1 : 0;

/**
 * Registering a tile: its band files found (declared bands, or the files matching (BAND) in the
 * owner's folder), each checked as `npm run ingest` checks a COG (judgeCog: tiled, codec, CRS,
 * header size), then turned into the collection's item. Any problem makes the tile FAILED with
 * its cause; nothing is copied (the files stay where the owner put them).
 */
import { byocCollectionId } from "../../catalog/byoc/describe";
import type { ByocBand, ByocCollectionRecord, ByocTileRecord, ByocTileRow } from "../../catalog/byoc/records";
import { judgeCog } from "../../catalog/ingest/cog-facts";
import { filesFootprint, type Footprint } from "../../catalog/ingest/file-footprint";
import { readCogFacts } from "../../catalog/ingest/read-cog-facts";
import { userFileRef } from "../../catalog/user-file-ref";
import { userFileKey } from "../../files/keys";
import type { ReadDeadlines } from "../../net/bounded-fetch";
import { failureReason } from "../../net/failure-reason";
import type { ByteSource } from "../../raster/byte-source";
import { HttpByteSource } from "../../raster/http-byte-source";
import { R2ByteSource } from "../../raster/r2-byte-source";
import { BYOC_LIMITS } from "./limits";
import { bandDiscovery, bandPath, type TileLocation } from "./tile-path";
import { configuredBands, sampleFormatOf, tileItem, type BandFile } from "./tile-item";

export interface TileReads {
  files: R2Bucket;
  userId: string;
  deadlines?: Partial<ReadDeadlines>;
  /** The request's signal: a client that goes away stops the https reads. */
  signal?: AbortSignal;
}

class TileFailure extends Error {}

/** Pages of 1,000 files a tile's folder is listed in to find its bands. */
const MAX_LISTED_PAGES = 10;

/** A footprint outside WGS84's range (or not finite) would put the item nowhere a search can find it. */
function checkedFootprint(footprint: Footprint | null): Footprint {
  if (!footprint) throw new TileFailure("the tile's files do not share one CRS");
  const [w, s, e, n] = footprint.bbox;
  const inRange = (v: number, limit: number) => Number.isFinite(v) && Math.abs(v) <= limit;
  if (!inRange(w, 180) || !inRange(e, 180) || !inRange(s, 90) || !inRange(n, 90) || s > n) {
    throw new TileFailure(`the tile's files lie outside longitudes ±180° and latitudes ±90° (${footprint.bbox.join(", ")})`);
  }
  return footprint;
}

/** The owner's files matching the pattern, by band name; at most maxBands. */
async function discoverBands(location: TileLocation, reads: TileReads): Promise<Record<string, ByocBand>> {
  if (location.kind === "url") throw new TileFailure("the collection has no bands yet: declare additionalData.bands to register tiles by URL");
  const { folder, bandOf } = bandDiscovery(location);
  const prefix = userFileKey(reads.userId, "");
  const names: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; ; page++) {
    if (page === MAX_LISTED_PAGES) throw new TileFailure(`the folder of ${location.pattern} holds more than ${MAX_LISTED_PAGES * 1000} files; declare additionalData.bands`);
    const listing = await reads.files.list({ prefix: prefix + folder, delimiter: "/", limit: 1000, ...(cursor ? { cursor } : {}) });
    names.push(...listing.objects.map((o) => bandOf(o.key.slice(prefix.length))).filter((b): b is string => b !== undefined));
    if (!listing.truncated) break;
    cursor = listing.cursor;
  }
  if (names.length === 0) throw new TileFailure(`no file matches ${location.pattern}`);
  if (names.length > BYOC_LIMITS.maxBands) throw new TileFailure(`more than ${BYOC_LIMITS.maxBands} files match ${location.pattern}`);
  return Object.fromEntries(names.sort().map((name) => [name, { source: name, bandIndex: 1 }]));
}

async function bandSource(location: TileLocation, path: string, reads: TileReads): Promise<{ source: ByteSource; href: string }> {
  if (location.kind === "url") {
    const { deadlines, signal } = reads;
    return { source: new HttpByteSource(path, { ...(deadlines ? { deadlines } : {}), ...(signal ? { signal } : {}) }), href: path };
  }
  const source = await R2ByteSource.open(reads.files, userFileKey(reads.userId, path), "files");
  if (!source) throw new TileFailure(`file ${path} does not exist`);
  return { source, href: userFileRef(path) };
}

/** One band's file, checked; a file the reader can't open, or that judgeCog refuses, fails the tile. */
async function checkedFile(location: TileLocation, band: string, spec: ByocBand, reads: TileReads): Promise<BandFile> {
  const path = bandPath(location, spec.source);
  const { source, href } = await bandSource(location, path, reads);
  const facts = await readCogFacts(source).catch((error: unknown) => {
    throw new TileFailure(`${path}: ${failureReason(error)}`);
  });
  const verdict = judgeCog(facts);
  if (!verdict.accepted) throw new TileFailure(`${path}: ${verdict.problems.join("; ")}`);
  const { sampleFormat, bitDepth } = sampleFormatOf(facts.dataType);
  if (spec.sampleFormat && (spec.sampleFormat !== sampleFormat || spec.bitDepth !== bitDepth)) {
    throw new TileFailure(`${path}: ${sampleFormat}${bitDepth} samples, the collection's band ${band} has ${spec.sampleFormat}${spec.bitDepth}`);
  }
  return { band, href, facts };
}

export interface IngestedTile {
  row: ByocTileRow;
  /** The bands the tile was checked against: the collection's, or (for its first tile) configured from the tile's files. */
  bands: Record<string, ByocBand> | null;
}

/**
 * Checks a WAITING tile's files; the answer is INGESTED with its item, or FAILED with the cause,
 * whatever went wrong (a tile is never left half-registered).
 */
export async function ingestTile(collection: ByocCollectionRecord, tile: ByocTileRecord, location: TileLocation, reads: TileReads): Promise<IngestedTile> {
  const started: ByocTileRecord = { ...tile, status: "INGESTING", ingestionStart: new Date().toISOString() };
  try {
    const bands = collection.bands ?? (await discoverBands(location, reads));
    const files = await Promise.all(Object.entries(bands).map(([band, spec]) => checkedFile(location, band, spec, reads)));
    const footprint = checkedFootprint(filesFootprint(files.map((f) => f.facts)));
    const item = tileItem(tile, byocCollectionId(collection.id), files, footprint, (band) => bands[band]?.noData ?? collection.noData);
    const configured = collection.bands?.[files[0]!.band]?.sampleFormat ? collection.bands : configuredBands(files, collection.bands);
    return { row: { tile: { ...started, status: "INGESTED", coverGeometry: footprint.geometry, additionalData: {} }, item }, bands: configured };
  } catch (error) {
    const cause = error instanceof TileFailure ? error.message : failureReason(error);
    return { row: { tile: { ...started, status: "FAILED", additionalData: { failedIngestionCause: cause } }, item: null }, bands: collection.bands };
  }
}

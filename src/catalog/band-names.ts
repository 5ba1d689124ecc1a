import type { BandInfo } from "./collection-metadata";
import type { EoBand, StacCollection } from "./stac-types";

/** Source band name (an asset key or eo:bands name) → the name the collection serves it under. */
export type BandNaming = Record<string, string>;

/** What MSI's bands are, under the names ESA gives them; `asset` is Earth Search v1's asset key. */
interface Sentinel2Band {
  name: string;
  asset: string;
  common?: string;
  center?: number;
  description: string;
}

export const SENTINEL_2_BANDS: readonly Sentinel2Band[] = [
  { name: "B01", asset: "coastal", common: "coastal", center: 0.443, description: "Coastal aerosol (band 1)" },
  { name: "B02", asset: "blue", common: "blue", center: 0.49, description: "Blue (band 2)" },
  { name: "B03", asset: "green", common: "green", center: 0.56, description: "Green (band 3)" },
  { name: "B04", asset: "red", common: "red", center: 0.665, description: "Red (band 4)" },
  { name: "B05", asset: "rededge1", common: "rededge", center: 0.704, description: "Red edge 1 (band 5)" },
  { name: "B06", asset: "rededge2", common: "rededge", center: 0.74, description: "Red edge 2 (band 6)" },
  { name: "B07", asset: "rededge3", common: "rededge", center: 0.783, description: "Red edge 3 (band 7)" },
  { name: "B08", asset: "nir", common: "nir", center: 0.842, description: "Near infrared 1 (band 8)" },
  { name: "B8A", asset: "nir08", common: "nir08", center: 0.865, description: "Near infrared 2 (band 8A)" },
  { name: "B09", asset: "nir09", common: "nir09", center: 0.945, description: "Water vapour absorption (band 9)" },
  { name: "B11", asset: "swir16", common: "swir16", center: 1.61, description: "Shortwave infrared 1 (band 11)" },
  { name: "B12", asset: "swir22", common: "swir22", center: 2.19, description: "Shortwave infrared 2 (band 12)" },
  { name: "SCL", asset: "scl", description: "Scene classification map" },
  { name: "AOT", asset: "aot", description: "Aerosol optical thickness" },
  { name: "WVP", asset: "wvp", description: "Water vapour" },
];

/** Earth Search's asset keys to ESA's band names. */
export const SENTINEL_2_NAMING: BandNaming = Object.fromEntries(SENTINEL_2_BANDS.map((b) => [b.asset, b.name]));

/** Whether a collection or item with these platform/constellation values is Sentinel-2 (ESA writes both ways). */
export function isSentinel2(values: unknown[]): boolean {
  return values.some((v) => typeof v === "string" && /^sentinel-?2/i.test(v));
}

/** The collection's platforms and constellations, as its summaries list them. */
function summaryValues(collection: StacCollection): unknown[] {
  const summaries = collection.summaries ?? {};
  return [summaries.platform, summaries.constellation].flatMap((v) => (Array.isArray(v) ? v : []));
}

/**
 * Parses `red=B04,nir=B08` (source=served). Throws a plain Error naming the bad pair: ingestion's
 * options are a command line, not an API request.
 */
export function parseBandNaming(text: string): BandNaming {
  const naming: BandNaming = {};
  for (const pair of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const match = /^([\w.-]+)=([\w.-]+)$/.exec(pair);
    if (!match) throw new Error(`band mapping '${pair}' is not source=name (like red=B04)`);
    naming[match[1]!] = match[2]!;
  }
  return naming;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Sentinel-2's bands in ESA's order (B01 … B12, SCL, AOT, WVP), the others after them as they came. */
function inBandOrder(bands: BandInfo[]): BandInfo[] {
  const rank = (band: BandInfo) => {
    const i = SENTINEL_2_BANDS.findIndex((b) => b.name === band.name);
    return i < 0 ? SENTINEL_2_BANDS.length : i;
  };
  return bands.map((band, i) => ({ band, i })).sort((a, b) => rank(a.band) - rank(b.band) || a.i - b.i).map(({ band }) => band);
}

/**
 * The bands under their served names: a band the naming knows gets its new name, keeps the old
 * one as an alias, and every other source name mapped onto it too. Sentinel-2 names fill in
 * common name, centre wavelength and description where the source left them out, and come in
 * ESA's order. Idempotent.
 */
export function nameBands(bands: BandInfo[], naming: BandNaming): BandInfo[] {
  const named = bands.map((band) => {
    const name = naming[band.name] ?? band.name;
    const aliases = unique([...(band.eo?.aliases ?? []), band.name, ...Object.keys(naming).filter((source) => naming[source] === name)]).filter((a) => a !== name);
    const known = SENTINEL_2_BANDS.find((b) => b.name === name && naming[b.asset] === name);
    const eo: EoBand = {
      ...(known ? { description: known.description } : {}),
      ...(known?.common ? { common_name: known.common } : {}),
      ...(known?.center !== undefined ? { center_wavelength: known.center } : {}),
      ...band.eo,
      name,
      ...(aliases.length ? { aliases } : {}),
    };
    return { ...band, name, eo };
  });
  return inBandOrder(named);
}

/** The naming a stored collection records in its eo:bands aliases, so a later ingest keeps it. */
export function recordedNaming(collection: StacCollection | null): BandNaming {
  const eo = (collection?.summaries?.["eo:bands"] ?? []) as EoBand[];
  return Object.fromEntries(eo.flatMap((band) => (band.aliases ?? []).map((alias) => [alias, band.name])));
}

/**
 * A stored collection document with Sentinel-2 bands under ESA's names. Collections ingested
 * before the naming existed list Earth Search's asset keys; their items still do (and the
 * aliases find them there), so only this document changes. Others pass unchanged.
 */
export function withServedBandNames(collection: StacCollection): StacCollection {
  if (!isSentinel2(summaryValues(collection))) return collection;
  const summaries = collection.summaries ?? {};
  const eo = (summaries["eo:bands"] ?? []) as EoBand[];
  const raster = (summaries["raster:bands"] ?? []) as { name?: string }[];
  const rasterOf = (band: BandInfo) => raster.find((r) => r.name === band.name || band.eo?.aliases?.includes(r.name ?? ""));
  const dimension = collection["cube:dimensions"]?.bands as { values?: string[] } | undefined;
  const names = dimension?.values ?? eo.map((b) => b.name);
  if (!names.some((name) => name in SENTINEL_2_NAMING)) return collection;
  const bands = nameBands(
    names.map((name) => ({ name, eo: eo.find((b) => b.name === name) })),
    SENTINEL_2_NAMING,
  );
  return {
    ...collection,
    "cube:dimensions": { ...collection["cube:dimensions"], bands: { ...dimension, type: "bands", values: bands.map((b) => b.name) } },
    summaries: {
      ...summaries,
      "eo:bands": bands.map((b) => b.eo),
      "raster:bands": bands.map((b) => ({ ...rasterOf(b), name: b.name })),
    },
  };
}

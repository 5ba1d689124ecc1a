import { nameBands, type BandNaming } from "./band-names";
import { STAC_EXTENSIONS, type EoBand, type RasterBand, type StacAsset, type StacCollection, type StacItem } from "./stac-types";

/**
 * A band of a collection, as load_collection names it: a single-band raster asset is a band
 * named by its asset key; each band of a multi-band asset is a band named by its eo:bands name.
 */
export interface BandInfo {
  name: string;
  eo?: EoBand;
  raster?: RasterBand;
  gsd?: number;
}

const GEOTIFF = /image\/tiff/;

export function isRasterDataAsset(asset: StacAsset): boolean {
  return GEOTIFF.test(asset.type ?? "") && (asset.roles ?? ["data"]).includes("data");
}

/** STAC forbids nulls in eo:bands fields that some producers write; drop them. */
function cleanEoBand(band: EoBand, name: string): EoBand {
  const entries = Object.entries(band).filter(([, value]) => value !== null && value !== undefined);
  return { ...Object.fromEntries(entries), name } as EoBand;
}

function assetBands(key: string, asset: StacAsset): BandInfo[] {
  const eo = asset["eo:bands"] ?? [];
  const raster = asset["raster:bands"] ?? [];
  const gsd = (i: number) => asset.gsd ?? raster[i]?.spatial_resolution;
  if (eo.length <= 1) {
    // Named as eo:bands names it (so the files of one band, one per date, are one band), else by the asset's key.
    const name = typeof eo[0]?.name === "string" && eo[0].name !== "" ? eo[0].name : key;
    return [{ name, eo: eo[0] ? cleanEoBand(eo[0], name) : undefined, raster: raster[0], gsd: gsd(0) }];
  }
  return eo.map((band, i) => {
    const name = band.name ?? `${key}_${i + 1}`;
    return { name, eo: cleanEoBand(band, name), raster: raster[i], gsd: gsd(i) };
  });
}

/** The union of the items' raster bands, in order of first appearance. */
export function collectBands(items: StacItem[]): BandInfo[] {
  const bands = new Map<string, BandInfo>();
  for (const item of items) {
    for (const [key, asset] of Object.entries(item.assets)) {
      if (!isRasterDataAsset(asset)) continue;
      for (const band of assetBands(key, asset)) if (!bands.has(band.name)) bands.set(band.name, band);
    }
  }
  return [...bands.values()];
}

/** A band as a collection serves it: its name, and the names items may know it by (asset keys). */
export interface BandRef {
  name: string;
  aliases?: readonly string[];
}

function locateName(item: StacItem, name: string): { asset: string; sample: number } | undefined {
  for (const [key, asset] of Object.entries(item.assets)) {
    if (!isRasterDataAsset(asset)) continue;
    const sample = assetBands(key, asset).findIndex((b) => b.name === name);
    if (sample >= 0) return { asset: key, sample };
  }
  return undefined;
}

/**
 * Where a band is in an item: the asset holding it and the 0-based sample within that asset.
 * The served name first, then its aliases: items of Earth Search name B04's asset "red".
 */
export function locateBand(item: StacItem, band: BandRef): { asset: string; sample: number } | undefined {
  for (const name of [band.name, ...(band.aliases ?? [])]) {
    const found = locateName(item, name);
    if (found) return found;
  }
  return undefined;
}

function itemInterval(item: StacItem): [string, string] | null {
  const p = item.properties;
  const start = (p.start_datetime as string | undefined) ?? p.datetime;
  const end = (p.end_datetime as string | undefined) ?? p.datetime;
  return start && end ? [start, end] : null;
}

function temporalExtent(items: StacItem[]): [string | null, string | null] {
  let min: string | null = null;
  let max: string | null = null;
  for (const item of items) {
    const interval = itemInterval(item);
    if (!interval) continue;
    if (min === null || Date.parse(interval[0]) < Date.parse(min)) min = interval[0];
    if (max === null || Date.parse(interval[1]) > Date.parse(max)) max = interval[1];
  }
  return [min, max];
}

/** The WGS84 union of the items' bboxes (2D or 3D), or null without items. */
export function spatialExtent(items: StacItem[]): [number, number, number, number] | null {
  if (items.length === 0) return null;
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { bbox } of items) {
    const [w, s, e, n] = bbox.length === 6 ? [bbox[0]!, bbox[1]!, bbox[3]!, bbox[4]!] : [bbox[0]!, bbox[1]!, bbox[2]!, bbox[3]!];
    box[0] = Math.min(box[0], w);
    box[1] = Math.min(box[1], s);
    box[2] = Math.max(box[2], e);
    box[3] = Math.max(box[3], n);
  }
  return box;
}

function epsgOf(item: StacItem, asset: StacAsset): number | undefined {
  const code = asset["proj:epsg"] ?? (item.properties["proj:epsg"] as number | null | undefined);
  return typeof code === "number" ? code : undefined;
}

/** x/y extents in the items' common native CRS, or in WGS84 when the items use several CRSs. */
function horizontalDimensions(items: StacItem[], bands: BandInfo[], wgs84: number[] | null) {
  const codes = new Set<number | undefined>();
  const native = [Infinity, Infinity, -Infinity, -Infinity];
  let step = Infinity;
  for (const item of items) {
    for (const band of bands) {
      const location = locateBand(item, { name: band.name, aliases: band.eo?.aliases });
      const asset = location && item.assets[location.asset];
      if (!asset) continue;
      codes.add(epsgOf(item, asset));
      const t = asset["proj:transform"];
      const shape = asset["proj:shape"];
      if (!t || !shape || t.length < 6) continue;
      const [a, , c, , e, f] = t as [number, number, number, number, number, number];
      native[0] = Math.min(native[0]!, c);
      native[2] = Math.max(native[2]!, c + a * shape[1]);
      native[3] = Math.max(native[3]!, f);
      native[1] = Math.min(native[1]!, f + e * shape[0]);
      step = Math.min(step, Math.abs(a));
    }
  }
  const [code] = codes;
  if (codes.size === 1 && code !== undefined && Number.isFinite(native[0]) && Number.isFinite(step)) {
    return {
      x: { type: "spatial", axis: "x", extent: [native[0], native[2]], reference_system: code, step },
      y: { type: "spatial", axis: "y", extent: [native[1], native[3]], reference_system: code, step },
    };
  }
  return {
    x: { type: "spatial", axis: "x", extent: wgs84 ? [wgs84[0], wgs84[2]] : [-180, 180], reference_system: 4326, step: null },
    y: { type: "spatial", axis: "y", extent: wgs84 ? [wgs84[1], wgs84[3]] : [-90, 90], reference_system: 4326, step: null },
  };
}

/** eo:bands, raster:bands and gsd summaries of a collection's bands, in band order. */
export function bandSummaries(bands: BandInfo[]): Record<string, unknown> {
  return {
    "eo:bands": bands.map((b) => b.eo ?? { name: b.name }),
    "raster:bands": bands.map((b) => ({ name: b.name, ...b.raster })),
    gsd: unique(bands.map((b) => b.gsd)).sort((a, b) => a - b),
  };
}

function unique<T>(values: (T | undefined)[]): T[] {
  return [...new Set(values.filter((v): v is T => v !== undefined && v !== null))];
}

function cloudCoverRange(items: StacItem[]): { minimum: number; maximum: number } | undefined {
  const values = items.map((i) => i.properties["eo:cloud_cover"]).filter((v): v is number => typeof v === "number");
  return values.length ? { minimum: Math.min(...values), maximum: Math.max(...values) } : undefined;
}

/**
 * The collection document of an ingested collection, computed from its actual items so the
 * extent and summaries never promise more than the data holds; bands are served under the names
 * `naming` gives them. Links are added when served.
 */
export function describeCollection(
  template: Partial<StacCollection> & { id: string },
  items: StacItem[],
  naming: BandNaming = {},
): StacCollection {
  const bands = nameBands(collectBands(items), naming);
  const bbox = spatialExtent(items);
  const interval = temporalExtent(items);
  const summaries: Record<string, unknown> = {
    ...bandSummaries(bands),
    platform: unique(items.map((i) => i.properties.platform as string | undefined)).sort(),
    constellation: unique(items.map((i) => i.properties.constellation as string | undefined)).sort(),
  };
  const cloudCover = cloudCoverRange(items);
  if (cloudCover) summaries["eo:cloud_cover"] = cloudCover;
  for (const key of Object.keys(summaries)) {
    const value = summaries[key];
    if (Array.isArray(value) && value.length === 0) delete summaries[key];
  }
  return {
    type: "Collection",
    stac_version: "1.0.0",
    stac_extensions: [STAC_EXTENSIONS.eo, STAC_EXTENSIONS.raster, STAC_EXTENSIONS.datacube],
    id: template.id,
    title: template.title ?? template.id,
    description: template.description ?? `Ingested collection ${template.id}.`,
    keywords: template.keywords ?? [],
    license: template.license ?? "other",
    providers: template.providers ?? [],
    extent: {
      spatial: { bbox: [bbox ?? [-180, -90, 180, 90]] },
      temporal: { interval: [interval] },
    },
    links: (template.links ?? []).filter((l) => l.rel === "license" || l.rel === "about" || l.rel === "cite-as"),
    "cube:dimensions": {
      ...horizontalDimensions(items, bands, bbox),
      t: { type: "temporal", extent: interval, step: null },
      bands: { type: "bands", values: bands.map((b) => b.name) },
    },
    summaries,
  };
}

/**
 * A STAC Item as load_stac uses it: checked, with absolute asset hrefs (relative ones resolved
 * against where the item was found), the few fields other producers spell differently brought
 * into the form the cube reads (proj:code as proj:epsg, GeoTIFF types from file names), and
 * without raster:bands scale and offset, which load_stac leaves to the user.
 */
import type { StacAsset, StacItem } from "../stac-types";
import { isObject } from "./json-object";
import { invalidStac } from "./stac-errors";

export function isItemJson(json: unknown): boolean {
  return isObject(json) && json.type === "Feature" && isObject(json.assets);
}

/** "EPSG:32633" (projection extension 2.x) as 32633; other authorities can't be read. */
function epsgOfCode(code: unknown): number | undefined {
  const match = typeof code === "string" ? /^EPSG:(\d+)$/i.exec(code) : null;
  return match ? Number(match[1]) : undefined;
}

function withEpsg<T extends Record<string, unknown>>(fields: T): T {
  const epsg = fields["proj:epsg"] ?? epsgOfCode(fields["proj:code"]);
  return epsg === undefined ? fields : { ...fields, "proj:epsg": epsg };
}

function absolute(href: string, base: string): string {
  try {
    return new URL(href, base).href;
  } catch {
    return href;
  }
}

const TIFF_FILE = /\.tiff?$/i;

/** The definition of load_stac has the user apply scale and offset, so the cube (which would) must not see them. */
function unscaled(asset: StacAsset): StacAsset {
  const bands = asset["raster:bands"];
  if (!Array.isArray(bands)) return asset;
  const stored = (band: unknown) => (isObject(band) ? Object.fromEntries(Object.entries(band).filter(([key]) => key !== "scale" && key !== "offset")) : band);
  return { ...asset, "raster:bands": bands.map(stored) as StacAsset["raster:bands"] };
}

/** The item with its values as stored: no raster:bands scale or offset. */
export function unscaledItem(item: StacItem): StacItem {
  return { ...item, assets: Object.fromEntries(Object.entries(item.assets).map(([key, asset]) => [key, unscaled(asset)])) };
}

function normalizeAsset(asset: Record<string, unknown>, base: string): StacAsset {
  const href = absolute(String(asset.href), base);
  const path = href.split(/[?#]/)[0]!;
  const type = asset.type ?? (TIFF_FILE.test(path) ? "image/tiff; application=geotiff" : undefined);
  return unscaled(withEpsg({ ...asset, href, ...(type === undefined ? {} : { type }) }) as StacAsset);
}

/** The box around every position of a GeoJSON geometry. */
function geometryBox(geometry: unknown): number[] | undefined {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === "number" && typeof value[1] === "number") {
      box[0] = Math.min(box[0]!, value[0]);
      box[1] = Math.min(box[1]!, value[1]);
      box[2] = Math.max(box[2]!, value[0]);
      box[3] = Math.max(box[3]!, value[1]);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value)) visit(value.coordinates ?? value.geometries);
  };
  visit(geometry);
  return Number.isFinite(box[0]) ? box : undefined;
}

/** The item in `json`, found at `base`. */
export function stacItem(json: unknown, base: string): StacItem {
  if (!isItemJson(json)) throw invalidStac(`the document at ${base} is not a STAC Item`);
  const item = json as Record<string, unknown> & { assets: Record<string, unknown> };
  const id = typeof item.id === "string" ? item.id : base;
  const bbox = Array.isArray(item.bbox) && item.bbox.length >= 4 ? (item.bbox as number[]) : geometryBox(item.geometry);
  if (!bbox) throw invalidStac(`the STAC Item '${id}' (${base}) has neither a bbox nor a geometry`);
  const assets: Record<string, StacAsset> = {};
  for (const [key, asset] of Object.entries(item.assets)) {
    if (isObject(asset) && typeof asset.href === "string") assets[key] = normalizeAsset(asset, base);
  }
  const properties = isObject(item.properties) ? item.properties : {};
  return {
    ...(item as object),
    type: "Feature",
    stac_version: typeof item.stac_version === "string" ? item.stac_version : "1.0.0",
    id,
    bbox,
    geometry: (item.geometry ?? null) as StacItem["geometry"],
    properties: withEpsg({ ...properties, datetime: (properties.datetime ?? null) as string | null }),
    assets,
    links: Array.isArray(item.links) ? (item.links as StacItem["links"]) : [],
  };
}

/** Where relative hrefs of an item inside an ItemCollection resolve: its own absolute self link, else the page. */
export function itemBase(json: unknown, page: string): string {
  const links = isObject(json) && Array.isArray(json.links) ? (json.links as unknown[]) : [];
  const self = links.find((l): l is { href: string } => isObject(l) && l.rel === "self" && typeof l.href === "string");
  return self && /^https?:\/\//i.test(self.href) ? self.href : page;
}

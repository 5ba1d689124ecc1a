/**
 * A STAC document described as a collection for load_stac: the bands its items hold, named the
 * way the cube finds them in items (asset keys, or eo:bands names inside multi-band assets), in
 * the order of the document's cube:dimensions when it has one.
 */
import { OpenEOError } from "../../errors";
import { bandSummaries, collectBands, spatialExtent, type BandInfo } from "../collection-metadata";
import type { StacCollection, StacItem } from "../stac-types";
import { isObject } from "./json-object";
import type { StacDocument } from "./stac-document";
import { invalidStac } from "./stac-errors";
import type { StacFetcher } from "./stac-fetch";
import { walkItems } from "./walk-items";

/** Items read to learn the bands when the document doesn't list them (item_assets). */
const SAMPLE_ITEMS = 5;

async function sampleItems(root: StacDocument, fetcher: StacFetcher): Promise<StacItem[]> {
  if (root.kind === "item") return [root.item];
  if (root.kind === "item-page") return root.items.slice(0, SAMPLE_ITEMS);
  const sample: StacItem[] = [];
  for await (const item of walkItems(root, {}, fetcher)) {
    sample.push(item);
    if (sample.length >= SAMPLE_ITEMS) break;
  }
  return sample;
}

/** A collection's item_assets: the assets every item has, which name the bands without reading items. */
function itemAssetBands(root: StacDocument): BandInfo[] {
  const itemAssets = root.kind === "collection" ? root.json.item_assets : undefined;
  if (!isObject(itemAssets)) return [];
  return collectBands([{ assets: itemAssets } as unknown as StacItem]);
}

/** The bands in the order of the document's bands dimension; bands it doesn't list follow. */
function inDocumentOrder(bands: BandInfo[], root: StacDocument): BandInfo[] {
  const dimensions = root.kind === "collection" || root.kind === "catalog" ? root.json["cube:dimensions"] : undefined;
  const listed = isObject(dimensions) ? Object.values(dimensions).find((d) => isObject(d) && d.type === "bands") : undefined;
  const values = isObject(listed) && Array.isArray(listed.values) ? (listed.values as unknown[]) : [];
  const byName = new Map(bands.map((b) => [b.name, b]));
  const first = values.flatMap((name) => byName.get(String(name)) ?? []);
  return [...first, ...bands.filter((b) => !first.includes(b))];
}

const WORLD = [-180, -90, 180, 90];

export async function describeStac(root: StacDocument, fetcher: StacFetcher): Promise<StacCollection> {
  let bands = itemAssetBands(root);
  const sample = bands.length > 0 ? [] : await sampleItems(root, fetcher);
  if (bands.length === 0) {
    if (sample.length === 0) throw OpenEOError.processException("NoDataAvailable", `There is no data available: the STAC at ${root.url} has no items.`);
    bands = collectBands(sample);
  }
  if (bands.length === 0) {
    throw invalidStac(`the items at ${root.url} have no GeoTIFF data assets (type image/tiff, role data), the only kind load_stac reads`);
  }
  bands = inDocumentOrder(bands, root);
  const own = root.kind === "collection" ? root.json : undefined;
  const id = root.kind === "item" ? root.item.id : String(own?.id ?? root.url);
  return {
    type: "Collection",
    stac_version: "1.0.0",
    stac_extensions: [],
    id,
    description: `The STAC at ${root.url}.`,
    license: "other",
    extent: isObject(own?.extent) ? (own.extent as StacCollection["extent"]) : { spatial: { bbox: [spatialExtent(sample) ?? WORLD] }, temporal: { interval: [[null, null]] } },
    links: [{ rel: "via", href: root.url }],
    summaries: bandSummaries(bands),
    "cube:dimensions": { bands: { type: "bands", values: bands.map((b) => b.name) } },
  };
}

import { isRasterDataAsset } from "../collection-metadata";
import { ingestedKeys } from "../sources/ingested-source";
import type { StacAsset, StacItem } from "../stac-types";
import type { CogFacts } from "./cog-facts";
import { filesFootprint, reachesPast } from "./file-footprint";

/** A COG copied into the bucket: its file name, header facts, size and SHA-256 (hex). */
export interface CopiedFile {
  file: string;
  facts: CogFacts;
  size: number;
  sha256: string;
}

const FILE_EXTENSION = "https://stac-extensions.github.io/file/v2.1.0/schema.json";

export interface RasterOverride {
  scale?: number;
  offset?: number;
}

/**
 * An item as it is stored after ingestion: only the assets that were copied, their hrefs
 * pointing at the ingested objects, and projection metadata taken from the files themselves.
 * Where the item's box reaches past the files (a crop of a scene), its bbox and geometry become
 * the files' footprint.
 */
export function prepareItem(
  item: StacItem,
  collectionId: string,
  copied: Map<string, CopiedFile>,
  override: RasterOverride = {},
): StacItem {
  const assets: Record<string, StacAsset> = {};
  for (const [key, asset] of Object.entries(item.assets)) {
    const copy = copied.get(key);
    if (!copy) continue;
    const { facts } = copy;
    const raster = (asset["raster:bands"] ?? [{}]).map((band) => {
      const fixed = { ...band, data_type: facts.dataType, ...(facts.nodata !== null ? { nodata: facts.nodata } : {}) };
      if (band.scale !== undefined && override.scale !== undefined) fixed.scale = override.scale;
      if (band.offset !== undefined && override.offset !== undefined) fixed.offset = override.offset;
      return fixed;
    });
    assets[key] = {
      ...asset,
      href: ingestedKeys.asset(collectionId, item.id, copy.file),
      "proj:epsg": facts.epsg,
      "proj:shape": [facts.height, facts.width],
      "proj:transform": [...facts.transform],
      "file:size": copy.size,
      // A multihash (0x12 = SHA-256, 0x20 = 32 bytes): readers key cached headers by it.
      "file:checksum": `1220${copy.sha256}`,
      ...(isRasterDataAsset(asset) ? { "raster:bands": raster } : {}),
    };
  }
  const epsgs = new Set(Object.values(assets).map((a) => a["proj:epsg"]));
  const properties = { ...item.properties };
  if (epsgs.size === 1) properties["proj:epsg"] = [...epsgs][0] ?? null;
  const footprint = filesFootprint([...copied.values()].map((c) => c.facts));
  const located = footprint && reachesPast(item.bbox, footprint.bbox) ? { bbox: footprint.bbox, geometry: footprint.geometry } : {};
  return {
    ...item,
    ...located,
    stac_extensions: [...new Set([...(item.stac_extensions ?? []), FILE_EXTENSION])],
    collection: collectionId,
    properties,
    assets,
    // Links into the source catalog would dangle; the API adds its own.
    links: item.links.filter((l) => ["license", "cite-as", "via", "derived_from"].includes(l.rel)),
  };
}

/**
 * The cube reads onto the native lattice it finds in the items' projection metadata
 * (proj:epsg, proj:transform). STAC written by hand, such as a user's uploaded item, often has
 * none; then it comes from the GeoTIFF's own header.
 */
import type { Cog } from "../../raster/cog-header";
import { isRasterDataAsset } from "../collection-metadata";
import type { StacAsset, StacItem } from "../stac-types";

function hasProjection(item: StacItem, asset: StacAsset): boolean {
  const epsg = asset["proj:epsg"] ?? item.properties["proj:epsg"];
  return typeof epsg === "number" && (asset["proj:transform"]?.length ?? 0) >= 6;
}

/**
 * Header reads for projections, at most: a hand-written mosaic of thousands of tiles must not turn
 * one load_stac into thousands of reads before the extent is even known. Items at places beyond
 * these stay without projection (the grid then covers their WGS84 boxes, with a margin).
 */
export const MAX_PROJECTION_READS = 64;

/**
 * Items at the same place (the same asset key and box, such as the dates of one tile) share the
 * projection of the first header read there; an item elsewhere gets its own, so the union of the
 * items' native footprints (the grid without a spatial extent) covers exactly their pixels.
 */
export async function fillProjection(items: StacItem[], open: (asset: StacAsset) => Promise<Cog>): Promise<StacItem[]> {
  const read = new Map<string, Promise<Partial<StacAsset>>>();
  const projectionOf = (item: StacItem, key: string, asset: StacAsset): Promise<Partial<StacAsset>> => {
    const place = `${key} ${JSON.stringify(item.bbox ?? null)}`;
    let projection = read.get(place);
    if (!projection) {
      if (read.size >= MAX_PROJECTION_READS) return Promise.resolve({});
      projection = open(asset).then(({ header }) => {
        const t = header.transform;
        return { "proj:epsg": header.epsg, "proj:transform": [t.pixelWidth, 0, t.originX, 0, -t.pixelHeight, t.originY], "proj:shape": [header.grid.height, header.grid.width] };
      });
      read.set(place, projection);
    }
    return projection;
  };
  return Promise.all(
    items.map(async (item) => {
      const missing = Object.entries(item.assets).filter(([, asset]) => isRasterDataAsset(asset) && !hasProjection(item, asset));
      if (missing.length === 0) return item;
      const filled = await Promise.all(missing.map(async ([key, asset]) => [key, { ...asset, ...(await projectionOf(item, key, asset)) }] as const));
      return { ...item, assets: { ...item.assets, ...Object.fromEntries(filled) } };
    }),
  );
}

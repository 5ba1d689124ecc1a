/**
 * The cube reads onto the native lattice it finds in the items' projection metadata
 * (proj:epsg, proj:transform). STAC written by hand, such as a user's uploaded item, often has
 * none; then the first item holding each asset gets it from the GeoTIFF's own header.
 */
import type { Cog } from "../../raster/cog-header";
import { isRasterDataAsset } from "../collection-metadata";
import type { StacAsset, StacItem } from "../stac-types";

function hasProjection(item: StacItem, asset: StacAsset): boolean {
  const epsg = asset["proj:epsg"] ?? item.properties["proj:epsg"];
  return typeof epsg === "number" && (asset["proj:transform"]?.length ?? 0) >= 6;
}

export async function fillProjection(items: StacItem[], open: (asset: StacAsset) => Promise<Cog>): Promise<StacItem[]> {
  const done = new Set<string>();
  return Promise.all(
    items.map(async (item) => {
      const missing = Object.entries(item.assets).filter(([key, asset]) => !done.has(key) && isRasterDataAsset(asset) && !hasProjection(item, asset));
      for (const [key] of Object.entries(item.assets)) done.add(key);
      if (missing.length === 0) return item;
      const filled = await Promise.all(
        missing.map(async ([key, asset]) => {
          const { header } = await open(asset);
          const t = header.transform;
          const projected: StacAsset = { ...asset, "proj:epsg": header.epsg, "proj:transform": [t.pixelWidth, 0, t.originX, 0, -t.pixelHeight, t.originY], "proj:shape": [header.grid.height, header.grid.width] };
          return [key, projected];
        }),
      );
      return { ...item, assets: { ...item.assets, ...Object.fromEntries(filled) } };
    }),
  );
}

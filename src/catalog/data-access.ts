/**
 * DataAccess over the Catalog and asset byte sources. The bindings come in through the Catalog and
 * AssetSourceContext the caller builds (api/, jobs/); `wrap` lets tests and benchmarks count reads.
 */
import { assetByteSource, type AssetSourceContext } from "./asset-source";
import type { Catalog } from "./catalog";
import { searchCatalog } from "./catalog-search";
import type { SearchQuery } from "./search";
import { OpenEOError } from "../errors";
import type { ByteSource } from "../raster/byte-source";
import { openCog } from "../raster/open-cog";
import type { DataAccess, ItemQuery } from "../cube/context";

/** More items than this in one load is more than a Worker can read anyway. */
const MAX_ITEMS = 10_000;

function toSearch(collection: string, query: ItemQuery): SearchQuery {
  const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : null);
  const [west, south, east, north] = query.bbox ?? [];
  return {
    collections: [collection],
    ...(query.bbox ? { bbox: { west: west!, south: south!, east: east!, north: north! } } : {}),
    ...(query.datetime ? { datetime: { start: ms(query.datetime.start), end: ms(query.datetime.end) } } : {}),
    sortby: [],
    limit: MAX_ITEMS,
  };
}

export function catalogDataAccess(catalog: Catalog, assets: AssetSourceContext, options: { wrap?: (source: ByteSource) => ByteSource; maxBytes?: number } = {}): DataAccess {
  const wrap = options.wrap ?? ((source) => source);
  return {
    collection: (id) => catalog.collection(id),
    async items(collection, query) {
      const page = await searchCatalog(catalog, toSearch(collection, query), (item) => item);
      // Remote APIs page below our limit; a partial set of items would silently drop data.
      if (page.next) throw new OpenEOError("ProcessGraphComplexity", {}, { message: `Too many items of '${collection}' match; narrow the extents.` });
      return page.features as Awaited<ReturnType<DataAccess["items"]>>;
    },
    openAsset: async (asset) => openCog(wrap(await assetByteSource(asset, assets))),
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
  };
}

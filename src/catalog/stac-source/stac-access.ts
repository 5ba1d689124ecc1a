/**
 * load_stac's StacAccess over URLs: one fetcher per access (so a run reads each document once),
 * items walked from the document, kept when they may match the query, and given projection
 * metadata from their GeoTIFFs where the STAC lacks it.
 */
import type { ItemQuery, StacAccess } from "../../cube/context";
import type { Cog } from "../../raster/cog-header";
import { createItemMatcher } from "../search";
import { MAX_ITEMS } from "../search/budgets";
import type { StacAsset, StacItem } from "../stac-types";
import { describeStac } from "./describe-stac";
import { fillProjection } from "./fill-projection";
import { itemSearch } from "./item-search";
import { stacDocument } from "./stac-document";
import { tooMuchStac } from "./stac-errors";
import { StacFetcher, type StacFetchContext } from "./stac-fetch";
import { walkItems } from "./walk-items";

export function urlStacAccess(ctx: StacFetchContext, open: (asset: StacAsset) => Promise<Cog>): StacAccess {
  const fetcher = new StacFetcher(ctx);
  const root = async (url: string) => stacDocument(await fetcher.get(url));
  return {
    collection: async (url) => describeStac(await root(url), fetcher),
    async items(url: string, query: ItemQuery): Promise<StacItem[]> {
      const matches = createItemMatcher(itemSearch(query, MAX_ITEMS));
      const items: StacItem[] = [];
      for await (const item of walkItems(await root(url), query, fetcher)) {
        if (!matches(item)) continue;
        if (items.length === MAX_ITEMS) throw tooMuchStac(`more than ${MAX_ITEMS} items of ${url} match; narrow the extents`);
        items.push(item);
      }
      return fillProjection(items, open);
    },
  };
}

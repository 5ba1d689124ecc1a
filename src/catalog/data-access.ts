/**
 * DataAccess over the Catalog and asset byte sources. The bindings come in through the Catalog and
 * AssetSourceContext the caller builds (api/, jobs/); `wrap` lets tests and benchmarks count reads.
 */
import { assetByteSource, type AssetSourceContext } from "./asset-source";
import { fileError } from "./file-error";
import { readSmallFile, userFileHref } from "./read-file";
import type { Catalog } from "./catalog";
import { searchCatalog } from "./catalog-search";
import { decodeUrlPart } from "./stac-source/decode-url-part";
import { itemSearch } from "./stac-source/item-search";
import { urlStacAccess } from "./stac-source/stac-access";
import { unscaledItem } from "./stac-source/stac-item";
import type { StacAsset } from "./stac-types";
import { OpenEOError } from "../errors";
import { readCancelled, type ReadDeadlines } from "../net/bounded-fetch";
import { failureReason } from "../net/failure-reason";
import type { ByteSource } from "../raster/byte-source";
import { openCog } from "../raster/open-cog";
import type { DataAccess, ItemQuery, StacAccess } from "../cube/context";
import type { ExpiringCache } from "../expiring-cache";
import type { FetchedJson } from "./stac-source/stac-fetch";
import { MAX_ITEMS } from "./search/budgets";

export interface DataAccessOptions {
  wrap?: (source: ByteSource) => ByteSource;
  maxBytes?: number;
  /** Deadlines of every HTTP(S) read (COG ranges, STAC documents); bounded-fetch's defaults when absent. */
  deadlines?: Partial<ReadDeadlines>;
  /** The run's signal: reads in flight stop and no read starts once it is aborted. */
  signal?: AbortSignal;
  /** STAC documents shared with other runs (stac-fetch.ts). */
  stacDocuments?: ExpiringCache<FetchedJson>;
}

function hostOf(href: string): string {
  try {
    return new URL(href).host;
  } catch {
    return "this back-end's storage";
  }
}

/**
 * A failed read is the asset host's trouble, not ours: say which host, never a bare 500. No read
 * starts once the run's signal is aborted (an R2 read can't be stopped half-way, an HTTPS one is).
 */
function guarded(source: ByteSource, href: string, signal: AbortSignal | undefined): ByteSource {
  return {
    key: source.key,
    read: async (offset, length) => {
      if (signal?.aborted) throw readCancelled(signal, hostOf(href), href);
      return source.read(offset, length).catch((error: unknown) => {
        if (error instanceof OpenEOError) throw error;
        throw new OpenEOError("DataSourceUnavailable", { host: hostOf(href), reason: failureReason(error) }, { cause: error });
      });
    },
  };
}

/** The id of one of our own collections when `url` is its address here (this API's /collections/{id}). */
function ownCollection(url: string, apiBase: string): string | undefined {
  const prefix = `${apiBase}/collections/`;
  if (!url.startsWith(prefix)) return undefined;
  const rest = url.slice(prefix.length).replace(/\/$/, "");
  return rest && !/[/?#]/.test(rest) ? decodeUrlPart(rest, url) : undefined;
}

export function catalogDataAccess(catalog: Catalog, assets: AssetSourceContext, options: DataAccessOptions = {}): DataAccess {
  const wrap = options.wrap ?? ((source) => source);
  const { deadlines, signal } = options;
  const reads = { ...(deadlines ? { deadlines } : {}), ...(signal ? { signal } : {}) };
  async function openAsset(asset: StacAsset) {
    const source = await assetByteSource(asset, { ...assets, ...reads });
    return openCog(wrap(guarded(source, asset.href, signal)), asset.href).catch((error: unknown) => {
      throw fileError(error);
    });
  }
  async function items(collection: string, query: ItemQuery) {
    const page = await searchCatalog(catalog, { ...itemSearch(query, MAX_ITEMS), collections: [collection] }, (item) => item);
    // Remote APIs page below our limit; a partial set of items would silently drop data.
    if (page.next) throw new OpenEOError("ProcessGraphComplexity", {}, { message: `Too many items of '${collection}' match; narrow the extents.` });
    return page.features as Awaited<ReturnType<DataAccess["items"]>>;
  }
  const urls = urlStacAccess(
    {
      files: assets.files,
      apiBase: assets.apiBase,
      ...(assets.userId ? { userId: assets.userId } : {}),
      ...(assets.ownResults ? { ownResults: assets.ownResults } : {}),
      ...(assets.privateHosts ? { privateHosts: assets.privateHosts } : {}),
      ...(options.stacDocuments ? { shared: options.stacDocuments } : {}),
      ...reads,
    },
    openAsset,
  );
  // Our own collections are read from the catalog: a Worker can't fetch its own URLs reliably.
  const stac: StacAccess = {
    collection: (url) => {
      const own = ownCollection(url, assets.apiBase);
      return own ? catalog.collection(own) : urls.collection(url);
    },
    items: (url, query) => {
      const own = ownCollection(url, assets.apiBase);
      return own ? items(own, query).then((found) => found.map(unscaledItem)) : urls.items(url, query);
    },
  };
  return {
    collection: (id) => catalog.collection(id),
    items,
    openAsset,
    stac,
    readFile: (reference, maxBytes) => readSmallFile(reference, maxBytes, { ...assets, ...reads }),
    userFileHref: (path) => userFileHref(path, assets.apiBase),
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    ...(signal ? { signal } : {}),
  };
}

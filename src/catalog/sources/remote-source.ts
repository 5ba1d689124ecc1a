import { OpenEOError } from "../../errors";
import { boundedFetch } from "../../net/bounded-fetch";
import { bandSummaries } from "../collection-metadata";
import type { RemoteCollectionConfig } from "../remote-collections";
import { STAC_EXTENSIONS, type StacCollection, type StacItem } from "../stac-types";

const METADATA_TTL_MS = 10 * 60 * 1000;
/** Search pages and items are far smaller; a larger answer is not one of them. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** Per isolate: the temporal extent the remote API reports, refreshed every few minutes. */
const extentCache = new Map<string, { at: number; interval: (string | null)[] }>();

export function unreachable(url: string, reason: string): OpenEOError {
  return new OpenEOError("DataSourceUnavailable", { host: new URL(url).host, reason });
}

/** GETs or POSTs JSON from the remote STAC API, within bounded-fetch's deadlines and a size cap; failures name the host. */
export async function fetchRemoteJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await boundedFetch(url, { ...init, headers: { Accept: "application/json", ...init?.headers } });
  if (!response.ok) response.cancel();
  if (response.status === 404) throw new OpenEOError("NotFound", {}, { message: `Not found at the data source: ${url}` });
  if (!response.ok) throw unreachable(url, `HTTP ${response.status}`);
  const text = await response.text(MAX_ANSWER_BYTES);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw unreachable(url, "the answer is not JSON");
  }
}

async function remoteInterval(config: RemoteCollectionConfig): Promise<(string | null)[]> {
  const cached = extentCache.get(config.id);
  if (cached && Date.now() - cached.at < METADATA_TTL_MS) return cached.interval;
  try {
    const remote = await fetchRemoteJson<StacCollection>(`${config.api}/collections/${config.remoteId}`);
    const interval = remote.extent?.temporal?.interval?.[0] ?? config.metadata.extent.temporal.interval[0]!;
    extentCache.set(config.id, { at: Date.now(), interval });
    return interval;
  } catch (error) {
    console.warn(`collections: ${config.id} answered from configured metadata: ${error instanceof Error ? error.message : error}`);
    return config.metadata.extent.temporal.interval[0]!;
  }
}

/** The collection document of a remote collection: our configured description, the remote temporal extent. */
export async function describeRemoteCollection(config: RemoteCollectionConfig): Promise<StacCollection> {
  const interval = await remoteInterval(config);
  const bbox = config.metadata.extent.spatial.bbox[0]!;
  const crs = config.referenceSystem ?? 4326;
  const horizontal = (axis: "x" | "y", extent: number[]) => ({ type: "spatial", axis, extent, reference_system: crs, step: null });
  return {
    type: "Collection",
    stac_version: "1.0.0",
    stac_extensions: [STAC_EXTENSIONS.eo, STAC_EXTENSIONS.raster, STAC_EXTENSIONS.datacube],
    ...config.metadata,
    extent: { spatial: config.metadata.extent.spatial, temporal: { interval: [interval] } },
    links: config.licenseUrl ? [{ rel: "license", href: config.licenseUrl, type: "text/html", title: "License" }] : [],
    "cube:dimensions": {
      x: horizontal("x", [bbox[0]!, bbox[2]!]),
      y: horizontal("y", [bbox[1]!, bbox[3]!]),
      t: { type: "temporal", extent: interval, step: null },
      bands: { type: "bands", values: config.bands.map((b) => b.name) },
    },
    summaries: { ...bandSummaries(config.bands), platform: config.platforms, constellation: [config.constellation] },
  };
}

/** One item of the remote collection, with our collection id. */
export async function remoteItem(config: RemoteCollectionConfig, itemId: string): Promise<StacItem> {
  const item = await fetchRemoteJson<StacItem>(`${config.api}/collections/${config.remoteId}/items/${encodeURIComponent(itemId)}`);
  return { ...item, collection: config.id };
}

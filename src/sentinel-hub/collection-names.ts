/**
 * Collections as Sentinel Hub names them: a remote collection keeps its id (`sentinel-2-l2a`), a
 * BYOC collection made through the BYOC API too (`byoc-<uuid>`), a collection ingested by
 * `npm run ingest` is `byoc-<id>`. One name per collection, so a remote id with the prefix, or an
 * ingested id without it, names nothing.
 */
import { BYOC_ID } from "../catalog/byoc/describe";
import type { Catalog, CollectionSource } from "../catalog/catalog";
import { OpenEOError } from "../errors";

const BYOC = "byoc-";

export function sentinelHubName(source: CollectionSource): string {
  return source.kind === "ingested" ? BYOC + source.id : sourceId(source);
}

/** Our id of a source. */
export function sourceId(source: CollectionSource): string {
  return source.kind === "remote" ? source.config.id : source.id;
}

/** Our id of a local collection's Sentinel Hub name: a BYOC collection's byoc-<uuid> itself, the ingested id behind byoc-<id>; undefined for other names (remote collections keep theirs). */
export function localCollectionId(name: string): string | undefined {
  if (BYOC_ID.test(name)) return name;
  return name.startsWith(BYOC) && name.length > BYOC.length ? name.slice(BYOC.length) : undefined;
}

/** The source a Sentinel Hub name stands for; 404 CollectionNotFound (under that name) otherwise. */
export async function resolveSentinelHubName(catalog: Catalog, name: string): Promise<CollectionSource> {
  const local = localCollectionId(name);
  const source = await sourceOrNothing(catalog, local ?? name);
  if (!source || (source.kind !== "remote") !== (local !== undefined)) throw new OpenEOError("CollectionNotFound", { identifier: name });
  return source;
}

function sourceOrNothing(catalog: Catalog, id: string): Promise<CollectionSource | undefined> {
  return catalog.source(id).catch((error: unknown) => {
    if (error instanceof OpenEOError && error.code === "CollectionNotFound") return undefined;
    throw error;
  });
}

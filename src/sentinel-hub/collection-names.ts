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

/** The source a Sentinel Hub name stands for; 404 CollectionNotFound (under that name) otherwise. */
export async function resolveSentinelHubName(catalog: Catalog, name: string): Promise<CollectionSource> {
  const byoc = BYOC_ID.test(name) ? await sourceOrNothing(catalog, name) : undefined;
  if (byoc?.kind === "byoc") return byoc;
  const ingested = name.startsWith(BYOC);
  const id = ingested ? name.slice(BYOC.length) : name;
  const source = id === "" ? undefined : await sourceOrNothing(catalog, id);
  if (!source || (source.kind === "ingested") !== ingested) throw new OpenEOError("CollectionNotFound", { identifier: name });
  return source;
}

function sourceOrNothing(catalog: Catalog, id: string): Promise<CollectionSource | undefined> {
  return catalog.source(id).catch((error: unknown) => {
    if (error instanceof OpenEOError && error.code === "CollectionNotFound") return undefined;
    throw error;
  });
}

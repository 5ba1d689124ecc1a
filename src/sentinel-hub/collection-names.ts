/**
 * Collections as Sentinel Hub names them: a remote collection keeps its id (`sentinel-2-l2a`), a
 * collection ingested here is `byoc-<id>` (Bring Your Own COG). One name per collection, so a
 * remote id with the prefix, or an ingested id without it, names nothing.
 */
import type { Catalog, CollectionSource } from "../catalog/catalog";
import { OpenEOError } from "../errors";

const BYOC = "byoc-";

export function sentinelHubName(source: CollectionSource): string {
  return source.kind === "ingested" ? BYOC + source.id : source.config.id;
}

/** Our id of a source. */
export function sourceId(source: CollectionSource): string {
  return source.kind === "ingested" ? source.id : source.config.id;
}

/** The source a Sentinel Hub name stands for; 404 CollectionNotFound (under that name) otherwise. */
export async function resolveSentinelHubName(catalog: Catalog, name: string): Promise<CollectionSource> {
  const ingested = name.startsWith(BYOC);
  const id = ingested ? name.slice(BYOC.length) : name;
  const source = id === "" ? undefined : await catalog.source(id).catch((error: unknown) => {
    if (error instanceof OpenEOError && error.code === "CollectionNotFound") return undefined;
    throw error;
  });
  if (!source || (source.kind === "ingested") !== ingested) throw new OpenEOError("CollectionNotFound", { identifier: name });
  return source;
}

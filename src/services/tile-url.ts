/**
 * Where a service's tiles are. The url a service document gives carries the service's version
 * (`?v=`), so a tile can be looked up in the caches under that version before the service's record
 * is read: an isolate that never read the record answers a cached tile without its Durable Object.
 * The template without a version stays valid and shows the current version.
 */
import type { TileAddress } from "../tiles/tile-grid";

/** A service's own url under `base`, which its tiles and map page are under. */
export const serviceUrl = (base: string, serviceId: string) => `${base}/services/${encodeURIComponent(serviceId)}`;

/** The XYZ template of a service's tiles under `base` (an API base, or the API prefix for a relative url). */
export function tileTemplate(base: string, serviceId: string, version?: number): string {
  return `${serviceUrl(base, serviceId)}/tiles/{z}/{x}/{y}.png${version === undefined ? "" : `?v=${version}`}`;
}

/** One tile of a service's version. */
export function tileUrl(base: string, serviceId: string, version: number, { z, x, y }: TileAddress): string {
  return `${serviceUrl(base, serviceId)}/tiles/${z}/${x}/${y}.png?v=${version}`;
}

/** The version a tile url names: a positive integer, else undefined (no such version). */
export function namedVersion(v: string): number | undefined {
  if (!/^[1-9]\d{0,8}$/.test(v)) return undefined;
  return Number(v);
}

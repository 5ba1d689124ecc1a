/**
 * The public XYZ tiles of a service: what its url template leads to, fetched by map libraries
 * without openEO authentication (the service id is unguessable). Tiles are cached by the Cache API
 * under the service's version, so a change renders them anew; a browser revalidates with ETags.
 * The url a service document gives names the version (`?v=`, services/tile-url.ts): a tile cached
 * under it is answered before the service's record is read, so an isolate that never read it needs
 * no Durable Object for a cached tile; a url naming another version than the current one is
 * redirected to the current one. Without `?v=` the version comes from the isolate's copy of the
 * record (servingService).
 * Without min/max, tiles stretch over the value range estimated once per version (service-range.ts).
 * The tiles an isolate served last are kept in its memory too, so a repeated request needs no
 * cache lookup at all.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ServiceRecord } from "../../durable-objects/service";
import type { AppEnv } from "../app-env";
import { OpenEOError } from "../errors";
import { ExpiringCache } from "../expiring-cache";
import { RunLog } from "../execution/run-log";
import { stricterLevel } from "../jobs/log-entry";
import { runEnvironment } from "../execution/sync";
import { serviceEstimate } from "../services/service-range";
import { servingService, serviceStub } from "../services/service-store";
import { namedVersion, tileUrl } from "../services/tile-url";
import { isRandomUuid } from "../uuid";
import { DecodedTiles } from "../raster/decoded-tiles";
import { renderTile, transparentTile } from "../tiles/render-tile";
import type { XyzConfiguration } from "../tiles/configuration";
import { isTile, MAX_ZOOM, type TileAddress } from "../tiles/tile-grid";
import { shownRange } from "../tiles/value-range";
import { errorResponses } from "./schemas/common";
import { apiBaseOf } from "./version";

const tileRoute = createRoute({
  method: "get",
  path: "/services/{service_id}/tiles/{z}/{x}/{y}",
  summary: "A map tile of an XYZ service (the last segment is {y}.png)",
  tags: ["Secondary Services"],
  request: {
    params: z.object({ service_id: z.string(), z: z.string(), x: z.string(), y: z.string().openapi({ description: "The tile row followed by .png, such as 42.png." }) }),
    query: z.object({ v: z.string().optional().openapi({ description: "The service's version, as the url in the service's document names it." }) }),
  },
  responses: {
    200: { description: "The tile (transparent where there is no data).", content: { "image/png": { schema: z.string().openapi({ format: "binary" }) } } },
    302: { description: "The url names another version of the service than the current one: the same tile of the current version." },
    304: { description: "The tile has not changed since the ETag given in If-None-Match." },
    ...errorResponses,
  },
});

const CACHE_SECONDS = 300;
const CACHE_CONTROL = `public, max-age=${CACHE_SECONDS}`;
/**
 * A failed tile is cached briefly too: tiles are public, and the same failing request repeated
 * (a map panning back, a script) must not redo the work; a change to the service renders anew.
 */
const FAILED_CACHE_SECONDS = 30;

/**
 * Source tiles decoded for one map tile are kept for the next: neighbouring map tiles and zoom
 * levels share source tiles, which then cost neither a request nor a decode. Per isolate, keyed
 * like the COG header cache (by source and ETag where known), within a budget well below a
 * Worker's memory.
 */
const decodedTiles = new DecodedTiles(16 * 2 ** 20);

/**
 * A copy of a tile as the caches keep it: its answer, and when it stops being fresh. A copy is
 * answered with the seconds it has left, so that no cache (ours, a browser's) keeps it longer than
 * the first answer allowed: a cached tile of a changed, disabled or deleted service is gone 5
 * minutes after it was rendered, whichever cache it came through.
 */
interface TileCopy {
  body: Uint8Array;
  status: number;
  headers: [string, string][];
  expires: number;
}

/**
 * The tiles this isolate rendered or found in the Cache API last: a map asks again for the tiles it
 * shows (panning back, zooming out and in, another viewer of the service). Keyed like the Cache
 * API (the service's version included), kept while fresh, within a budget.
 */
const recentTiles = new ExpiringCache<TileCopy>({ ttlMs: CACHE_SECONDS * 1000, maxSize: 8 * 2 ** 20 });

function tileAddress(params: { z: string; x: string; y: string }): TileAddress {
  const row = /^(\d+)\.png$/.exec(params.y)?.[1];
  const tile = { z: Number(params.z), x: Number(params.x), y: row === undefined ? NaN : Number(row) };
  if (!/^\d+$/.test(params.z) || !/^\d+$/.test(params.x) || !isTile(tile)) throw new OpenEOError("TileNotFound", { z: params.z, x: params.x, y: params.y.replace(/\.png$/, ""), max: MAX_ZOOM });
  return tile;
}

/**
 * Where the Cache API keeps a rendered tile: one key per service version (every change makes a new
 * one, the tile size included), so changes never serve stale tiles, and a tile url's version finds
 * its tiles before the record is read.
 */
const cacheKey = (serviceId: string, version: number, { z, x, y }: TileAddress) =>
  new Request(`https://tiles.openeo-edge.internal/${encodeURIComponent(serviceId)}/${version}/${z}/${x}/${y}.png`);

const tileEtag = (version: number, { z, x, y }: TileAddress) => `"${version}-${z}-${x}-${y}"`;

/** A tile as rendered: its PNG, the status and headers of the answer. */
interface RenderedTile {
  body: Uint8Array;
  status: number;
  headers: Record<string, string>;
}

function png(body: Uint8Array, status: number, headers: Record<string, string>): RenderedTile {
  return { body, status, headers: { "Content-Type": "image/png", ...headers } };
}

/**
 * Renders the tile. No data there is a transparent tile like any other; a failure is a transparent
 * tile too (maps expect an image), with the error's status and code, cached for a short while, and
 * its reason in the service's log (which keeps each distinct message once a minute).
 */
async function rendered(c: Context<AppEnv>, service: ServiceRecord, configuration: XyzConfiguration, tile: TileAddress, etag: string): Promise<RenderedTile> {
  // Tiles are many: only what goes wrong reaches the service's log.
  const log = new RunLog(stricterLevel(service.log_level, "warning"));
  const { engineEnv, data: access, stats } = runEnvironment({ env: c.env, userId: service.user_id, apiBase: apiBaseOf(c.req.url) }, "tile");
  const data = { ...access, tiles: decodedTiles };
  const size = service.configuration.tile_size;
  const started = Date.now();
  // What rendering took and read, for operators and the tile benchmark (bench/tiles.ts).
  const timing = () => `render;dur=${Date.now() - started};desc="${stats.bytes} bytes in ${stats.requests.length} reads, ${stats.rounds} round trips"`;
  const ok = () => ({ ETag: etag, "Cache-Control": CACHE_CONTROL, "Server-Timing": timing() });
  try {
    const bytes = await renderTile(service.process, configuration, tile, engineEnv, data, log);
    return png(bytes, 200, ok());
  } catch (error) {
    if (error instanceof OpenEOError && error.code === "NoDataAvailable") return png(transparentTile(size), 200, ok());
    const known = error instanceof OpenEOError;
    const code = known ? error.code : "Internal";
    if (!known) console.error(`tile ${tile.z}/${tile.x}/${tile.y} of service ${service.id} failed`, error);
    log.add("error", `Tile ${tile.z}/${tile.x}/${tile.y}: ${known ? error.message : "the tile could not be rendered."}`, { code });
    return png(transparentTile(size), known ? error.status : 500, { "Cache-Control": `public, max-age=${FAILED_CACHE_SECONDS}`, "OpenEO-Error-Code": code, "Server-Timing": timing() });
  } finally {
    if (log.entries.length > 0) c.executionCtx.waitUntil(serviceStub(c.env, service.id).log(...log.stored()));
  }
}

/** The configuration tiles are drawn with: an estimated value range fills the ends it leaves out. */
async function shownConfiguration(c: Context<AppEnv>, service: ServiceRecord): Promise<XyzConfiguration> {
  const range = shownRange(service.configuration, await serviceEstimate(c.env, service, apiBaseOf(c.req.url)));
  return range.source === "estimated" ? { ...service.configuration, min: range.min, max: range.max } : service.configuration;
}

/** Caches keep only some statuses: a failed tile is stored as a 200 that remembers its own. */
const STATUS_HEADER = "Edge-Tile-Status";
/** When a stored copy stops being fresh (milliseconds since 1970), whatever the cache does with it. */
const EXPIRES_HEADER = "Edge-Tile-Expires";
/** Headers of one answer, not of the tile: its timing, its freshness, and what a cache said of the copy it gave. */
const PER_ANSWER = new Set(["server-timing", "cache-control", "age", "cf-cache-status", STATUS_HEADER.toLowerCase(), EXPIRES_HEADER.toLowerCase()]);

/** A rendered tile as the caches keep it. */
function copyOf({ body, status, headers }: RenderedTile): TileCopy {
  const seconds = status === 200 ? CACHE_SECONDS : FAILED_CACHE_SECONDS;
  return { body, status, headers: Object.entries(headers).filter(([name]) => !PER_ANSWER.has(name.toLowerCase())), expires: Date.now() + seconds * 1000 };
}

/** The Cache-Control of a copy: the seconds it has left. */
const freshness = (copy: TileCopy) => `public, max-age=${Math.max(0, Math.ceil((copy.expires - Date.now()) / 1000))}`;

/** A copy answered. */
function answerOf(copy: TileCopy): Response {
  return new Response(copy.body, { status: copy.status, headers: [...copy.headers, ["Cache-Control", freshness(copy)]] });
}

/** What the Cache API stores: a 200 (whatever the tile's status) that remembers its status and expiry. */
function forCache(copy: TileCopy): Response {
  const headers = [...copy.headers, ["Cache-Control", freshness(copy)], [EXPIRES_HEADER, String(copy.expires)]];
  if (copy.status !== 200) headers.push([STATUS_HEADER, String(copy.status)]);
  return new Response(copy.body, { status: 200, headers });
}

/** The Cache API's copy while fresh; one answered 200 is kept in the isolate for the time it has left. */
async function fromCache(key: Request): Promise<TileCopy | undefined> {
  const hit = await caches.default.match(key);
  if (!hit) return undefined;
  const expires = Number(hit.headers.get(EXPIRES_HEADER));
  if (!(expires > Date.now())) {
    await hit.body?.cancel();
    return undefined;
  }
  const copy: TileCopy = {
    body: new Uint8Array(await hit.arrayBuffer()),
    status: Number(hit.headers.get(STATUS_HEADER) ?? 200),
    headers: [...hit.headers].filter(([name]) => !PER_ANSWER.has(name.toLowerCase())),
    expires,
  };
  if (copy.status === 200) recentTiles.set(key.url, copy, copy.body.byteLength, expires - Date.now());
  return copy;
}

/** Whether the browser holds the tile of `etag` already. */
const holds = (c: Context<AppEnv>, etag: string) => c.req.header("If-None-Match")?.split(",").some((tag) => tag.trim() === etag) ?? false;

/** A fresh copy of the tile from this isolate's recent tiles or the Cache API, answered (a 304 when the browser holds it); undefined when none has one. */
async function cachedTile(c: Context<AppEnv>, key: Request, etag: string): Promise<Response | undefined> {
  const copy = recentTiles.get(key.url) ?? (await fromCache(key));
  if (!copy) return undefined;
  if (copy.status === 200 && holds(c, etag)) return new Response(null, { status: 304, headers: { ETag: etag, "Cache-Control": freshness(copy) } });
  return answerOf(copy);
}

export const serviceTilesApi = new OpenAPIHono<AppEnv>().openapi(tileRoute, async (c) => {
  const params = c.req.valid("param");
  const id = params.service_id;
  const tile = tileAddress(params);
  const query = c.req.valid("query").v;
  const asked = query === undefined ? undefined : namedVersion(query);
  // Before the record: only a copy the caches hold answers (a 304 too), for ids a service can have.
  if (asked !== undefined && isRandomUuid(id)) {
    const cached = await cachedTile(c, cacheKey(id, asked, tile), tileEtag(asked, tile));
    if (cached) return cached;
  }
  const { service } = await servingService(c.env, id, { atLeast: asked ?? 0 });
  if (query !== undefined && asked !== service.version) {
    // An old version's url (a map opened before a change), or no version at all: the current tile.
    return c.body(null, 302, { Location: tileUrl(apiBaseOf(c.req.url), id, service.version, tile), "Cache-Control": "no-store" });
  }
  const key = cacheKey(id, service.version, tile);
  const etag = tileEtag(service.version, tile);
  // The service exists, is enabled and has this version: the browser's copy is current.
  if (holds(c, etag)) return c.body(null, 304, { ETag: etag, "Cache-Control": CACHE_CONTROL });
  if (asked === undefined) {
    const cached = await cachedTile(c, key, etag);
    if (cached) return cached;
  }
  const fresh = await rendered(c, service, await shownConfiguration(c, service), tile, etag);
  const copy = copyOf(fresh);
  c.executionCtx.waitUntil(afterAnswer().then(() => caches.default.put(key, forCache(copy))));
  if (fresh.status === 200) recentTiles.set(key.url, copy, copy.body.byteLength);
  return new Response(fresh.body, { status: fresh.status, headers: fresh.headers });
});

/**
 * Storing a tile costs its isolate CPU (the copy handed to the cache, its headers, the write): a
 * timer's turn lets the answer's body go out first, so the map gets the tile that much sooner
 * (1.5-2 ms a tile through wrangler dev, npm run bench:e2e-profile).
 */
const afterAnswer = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Sentinel Hub's BYOC API (/api/v1/byoc/collections and their tiles): a user's collections of
 * COGs kept in their files (or at https URLs), each tile checked as `npm run ingest` checks a COG
 * and indexed in the collection's Durable Object. The collection is then `byoc-<id>` in the
 * Process API and in openEO, for its owner only. Errors in Sentinel Hub's shape (error-handler.ts).
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { requireAuth } from "../auth/middleware";
import type { ByocCollectionRecord, ByocTileRecord } from "../catalog/byoc/records";
import { parseDateTime } from "../catalog/search/datetime";
import { byocCollectionUuids, byocStub } from "../catalog/sources/byoc-source";
import { readDeadlines } from "../execution/read-deadlines";
import { OpenEOError } from "../errors";
import { ingestTile } from "../sentinel-hub/byoc/ingest-tile";
import { BYOC_LIMITS } from "../sentinel-hub/byoc/limits";
import { createCollection, declaredBands, deleteCollection, ownedCollection } from "../sentinel-hub/byoc/store";
import { parseTilePath } from "../sentinel-hub/byoc/tile-path";
import { collectionView, tileView, viewLinks } from "../sentinel-hub/byoc/views";
import { badRequest } from "../sentinel-hub/process-request";
import { requireJsonBody } from "./middleware/json-body";
import { bearerSecurity, errorResponses } from "./schemas/common";

const UUID = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const CollectionParams = z.object({ collectionId: UUID });
const TileParams = CollectionParams.extend({ tileId: UUID });
/** viewtoken: the last id of the previous page, so a deletion between pages skips nothing. */
const ViewQuery = z.object({
  count: z.coerce.number().int().min(1).max(BYOC_LIMITS.maxPageCount).optional(),
  viewtoken: UUID.optional(),
});
const Name = z.string().min(1).max(BYOC_LIMITS.maxNameChars);
const BandsSchema = z.record(z.string(), z.object({ source: z.string().optional() }).passthrough());
const CollectionBody = z
  .object({
    name: Name,
    s3Bucket: z.string().max(BYOC_LIMITS.maxNameChars).nullable().optional(),
    noData: z.number().nullable().optional(),
    additionalData: z.object({ bands: BandsSchema.optional() }).passthrough().optional(),
  })
  .passthrough()
  .openapi("ByocCollectionRequest", { description: "name; s3Bucket is kept as given (files are read from your own files or https URLs); additionalData.bands declares the bands." });
const CollectionPatch = CollectionBody.partial().openapi("ByocCollectionUpdate");
const TileBody = z
  .object({ path: z.string().min(1).max(BYOC_LIMITS.maxPathChars), sensingTime: z.string().max(64), cloudCoverage: z.number().min(0).max(100).optional() })
  .passthrough()
  .openapi("ByocTileRequest", { description: "path: a file path in your files or an https URL, with (BAND) for the band file's name (or a folder of <band>.tif); sensingTime: ISO 8601; cloudCoverage: percent, the item's eo:cloud_cover (filterable)." });

const json = (description: string) => ({ description, content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } });
const common = { tags: ["Sentinel Hub"], security: bearerSecurity };
const base = "/api/v1/byoc/collections";

const listCollections = createRoute({ ...common, method: "get", path: base, summary: "BYOC: your collections", middleware: [requireAuth] as const, request: { query: ViewQuery }, responses: { 200: json("{data: collections, links}"), ...errorResponses } });
const postCollection = createRoute({ ...common, method: "post", path: base, summary: "BYOC: create a collection", middleware: [requireAuth, requireJsonBody] as const, request: { body: { required: true, content: { "application/json": { schema: CollectionBody } } } }, responses: { 201: json("{data: collection}"), ...errorResponses } });
const getCollection = createRoute({ ...common, method: "get", path: `${base}/{collectionId}`, summary: "BYOC: a collection", middleware: [requireAuth] as const, request: { params: CollectionParams }, responses: { 200: json("{data: collection}"), ...errorResponses } });
const putCollection = createRoute({ ...common, method: "put", path: `${base}/{collectionId}`, summary: "BYOC: update a collection", middleware: [requireAuth, requireJsonBody] as const, request: { params: CollectionParams, body: { required: true, content: { "application/json": { schema: CollectionPatch } } } }, responses: { 204: { description: "Updated." }, ...errorResponses } });
const deleteCollectionRoute = createRoute({ ...common, method: "delete", path: `${base}/{collectionId}`, summary: "BYOC: delete a collection and its tiles", middleware: [requireAuth] as const, request: { params: CollectionParams }, responses: { 204: { description: "Deleted." }, ...errorResponses } });
const listTiles = createRoute({ ...common, method: "get", path: `${base}/{collectionId}/tiles`, summary: "BYOC: a collection's tiles", middleware: [requireAuth] as const, request: { params: CollectionParams, query: ViewQuery }, responses: { 200: json("{data: tiles, links}"), ...errorResponses } });
const postTile = createRoute({ ...common, method: "post", path: `${base}/{collectionId}/tiles`, summary: "BYOC: register a tile (checked at once)", middleware: [requireAuth, requireJsonBody] as const, request: { params: CollectionParams, body: { required: true, content: { "application/json": { schema: TileBody } } } }, responses: { 201: json("{data: tile}, INGESTED or FAILED with additionalData.failedIngestionCause"), ...errorResponses } });
const getTile = createRoute({ ...common, method: "get", path: `${base}/{collectionId}/tiles/{tileId}`, summary: "BYOC: a tile", middleware: [requireAuth] as const, request: { params: TileParams }, responses: { 200: json("{data: tile}"), ...errorResponses } });
const deleteTile = createRoute({ ...common, method: "delete", path: `${base}/{collectionId}/tiles/{tileId}`, summary: "BYOC: delete a tile", middleware: [requireAuth] as const, request: { params: TileParams }, responses: { 204: { description: "Deleted." }, ...errorResponses } });

const tileNotFound = (id: string) => new OpenEOError("NotFound", {}, { message: `Tile ${id} not found.` });

/** Strictly a date and time with its offset (RFC 3339): Date.parse would take "1" for 2001. */
function sensingTime(text: string): string {
  const ms = parseDateTime(text);
  if (ms === undefined) throw badRequest("sensingTime must be an ISO 8601 date and time, such as 2024-05-01T10:00:00Z.");
  return new Date(ms).toISOString();
}

const sameNames = (a: Record<string, unknown> | null, b: Record<string, unknown> | null) =>
  JSON.stringify(Object.keys(a ?? {}).sort()) === JSON.stringify(Object.keys(b ?? {}).sort());

export const sentinelHubByocApi = new OpenAPIHono<AppEnv>()
  .openapi(listCollections, async (c) => {
    const { count = BYOC_LIMITS.maxPageCount, viewtoken } = c.req.valid("query");
    const after = (await byocCollectionUuids(c.env.DATA, c.var.user!.user_id)).filter((uuid) => viewtoken === undefined || uuid > viewtoken);
    const page = after.slice(0, count);
    const data = await Promise.all(
      page.map(async (uuid) => {
        const index = byocStub(c.env.BYOC, uuid);
        const record = await index.get();
        return record && collectionView(record, await index.aggregates());
      }),
    );
    const next = after.length > count ? page.at(-1) : undefined;
    return c.json({ data: data.filter((d) => d !== null), links: viewLinks(c.req.url, viewtoken, next) }, 200);
  })
  .openapi(postCollection, async (c) => {
    const body = c.req.valid("json");
    const record: ByocCollectionRecord = {
      id: crypto.randomUUID(),
      owner: c.var.user!.user_id,
      name: body.name,
      s3Bucket: body.s3Bucket ?? null,
      created: new Date().toISOString(),
      bands: declaredBands(body.additionalData?.bands),
      noData: body.noData ?? null,
    };
    await createCollection(c.env, record);
    return c.json({ data: collectionView(record, await byocStub(c.env.BYOC, record.id).aggregates()) }, 201);
  })
  .openapi(getCollection, async (c) => {
    const { record, index } = await ownedCollection(c.env, c.var.user!.user_id, c.req.valid("param").collectionId);
    return c.json({ data: collectionView(record, await index.aggregates()) }, 200);
  })
  .openapi(putCollection, async (c) => {
    const { record, index } = await ownedCollection(c.env, c.var.user!.user_id, c.req.valid("param").collectionId);
    const body = c.req.valid("json");
    const declared = body.additionalData?.bands === undefined ? undefined : declaredBands(body.additionalData.bands);
    // With tiles, the bands stay as the tiles configured them: a client sending back the same names (as it read them) changes nothing.
    const tiled = declared !== undefined && (await index.tileCount()) > 0;
    if (tiled && !sameNames(declared, record.bands)) throw badRequest("The bands of a collection with tiles can't change; delete its tiles first.");
    const bands = tiled ? undefined : declared;
    await index.update({
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.s3Bucket !== undefined ? { s3Bucket: body.s3Bucket } : {}),
      ...(body.noData !== undefined ? { noData: body.noData } : {}),
      ...(bands ? { bands } : {}),
    });
    return c.body(null, 204);
  })
  .openapi(deleteCollectionRoute, async (c) => {
    const { record, index } = await ownedCollection(c.env, c.var.user!.user_id, c.req.valid("param").collectionId);
    await deleteCollection(c.env, record, index);
    return c.body(null, 204);
  })
  .openapi(listTiles, async (c) => {
    const { index } = await ownedCollection(c.env, c.var.user!.user_id, c.req.valid("param").collectionId);
    const { count = BYOC_LIMITS.maxPageCount, viewtoken } = c.req.valid("query");
    const { tiles, more } = await index.listTiles(count, viewtoken ?? null);
    const next = more ? tiles.at(-1)!.id : undefined;
    return c.json({ data: tiles.map(tileView), links: viewLinks(c.req.url, viewtoken, next) }, 200);
  })
  .openapi(postTile, async (c) => {
    const userId = c.var.user!.user_id;
    const { record, index } = await ownedCollection(c.env, userId, c.req.valid("param").collectionId);
    const body = c.req.valid("json");
    const location = parseTilePath(body.path);
    if ((await index.tileCount()) >= BYOC_LIMITS.maxTiles) throw badRequest(`The collection has ${BYOC_LIMITS.maxTiles} tiles, the most one may have.`);
    const tile: ByocTileRecord = {
      id: crypto.randomUUID(),
      path: body.path,
      status: "WAITING",
      sensingTime: sensingTime(body.sensingTime),
      ...(body.cloudCoverage !== undefined ? { cloudCoverage: body.cloudCoverage } : {}),
      created: new Date().toISOString(),
      ingestionStart: null,
      additionalData: {},
    };
    // Stored once checked: a request cut short leaves no tile WAITING forever.
    const { row, bands } = await ingestTile(record, tile, location, { files: c.env.FILES, userId, deadlines: readDeadlines(c.env), signal: c.req.raw.signal });
    const stored = await index.commitTile(row, bands);
    if (!stored) throw new OpenEOError("NotFound", {}, { message: `Collection ${record.id} was deleted meanwhile.` });
    return c.json({ data: tileView(stored.tile) }, 201);
  })
  .openapi(getTile, async (c) => {
    const { collectionId, tileId } = c.req.valid("param");
    const { index } = await ownedCollection(c.env, c.var.user!.user_id, collectionId);
    const row = await index.tile(tileId);
    if (!row) throw tileNotFound(tileId);
    return c.json({ data: tileView(row.tile) }, 200);
  })
  .openapi(deleteTile, async (c) => {
    const { collectionId, tileId } = c.req.valid("param");
    const { index } = await ownedCollection(c.env, c.var.user!.user_id, collectionId);
    if (!(await index.deleteTile(tileId))) throw tileNotFound(tileId);
    return c.body(null, 204);
  });

/**
 * Sentinel Hub's BYOC API: a collection of COG tiles in the user's files, written here by our own
 * COG writer with known digital numbers, registered, checked and read back through the Process API
 * and through openEO's load_collection pixel for pixel; the collection's Durable Object index
 * queried by bbox and time over 20,000 items and paged; bad input and bad COGs refused.
 */
import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { ByocTileRow } from "../../src/catalog/byoc/records";
import type { StacItem } from "../../src/catalog/stac-types";
import { Catalog } from "../../src/catalog/catalog";
import { ByocCatalog, byocStub } from "../../src/catalog/sources/byoc-source";
import { userFileKey } from "../../src/files/keys";
import { writeCog } from "../../src/raster/cog-writer";
import { headerCache } from "../../src/raster/header-cache";
import { openCog } from "../../src/raster/open-cog";
import { readWindow } from "../../src/raster/read-window";
import { FieldType, Tag } from "../../src/raster/tiff-tags";
import { loginAs, request } from "../support/http";
import { MemoryByteSource } from "../support/memory-byte-source";
import { band, utmGrid } from "../support/raster-fixtures";
import { STATIC_STAC } from "../support/stac-scenes";
import { buildTiff, geoTags, imageTags } from "../support/tiff-builder";

const SIDE = 16;
/** Digital numbers of band b on day d (1 or 2) at pixel (x, y). */
const dn = (b: string, d: number, x: number, y: number) => (b === "B04" ? 1000 + 7 * x + 3 * y : 3000 + 5 * x + 11 * y) + 100 * d;
const cog = (b: string, d: number) => writeCog([band(utmGrid(SIDE, SIDE), "uint16", (x, y) => dn(b, d, x, y))], { tileSize: SIDE, compression: "deflate" });

let alice: string;
let bob: string;

async function call(path: string, init: { method?: string; body?: unknown; auth?: string | null } = {}): Promise<Response> {
  const auth = init.auth === undefined ? alice : init.auth;
  const headers: Record<string, string> = { ...(auth ? { Authorization: auth } : {}), ...(init.body !== undefined ? { "Content-Type": "application/json" } : {}) };
  return request(path, { method: init.method ?? "GET", headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
}

async function upload(path: string, bytes: Uint8Array): Promise<void> {
  const res = await request(`/v1/files/${path}`, { method: "PUT", headers: { Authorization: alice, "Content-Type": "application/octet-stream" }, body: bytes });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function shError(res: Response, status: number): Promise<string> {
  const body = (await res.json()) as { error: { status: number; code: string; message: string } };
  expect(res.status, JSON.stringify(body)).toBe(status);
  expect(body.error.status).toBe(status);
  expect(body.error.code).toMatch(/^COMMON_/);
  return body.error.message;
}

async function createCollection(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await call("/api/v1/byoc/collections", { method: "POST", body: { name, s3Bucket: "my-bucket", ...extra } });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { data: { id: string } }).data.id;
}

async function addTile(collection: string, path: string, sensingTime: string, extra: Record<string, unknown> = {}) {
  const res = await call(`/api/v1/byoc/collections/${collection}/tiles`, { method: "POST", body: { path, sensingTime, ...extra } });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { data: { id: string; status: string; additionalData: { failedIngestionCause?: string } } }).data;
}

async function float32Pixels(res: Response): Promise<Float32Array | Uint16Array> {
  expect(res.status, await res.clone().text()).toBe(200);
  headerCache.clear();
  const image = await openCog(new MemoryByteSource(new Uint8Array(await res.arrayBuffer())));
  expect([image.header.grid.width, image.header.grid.height, image.header.grid.crs]).toEqual([SIDE, SIDE, "EPSG:32633"]);
  return (await readWindow(image, 0, 0, { x: 0, y: 0, width: SIDE, height: SIDE })) as Float32Array;
}

let collection: string;

beforeAll(async () => {
  [alice, bob] = await Promise.all([loginAs("alice"), loginAs("bob")]);
  await upload("byoc/t1/B04.tif", cog("B04", 1));
  await upload("byoc/t1/B08.tif", cog("B08", 1));
  await upload("byoc/t2/B04.tif", cog("B04", 2));
  await upload("byoc/t2/B08.tif", cog("B08", 2));
  collection = await createCollection("fixture tiles");
});

describe("BYOC collections", () => {
  it("creates, lists, reads, renames and deletes a collection, for its owner only", async () => {
    const id = await createCollection("short-lived");
    const got = (await (await call(`/api/v1/byoc/collections/${id}`)).json()) as { data: Record<string, unknown> };
    expect(got.data).toMatchObject({ id, name: "short-lived", s3Bucket: "my-bucket", isConfigured: false });
    const listed = (await (await call("/api/v1/byoc/collections")).json()) as { data: { id: string }[]; links: Record<string, unknown> };
    expect(listed.data.map((c) => c.id)).toContain(id);
    expect((await call(`/api/v1/byoc/collections/${id}`, { method: "PUT", body: { name: "renamed" } })).status).toBe(204);
    expect(((await (await call(`/api/v1/byoc/collections/${id}`)).json()) as { data: { name: string } }).data.name).toBe("renamed");

    await shError(await call(`/api/v1/byoc/collections/${id}`, { auth: bob }), 404);
    await shError(await call(`/api/v1/byoc/collections/${id}`, { method: "DELETE", auth: bob }), 404);
    expect(((await (await call("/api/v1/byoc/collections", { auth: bob })).json()) as { data: { id: string }[] }).data.map((c) => c.id)).not.toContain(id);

    expect((await call(`/api/v1/byoc/collections/${id}`, { method: "DELETE" })).status).toBe(204);
    await shError(await call(`/api/v1/byoc/collections/${id}`), 404);
  });

  it("keeps no storage for ids that name no collection, nor for a deleted one", async () => {
    const tables = (uuid: string) => runInDurableObject(env.BYOC.get(env.BYOC.idFromName(uuid)), (_, state) => state.storage.sql.exec("SELECT name FROM sqlite_master").toArray().length);
    const probed = crypto.randomUUID();
    await shError(await call(`/api/v1/byoc/collections/${probed}`), 404);
    await shError(await call(`/api/v1/byoc/collections/${probed}/tiles`), 404);
    expect(await tables(probed)).toBe(0);
    const id = await createCollection("deleted");
    expect(await tables(id)).toBeGreaterThan(0);
    expect((await call(`/api/v1/byoc/collections/${id}`, { method: "DELETE" })).status).toBe(204);
    expect(await tables(id)).toBe(0);
    await shError(await call(`/api/v1/byoc/collections/${id}`), 404);
  });

  it("pages the listing with count and viewtoken, skipping nothing when a listed collection is deleted", async () => {
    // Bob's collections: only this test makes any.
    type Listing = { data: { id: string }[]; links: { nextToken?: string } };
    const made: string[] = [];
    for (const name of ["page a", "page b", "page c"]) {
      const res = await call("/api/v1/byoc/collections", { method: "POST", auth: bob, body: { name } });
      made.push(((await res.json()) as { data: { id: string } }).data.id);
    }
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = (await (await call(`/api/v1/byoc/collections?count=1${token ? `&viewtoken=${token}` : ""}`, { auth: bob })).json()) as Listing;
      expect(page.data).toHaveLength(1);
      seen.push(page.data[0]!.id);
      // The collection just listed goes away before the next page is asked for.
      if (seen.length === 1) expect((await call(`/api/v1/byoc/collections/${seen[0]}`, { method: "DELETE", auth: bob })).status).toBe(204);
      token = page.links.nextToken;
    } while (token);
    expect(seen).toEqual([...made].sort());
    await shError(await call("/api/v1/byoc/collections?viewtoken=3", { auth: bob }), 400);
    await shError(await call(`/api/v1/byoc/collections/${made[0]}/tiles?viewtoken=zzz`, { auth: bob }), 400);
    for (const id of seen.slice(1)) expect((await call(`/api/v1/byoc/collections/${id}`, { method: "DELETE", auth: bob })).status).toBe(204);
  });

  it("refuses bad input in Sentinel Hub's error shape", async () => {
    await shError(await call("/api/v1/byoc/collections", { auth: null }), 401);
    await shError(await call("/api/v1/byoc/collections", { method: "POST", body: { name: "" } }), 400);
    await shError(await call("/api/v1/byoc/collections", { method: "POST", body: { name: "x".repeat(257) } }), 400);
    await shError(await call("/api/v1/byoc/collections", { method: "POST", body: { name: "b", additionalData: { bands: { "B/1": {} } } } }), 400);
    // Band names are identifiers in evalscripts (samples.B04).
    for (const name of ["1B", "B-1", "B.1"]) await shError(await call("/api/v1/byoc/collections", { method: "POST", body: { name: "b", additionalData: { bands: { [name]: {} } } } }), 400);
    await shError(await call("/api/v1/byoc/collections", { method: "POST", body: { name: "b", additionalData: { bands: { B04: { sampleFormat: "UINT" } } } } }), 400);
    await shError(await call("/api/v1/byoc/collections", { method: "POST", body: { name: "b", additionalData: { bands: { B04: { noData: "none" } } } } }), 400);
    const many = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`B${i}`, {}]));
    await shError(await call("/api/v1/byoc/collections", { method: "POST", body: { name: "b", additionalData: { bands: many } } }), 400);
    await shError(await call("/api/v1/byoc/collections?count=1000"), 400);
    await shError(await call("/api/v1/byoc/collections?viewtoken=-3"), 400);
    await shError(await call("/api/v1/byoc/collections/not-a-uuid"), 404);
    await shError(await call(`/api/v1/byoc/collections/${crypto.randomUUID()}`), 404);
    const tiles = `/api/v1/byoc/collections/${collection}/tiles`;
    await shError(await call(tiles, { method: "POST", body: { path: "../other/x.tif", sensingTime: "2024-05-01T10:00:00Z" } }), 400);
    await shError(await call(tiles, { method: "POST", body: { path: "http://example.test/(BAND).tif", sensingTime: "2024-05-01T10:00:00Z" } }), 400);
    for (const host of ["localhost", "127.0.0.1", "169.254.169.254", "10.1.2.3", "[::1]", "metadata.internal"]) {
      expect(await shError(await call(tiles, { method: "POST", body: { path: `https://${host}/(BAND).tif`, sensingTime: "2024-05-01T10:00:00Z" } }), 400)).toContain("not a public internet host");
    }
    // (BAND) completing a host (with a band's file name "1": 127.0.0.1) is refused wherever it stands outside the path.
    for (const path of ["https://127.0.0.(BAND)/x.tif", "https://x.(BAND)", "https://(BAND)@example.org/x.tif"]) {
      expect(await shError(await call(tiles, { method: "POST", body: { path, sensingTime: "2024-05-01T10:00:00Z" } }), 400), path).toContain("may stand only in the URL's path");
    }
    await shError(await call(tiles, { method: "POST", body: { path: "a/(BAND)/(BAND).tif", sensingTime: "2024-05-01T10:00:00Z" } }), 400);
    await shError(await call(tiles, { method: "POST", body: { path: "x".repeat(2049), sensingTime: "2024-05-01T10:00:00Z" } }), 400);
    for (const time of ["yesterday", "1", "2024-05-01", "2024-02-30T10:00:00Z"]) await shError(await call(tiles, { method: "POST", body: { path: "byoc/t1", sensingTime: time } }), 400);
    await shError(await call(tiles, { method: "POST", body: { path: "byoc/t1" } }), 400);
    for (const cloudCoverage of [-1, 101, "low"]) await shError(await call(tiles, { method: "POST", body: { path: "byoc/t1", sensingTime: "2024-05-01T10:00:00Z", cloudCoverage } }), 400);
    await shError(await call(`${tiles}/${crypto.randomUUID()}`), 404);
  });
});

describe("BYOC tiles", () => {
  let tile1: string;
  let tile2: string;

  beforeAll(async () => {
    const t1 = await addTile(collection, "byoc/t1", "2024-05-01T10:00:00Z");
    expect(t1.status, JSON.stringify(t1)).toBe("INGESTED");
    tile1 = t1.id;
    const t2 = await addTile(collection, "byoc/t2/(BAND).tif", "2024-05-02T10:00:00Z", { cloudCoverage: 12.5 });
    expect(t2.status, JSON.stringify(t2)).toBe("INGESTED");
    tile2 = t2.id;
  });

  it("configures the collection's bands from the first tile's files and lists its tiles", async () => {
    const got = (await (await call(`/api/v1/byoc/collections/${collection}`)).json()) as { data: { isConfigured: boolean; additionalData: Record<string, unknown> } };
    expect(got.data.isConfigured).toBe(true);
    expect(got.data.additionalData.bands).toEqual({ B04: { source: "B04", bandIndex: 1, sampleFormat: "UINT", bitDepth: 16 }, B08: { source: "B08", bandIndex: 1, sampleFormat: "UINT", bitDepth: 16 } });
    expect(got.data.additionalData).toMatchObject({ fromSensingTime: "2024-05-01T10:00:00.000Z", toSensingTime: "2024-05-02T10:00:00.000Z" });
    const tiles = (await (await call(`/api/v1/byoc/collections/${collection}/tiles`)).json()) as { data: { id: string; status: string; path: string; coverGeometry: unknown }[] };
    expect(tiles.data.map((t) => t.status)).toEqual(["INGESTED", "INGESTED"]);
    const one = (await (await call(`/api/v1/byoc/collections/${collection}/tiles/${tile1}`)).json()) as { data: { path: string; coverGeometry: { type: string } } };
    expect(one.data).toMatchObject({ path: "byoc/t1", coverGeometry: { type: "Polygon" } });
    await shError(await call(`/api/v1/byoc/collections/${collection}/tiles/${tile1}`, { auth: bob }), 404);
    // A tile's cloud coverage is its item's eo:cloud_cover, which searches filter on.
    expect(((await (await call(`/api/v1/byoc/collections/${collection}/tiles/${tile2}`)).json()) as { data: { cloudCoverage?: number } }).data.cloudCoverage).toBe(12.5);
    const clear = (await (await call(`/v1/search?collections=byoc-${collection}&filter=${encodeURIComponent("eo:cloud_cover < 20")}`)).json()) as { features: { id: string; properties: Record<string, unknown> }[] };
    expect(clear.features.map((f) => [f.id, f.properties["eo:cloud_cover"]])).toEqual([[tile2, 12.5]]);
    // A client puts back the collection as it read it: same band names, nothing changes; other names are refused while tiles exist.
    const put = (bands: unknown) => call(`/api/v1/byoc/collections/${collection}`, { method: "PUT", body: { name: "fixture tiles", additionalData: { bands } } });
    expect((await put(got.data.additionalData.bands)).status).toBe(204);
    expect((await put({ B04: {}, B08: {} })).status).toBe(204);
    await shError(await put({ B04: {} }), 400);
    const after = (await (await call(`/api/v1/byoc/collections/${collection}`)).json()) as { data: { additionalData: Record<string, unknown> } };
    expect(after.data.additionalData.bands).toEqual(got.data.additionalData.bands);
  });

  it("serves the collection in the Process API as byoc-<id>, pixels equal to the tile's files", async () => {
    const evalscript = "//VERSION=3\nfunction setup() { return { input: ['B04', 'B08'], output: { bands: 2, sampleType: 'FLOAT32' } }; }\nfunction evaluatePixel(s) { return [s.B04, s.B08]; }";
    for (const day of [1, 2]) {
      const body = {
        input: {
          bounds: { bbox: [500000, 5000000 - SIDE * 10, 500000 + SIDE * 10, 5000000], properties: { crs: "http://www.opengis.net/def/crs/EPSG/0/32633" } },
          data: [{ type: `byoc-${collection}`, dataFilter: { timeRange: { from: `2024-05-0${day}T00:00:00Z`, to: `2024-05-0${day}T23:59:59Z` } } }],
        },
        output: { width: SIDE, height: SIDE, responses: [{ identifier: "default", format: { type: "image/tiff" } }] },
        evalscript,
      };
      const res = await call("/api/v1/process", { method: "POST", body });
      expect(res.status, await res.clone().text()).toBe(200);
      headerCache.clear();
      const image = await openCog(new MemoryByteSource(new Uint8Array(await res.arrayBuffer())));
      const b04 = await readWindow(image, 0, 0, { x: 0, y: 0, width: SIDE, height: SIDE });
      const b08 = await readWindow(image, 0, 1, { x: 0, y: 0, width: SIDE, height: SIDE });
      for (let y = 0; y < SIDE; y++) {
        for (let x = 0; x < SIDE; x++) {
          expect(b04[y * SIDE + x], `B04 day ${day} (${x}, ${y})`).toBe(dn("B04", day, x, y));
          expect(b08[y * SIDE + x], `B08 day ${day} (${x}, ${y})`).toBe(dn("B08", day, x, y));
        }
      }
    }
    // Not bob's: his request names a collection that doesn't exist for him.
    const other = await call("/api/v1/process", { method: "POST", auth: bob, body: { input: { bounds: { bbox: [500000, 4999840, 500160, 5000000], properties: { crs: "http://www.opengis.net/def/crs/EPSG/0/32633" } }, data: [{ type: `byoc-${collection}`, dataFilter: { timeRange: { from: "2024-05-01T00:00:00Z", to: "2024-05-02T23:59:59Z" } } }] }, output: { width: 16, height: 16 }, evalscript } });
    expect(other.status).toBe(404);
  });

  it("reads a collection's record once per catalogue, however often a load asks for it", async () => {
    const owner = ((await (await call(`/api/v1/byoc/collections/${collection}`)).json()) as { data: { userId: string } }).data.userId;
    let reads = 0;
    const counting = {
      idFromName: (name: string) => env.BYOC.idFromName(name),
      get: (id: DurableObjectId) => {
        const stub = env.BYOC.get(id);
        return new Proxy(stub, { get: (target, key) => (key === "get" && reads++, Reflect.get(target, key)) });
      },
    } as unknown as typeof env.BYOC;
    const catalog = new Catalog(env.DATA, [], new ByocCatalog(counting, env.DATA, owner));
    const id = `byoc-${collection}`;
    expect((await catalog.source(id)).kind).toBe("byoc");
    expect((await catalog.collection(id)).id).toBe(id);
    expect((await catalog.byocPage(id, { limit: 1 })).items).toHaveLength(1);
    expect((await catalog.item(id, tile1)).id).toBe(tile1);
    expect(reads).toBe(1);
    await expect(new Catalog(env.DATA, [], new ByocCatalog(counting, env.DATA, "someone else")).collection(id)).rejects.toThrow();
  });

  it("serves the collection in openEO: listed for its owner, loaded by load_collection with the files' pixels", async () => {
    const id = `byoc-${collection}`;
    const listed = (await (await call("/v1/collections")).json()) as { collections: { id: string }[] };
    expect(listed.collections.map((c) => c.id)).toContain(id);
    const anonymous = (await (await call("/v1/collections", { auth: null })).json()) as { collections: { id: string }[] };
    expect(anonymous.collections.map((c) => c.id)).not.toContain(id);
    expect((await call(`/v1/collections/${id}`, { auth: bob })).status).toBe(404);
    const described = (await (await call(`/v1/collections/${id}`)).json()) as { "cube:dimensions": { bands: { values: string[] }; x: { reference_system: number }; t: { extent: string[] } } };
    expect(described["cube:dimensions"].bands.values).toEqual(["B04", "B08"]);
    expect(described["cube:dimensions"].x.reference_system).toBe(32633);
    expect(described["cube:dimensions"].t.extent).toEqual(["2024-05-01T10:00:00.000Z", "2024-05-02T10:00:00.000Z"]);

    const graph = {
      load: { process_id: "load_collection", arguments: { id, spatial_extent: { west: 500000, south: 5000000 - SIDE * 10, east: 500000 + SIDE * 10, north: 5000000, crs: 32633 }, temporal_extent: ["2024-05-02T00:00:00Z", "2024-05-03T00:00:00Z"], bands: ["B08"] } },
      save: { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "GTiff" }, result: true },
    };
    const pixels = await float32Pixels(await call("/v1/result", { method: "POST", body: { process: { process_graph: graph } } }));
    for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) expect(pixels[y * SIDE + x], `(${x}, ${y})`).toBe(dn("B08", 2, x, y));
  });

  it("serves the collection in the Catalog API to its owner: listed, described and searched by its own name", async () => {
    const id = `byoc-${collection}`;
    const catalog = "/api/v1/catalog/1.0.0";
    const listed = (await (await call(`${catalog}/collections`)).json()) as { collections: { id: string }[] };
    expect(listed.collections.map((c) => c.id)).toContain(id);
    const others = (await (await call(`${catalog}/collections`, { auth: bob })).json()) as { collections: { id: string }[] };
    expect(others.collections.map((c) => c.id)).not.toContain(id);
    expect((await call(`${catalog}/collections/${id}`, { auth: bob })).status).toBe(404);
    expect(((await (await call(`${catalog}/collections/${id}`)).json()) as { id: string }).id).toBe(id);
    const found = await call(`${catalog}/search`, { method: "POST", body: { collections: [id], datetime: "2024-05-02T00:00:00Z/2024-05-03T00:00:00Z", limit: 10 } });
    expect(found.status).toBe(200);
    const page = (await found.json()) as { features: StacItem[] };
    expect(page.features.map((f) => [f.collection, f.properties.datetime])).toEqual([[id, "2024-05-02T10:00:00.000Z"]]);
  });

  it("serves and reads the tiles' files under any hostname of the API, as they are stored without one", async () => {
    const other = (path: string, init: RequestInit = {}) => exports.default.fetch(new Request(`https://other.example.test${path}`, { ...init, headers: { Authorization: alice, "Content-Type": "application/json" } }));
    const item = (await (await other(`/v1/collections/byoc-${collection}/items/${tile1}`)).json()) as { assets: Record<string, { href: string }> };
    expect(item.assets.B08!.href).toBe("https://other.example.test/v1/files/byoc/t1/B08.tif");
    expect((await byocStub(env.BYOC, collection).tile(tile1))!.item!.assets.B08!.href).toBe("user-file:byoc/t1/B08.tif");
    const graph = {
      load: { process_id: "load_collection", arguments: { id: `byoc-${collection}`, spatial_extent: { west: 500000, south: 5000000 - SIDE * 10, east: 500000 + SIDE * 10, north: 5000000, crs: 32633 }, temporal_extent: ["2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z"], bands: ["B08"] } },
      save: { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "GTiff" }, result: true },
    };
    const pixels = await float32Pixels(await other("/v1/result", { method: "POST", body: JSON.stringify({ process: { process_graph: graph } }) }));
    for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) expect(pixels[y * SIDE + x], `(${x}, ${y})`).toBe(dn("B08", 1, x, y));
  });

  it("opens a service's map of the collection at the collection's extent", async () => {
    const id = `byoc-${collection}`;
    const process = { process_graph: { load: { process_id: "load_collection", arguments: { id, spatial_extent: null, temporal_extent: null, bands: ["B04"] } }, max: { process_id: "reduce_dimension", arguments: { data: { from_node: "load" }, dimension: "t", reducer: { process_graph: { m: { process_id: "max", arguments: { data: { from_parameter: "data" } }, result: true } } } }, result: true } } };
    const created = await call("/v1/services", { method: "POST", body: { type: "XYZ", process } });
    expect(created.status, await created.clone().text()).toBe(201);
    const html = await (await call(`/v1/services/${created.headers.get("OpenEO-Identifier")}/map`)).text();
    const config = JSON.parse(/data-config="([^"]*)"/.exec(html)![1]!.replace(/&quot;/g, '"')) as { bounds: number[] };
    const described = (await (await call(`/v1/collections/${id}`)).json()) as { extent: { spatial: { bbox: number[][] } } };
    expect(config.bounds).toEqual(described.extent.spatial.bbox[0]);
    expect(config.bounds).not.toEqual([-180, -90, 180, 90]);
  });

  it("masks the collection's noData where the files declare none", async () => {
    // Day 1's B04 is 1100 at pixel (0, 0) only (1000 + 7x + 3y + 100).
    const masked = await createCollection("no data", { noData: 1100 });
    const tile = await addTile(masked, "byoc/t1", "2024-05-01T10:00:00Z");
    expect(tile.status, JSON.stringify(tile)).toBe("INGESTED");
    const item = (await (await call(`/v1/collections/byoc-${masked}/items/${tile.id}`)).json()) as { assets: Record<string, { "raster:bands": { nodata?: number }[] }> };
    expect(item.assets.B04!["raster:bands"][0]!.nodata).toBe(1100);
    const graph = {
      load: { process_id: "load_collection", arguments: { id: `byoc-${masked}`, spatial_extent: { west: 500000, south: 5000000 - SIDE * 10, east: 500000 + SIDE * 10, north: 5000000, crs: 32633 }, temporal_extent: null, bands: ["B04"] } },
      save: { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "GTiff" }, result: true },
    };
    const res = await call("/v1/result", { method: "POST", body: { process: { process_graph: graph } } });
    expect(res.status, await res.clone().text()).toBe(200);
    headerCache.clear();
    const image = await openCog(new MemoryByteSource(new Uint8Array(await res.arrayBuffer())));
    // The result keeps the samples and says which are no data: pixel (0, 0), and only it.
    expect(image.header.nodata).toBe(1100);
    const pixels = await readWindow(image, 0, 0, { x: 0, y: 0, width: SIDE, height: SIDE });
    for (let i = 0; i < SIDE * SIDE; i++) expect(pixels[i], `pixel ${i}`).toBe(dn("B04", 1, i % SIDE, Math.floor(i / SIDE)));
    expect((await call(`/api/v1/byoc/collections/${masked}`, { method: "DELETE" })).status).toBe(204);

    const declared = await createCollection("declared no data", { additionalData: { bands: { B04: { noData: 7, sampleFormat: "UINT", bitDepth: 16 } } } });
    const got = (await (await call(`/api/v1/byoc/collections/${declared}`)).json()) as { data: { additionalData: { bands: Record<string, unknown> } } };
    expect(got.data.additionalData.bands.B04).toEqual({ source: "B04", bandIndex: 1, noData: 7, sampleFormat: "UINT", bitDepth: 16 });
    expect((await call(`/api/v1/byoc/collections/${declared}`, { method: "DELETE" })).status).toBe(204);
  });

  it("finds a tile's band files in a folder of more than 1,000 files", async () => {
    const crowded = await createCollection("crowded folder");
    const owner = ((await (await call(`/api/v1/byoc/collections/${crowded}`)).json()) as { data: { userId: string } }).data.userId;
    // Other files that list before the bands' (R2 lists keys in order).
    await Promise.all(Array.from({ length: 1000 }, (_, i) => env.FILES.put(userFileKey(owner, `byoc/crowded/A${String(i).padStart(4, "0")}.txt`), "x")));
    await upload("byoc/crowded/B04.tif", cog("B04", 1));
    await upload("byoc/crowded/B08.tif", cog("B08", 1));
    const tile = await addTile(crowded, "byoc/crowded", "2024-05-01T10:00:00Z");
    expect(tile.status, JSON.stringify(tile)).toBe("INGESTED");
    const got = (await (await call(`/api/v1/byoc/collections/${crowded}`)).json()) as { data: { additionalData: { bands: Record<string, unknown> } } };
    expect(Object.keys(got.data.additionalData.bands)).toEqual(["B04", "B08"]);
    expect((await call(`/api/v1/byoc/collections/${crowded}`, { method: "DELETE" })).status).toBe(204);
  });

  it("registers tiles at https URLs against the declared bands, each band's file named by its source", async () => {
    for (const b of ["B04", "B08"]) expect((await fetch(`${STATIC_STAC}/byoc/u1/${b}.tif`, { method: "PUT", body: cog(b, 1) })).status).toBe(201);
    const declared = await createCollection("by url", { additionalData: { bands: { RED: { source: "B04" }, NIR: { source: "B08" } } } });
    const tile = await addTile(declared, `${STATIC_STAC}/byoc/u1/(BAND).tif`, "2024-05-01T10:00:00Z");
    expect(tile.status, JSON.stringify(tile)).toBe("INGESTED");
    const got = (await (await call(`/api/v1/byoc/collections/${declared}`)).json()) as { data: { additionalData: { bands: Record<string, { source: string; sampleFormat: string }> } } };
    expect(got.data.additionalData.bands.NIR).toMatchObject({ source: "B08", sampleFormat: "UINT" });

    const graph = {
      load: { process_id: "load_collection", arguments: { id: `byoc-${declared}`, spatial_extent: { west: 500000, south: 5000000 - SIDE * 10, east: 500000 + SIDE * 10, north: 5000000, crs: 32633 }, temporal_extent: null, bands: ["NIR"] } },
      save: { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "GTiff" }, result: true },
    };
    const pixels = await float32Pixels(await call("/v1/result", { method: "POST", body: { process: { process_graph: graph } } }));
    for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) expect(pixels[y * SIDE + x], `(${x}, ${y})`).toBe(dn("B08", 1, x, y));

    // Without declared bands there is no folder to list at a URL.
    const undeclared = await createCollection("by url, no bands");
    const refused = await addTile(undeclared, `${STATIC_STAC}/byoc/u1/(BAND).tif`, "2024-05-01T10:00:00Z");
    expect(refused.status).toBe("FAILED");
    expect(refused.additionalData.failedIngestionCause).toContain("declare additionalData.bands");
    const absent = await addTile(declared, `${STATIC_STAC}/byoc/u2/(BAND).tif`, "2024-05-01T10:00:00Z");
    expect(absent.status).toBe("FAILED");
    expect(absent.additionalData.failedIngestionCause).toContain("byoc/u2/B04.tif");
    for (const id of [declared, undeclared]) expect((await call(`/api/v1/byoc/collections/${id}`, { method: "DELETE" })).status).toBe(204);
  });

  it("marks tiles FAILED whose files are missing, in strips or without a CRS, and deletes tiles", async () => {
    const missing = await addTile(collection, "byoc/nowhere", "2024-05-03T10:00:00Z");
    expect(missing.status).toBe("FAILED");
    expect(missing.additionalData.failedIngestionCause).toContain("byoc/nowhere/B04.tif does not exist");

    const strips = buildTiff([{ entries: [...imageTags({ width: SIDE, height: SIDE, bits: 16, format: 1, rowsPerStrip: SIDE }), ...geoTags({ originX: 500000, originY: 5000000, pixel: 10, epsg: 32633 })], tiles: [new Uint8Array(SIDE * SIDE * 2)], strips: true }]);
    await upload("byoc/strips/B04.tif", strips);
    await upload("byoc/strips/B08.tif", cog("B08", 1));
    const striped = await addTile(collection, "byoc/strips", "2024-05-03T10:00:00Z");
    expect(striped.status).toBe("FAILED");
    expect(striped.additionalData.failedIngestionCause).toContain("not tiled");

    const noCrs = buildTiff([{ entries: [...imageTags({ width: SIDE, height: SIDE, bits: 16, format: 1, tileSize: SIDE }), { tag: Tag.ModelPixelScale, type: FieldType.DOUBLE, values: [10, 10, 0] }, { tag: Tag.ModelTiepoint, type: FieldType.DOUBLE, values: [0, 0, 0, 500000, 5000000, 0] }], tiles: [new Uint8Array(SIDE * SIDE * 2)] }]);
    await upload("byoc/nocrs/B04.tif", noCrs);
    await upload("byoc/nocrs/B08.tif", cog("B08", 1));
    const unplaced = await addTile(collection, "byoc/nocrs", "2024-05-03T10:00:00Z");
    expect(unplaced.status).toBe("FAILED");
    expect(unplaced.additionalData.failedIngestionCause).toContain("EPSG");

    // Files placed outside WGS84's range: out of any projection's domain, or past 180° in EPSG:4326 itself.
    const far = { crs: "EPSG:32633", bbox: [1e15, 1e15, 1e15 + SIDE * 10, 1e15 + SIDE * 10] as [number, number, number, number], width: SIDE, height: SIDE };
    const past = { crs: "EPSG:4326", bbox: [179.9, 0, 180.1, 0.2] as [number, number, number, number], width: SIDE, height: SIDE };
    const offMap: string[] = [];
    for (const [name, grid] of [["far", far], ["past", past]] as const) {
      for (const b of ["B04", "B08"]) await upload(`byoc/${name}/${b}.tif`, writeCog([band(grid, "uint16", () => 1)], { tileSize: SIDE, compression: "deflate" }));
      const placed = await addTile(collection, `byoc/${name}`, "2024-05-03T10:00:00Z");
      expect(placed.status, JSON.stringify(placed)).toBe("FAILED");
      expect(placed.additionalData.failedIngestionCause).toBeTruthy();
      offMap.push(placed.id);
    }
    const listed = (await (await call(`/api/v1/byoc/collections/${collection}/tiles`)).json()) as { data: { status: string }[] };
    expect(listed.data.filter((t) => t.status === "WAITING" || t.status === "INGESTING")).toEqual([]);

    const mixed = await addTile(collection, "byoc/t1/(BAND).tif", "2024-05-03T10:00:00Z");
    expect(mixed.status).toBe("INGESTED");
    // Failed tiles are no items: the collection's time extent ends with the ingested ones.
    const items = (await (await call(`/v1/search?collections=byoc-${collection}&datetime=2024-05-03T00:00:00Z/..`)).json()) as { features: { id: string }[] };
    expect(items.features.map((f) => f.id)).toEqual([mixed.id]);
    const item = (await (await call(`/v1/collections/byoc-${collection}/items/${mixed.id}`)).json()) as { assets: Record<string, { href: string }> };
    expect(item.assets.B04!.href).toBe("https://openeo.example.test/v1/files/byoc/t1/B04.tif");
    expect((await call(`/v1/collections/byoc-${collection}/items/${mixed.id}`, { auth: bob })).status).toBe(404);
    for (const t of [missing, striped, unplaced, mixed, ...offMap.map((id) => ({ id }))]) expect((await call(`/api/v1/byoc/collections/${collection}/tiles/${t.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await call(`/api/v1/byoc/collections/${collection}/tiles/${mixed.id}`)).status).toBe(404);
  });
});

describe("budgets", () => {
  it("refuses a user's collection beyond the 100th", async () => {
    const have = ((await (await call("/api/v1/byoc/collections")).json()) as { data: unknown[] }).data.length;
    const made: string[] = [];
    for (let i = have; i < 100; i++) made.push(await createCollection(`filler ${i}`));
    expect(await shError(await call("/api/v1/byoc/collections", { method: "POST", body: { name: "one too many" } }), 400)).toContain("100 BYOC collections");
    for (const id of made) expect((await call(`/api/v1/byoc/collections/${id}`, { method: "DELETE" })).status).toBe(204);
  });
});

describe("the collection's index", () => {
  /** Item i: a 0.01° box in rows of 100 from (10°E, 40°N), at hour i from 2024-01-01. */
  const N = 20_000;
  const origin = Date.parse("2024-01-01T00:00:00Z");
  const itemOf = (uuid: string, i: number): StacItem => {
    const [w, s] = [10 + (i % 100) * 0.01, 40 + Math.floor(i / 100) * 0.01];
    return {
      type: "Feature",
      stac_version: "1.0.0",
      id: `item-${String(i).padStart(5, "0")}`,
      collection: `byoc-${uuid}`,
      bbox: [w, s, w + 0.01, s + 0.01],
      geometry: { type: "Polygon", coordinates: [[[w, s], [w + 0.01, s], [w + 0.01, s + 0.01], [w, s + 0.01], [w, s]]] },
      properties: { datetime: new Date(origin + i * 3_600_000).toISOString(), "eo:cloud_cover": i % 100 },
      links: [],
      assets: {},
    };
  };

  /** Rows of items for putTiles: each item INGESTED as a tile of the same id. */
  const rowsOf = (items: StacItem[]): ByocTileRow[] =>
    items.map((item) => ({ tile: { id: item.id, path: `p/${item.id}`, status: "INGESTED", sensingTime: item.properties.datetime!, created: "", ingestionStart: null, additionalData: {} }, item }));
  const MAX_BYTES = 1 << 30;

  it("holds 20,000 items inserted in batches and answers bbox and time queries from them, newest first", async () => {
    const uuid = await createCollection("index");
    const index = byocStub(env.BYOC, uuid);
    for (let start = 0; start < N; start += 1000) {
      expect(await index.putTiles(rowsOf(Array.from({ length: 1000 }, (_, k) => itemOf(uuid, start + k))))).toBe(true);
    }
    expect(await index.tileCount()).toBe(N);

    // Expected matches recomputed from the items' definition; item i is at hour i, so newest first is i descending.
    const all = Array.from({ length: N }, (_, i) => itemOf(uuid, i));
    const bbox: [number, number, number, number] = [10.205, 40.305, 10.255, 40.335];
    const [start, end] = [origin + 2000 * 3_600_000, origin + 6000 * 3_600_000];
    const inBox = (item: StacItem) => item.bbox![2]! >= bbox[0] && item.bbox![0]! <= bbox[2] && item.bbox![3]! >= bbox[1] && item.bbox![1]! <= bbox[3];
    const inTime = (item: StacItem) => Date.parse(item.properties.datetime!) >= start && Date.parse(item.properties.datetime!) <= end;
    const expected = all.filter((i) => inBox(i) && inTime(i)).map((i) => i.id).reverse();
    expect(expected.length).toBeGreaterThan(0);
    const page = await index.queryItems({ bbox, start, end, limit: 1000, maxBytes: MAX_BYTES });
    expect(page.items.map((i) => (JSON.parse(i) as StacItem).id)).toEqual(expected);
    expect(page.more).toBe(false);
    const capped = await index.queryItems({ limit: 50, maxBytes: MAX_BYTES });
    expect([capped.items.length, capped.more]).toEqual([50, true]);
    // An answer stops at its byte budget, whatever its limit.
    const budget = capped.items.slice(0, 10).reduce((sum, text) => sum + text.length, 0);
    const bounded = await index.queryItems({ limit: 1000, maxBytes: budget });
    expect([bounded.items, bounded.more]).toEqual([capped.items.slice(0, 10), true]);

    const aggregates = await index.aggregates();
    expect(aggregates.count).toBe(N);
    expect(aggregates.bbox![0]).toBeCloseTo(10, 9);
    expect(aggregates.bbox![3]).toBeCloseTo(40 + N / 10_000, 9);
    expect(aggregates.interval).toEqual([new Date(origin).toISOString(), new Date(origin + (N - 1) * 3_600_000).toISOString()]);

    // The catalogue's search goes through the index: the same items, by openEO's item search.
    const search = (await (await call(`/v1/search?collections=byoc-${uuid}&bbox=${bbox.join(",")}&datetime=${new Date(start).toISOString()}/${new Date(end).toISOString()}&limit=1000`)).json()) as { features: { id: string }[] };
    expect(search.features.map((f) => f.id)).toEqual(expected);

    // Paging by 10 from the index: no item twice, none left out, and a page deep in the collection as quick as the first.
    type Page = { features: { id: string }[]; links: { rel: string; href: string }[] };
    const items = `/v1/collections/byoc-${uuid}/items`;
    const window = `datetime=${new Date(origin + 5000 * 3_600_000).toISOString()}/${new Date(origin + 5199 * 3_600_000).toISOString()}`;
    const seen: string[] = [];
    let url: string | undefined = `${items}?limit=10&${window}`;
    while (url) {
      const res = await call(url.replace("https://openeo.example.test", ""));
      expect(res.status, await res.clone().text()).toBe(200);
      const body = (await res.json()) as Page;
      expect(body.features.length).toBeLessThanOrEqual(10);
      seen.push(...body.features.map((f) => f.id));
      url = body.links.find((l) => l.rel === "next")?.href;
    }
    expect(seen).toEqual(all.slice(5000, 5200).map((i) => i.id).reverse());
    const first = (await (await call(`${items}?limit=10`)).json()) as Page;
    expect(first.features.map((f) => f.id)).toEqual(all.slice(N - 10).map((i) => i.id).reverse());
    const second = (await (await call(first.links.find((l) => l.rel === "next")!.href.replace("https://openeo.example.test", ""))).json()) as Page;
    expect(second.features.map((f) => f.id)).toEqual(all.slice(N - 20, N - 10).map((i) => i.id).reverse());
    // The whole collection by 1,000: every item exactly once.
    const everything: string[] = [];
    for (let next: string | undefined = `${items}?limit=1000`; next; ) {
      const body = (await (await call(next.replace("https://openeo.example.test", ""))).json()) as Page;
      everything.push(...body.features.map((f) => f.id));
      next = body.links.find((l) => l.rel === "next")?.href;
    }
    expect(everything).toEqual(all.map((i) => i.id).reverse());
    // A search of everything the user may see takes one page, not every item.
    const one = await call("/v1/search?limit=1");
    expect(one.status, await one.clone().text()).toBe(200);
    expect(((await one.json()) as Page).features).toHaveLength(1);

    expect((await call(`/api/v1/byoc/collections/${uuid}`, { method: "DELETE" })).status).toBe(204);
    expect(await index.tileCount()).toBe(0);
  });

  it("finds boxes across the antimeridian, and covers them in the collection's extent", async () => {
    const uuid = await createCollection("antimeridian");
    const index = byocStub(env.BYOC, uuid);
    const boxed = (id: string, bbox: [number, number, number, number]): StacItem => ({ ...itemOf(uuid, 0), id, bbox, geometry: null });
    const items = [boxed("across", [170, 0, -170, 10]), boxed("west-of", [175, 0, 179, 10]), boxed("east-of", [-179, 0, -175, 10]), boxed("greenwich", [0, 0, 10, 10])];
    await index.putTiles(rowsOf(items));
    const ids = async (bbox: [number, number, number, number]) => (await index.queryItems({ bbox, limit: 10, maxBytes: MAX_BYTES })).items.map((i) => (JSON.parse(i) as StacItem).id).sort();
    expect(await ids([178, 0, 179.5, 5])).toEqual(["across", "west-of"]);
    expect(await ids([-178, 0, -176, 5])).toEqual(["across", "east-of"]);
    expect(await ids([179, 0, -179, 5])).toEqual(["across", "east-of", "west-of"]);
    expect(await ids([1, 1, 2, 2])).toEqual(["greenwich"]);
    expect((await index.aggregates()).bbox).toEqual([-180, 0, 180, 10]);
    expect((await call(`/api/v1/byoc/collections/${uuid}`, { method: "DELETE" })).status).toBe(204);
  });

  it("answers a search whose items are more than one RPC answer holds (32 MiB)", async () => {
    const uuid = await createCollection("fat items");
    const index = byocStub(env.BYOC, uuid);
    // 2,700 items of some 13 KB each, as items of 32 bands are: 35 MB together.
    const padding = "x".repeat(13_000);
    const count = 2_700;
    for (let start = 0; start < count; start += 300) {
      await index.putTiles(rowsOf(Array.from({ length: 300 }, (_, k) => ({ ...itemOf(uuid, start + k), assets: { B01: { href: `https://example.com/${padding}.tif` } } }))));
    }
    const res = await call(`/v1/search?collections=byoc-${uuid}&limit=${count}&fields=id`);
    expect(res.status, (await res.clone().text()).slice(0, 500)).toBe(200);
    const ids = ((await res.json()) as { features: { id: string }[] }).features.map((f) => f.id);
    expect(ids).toEqual(Array.from({ length: count }, (_, i) => itemOf(uuid, i).id).reverse());
    expect((await call(`/api/v1/byoc/collections/${uuid}`, { method: "DELETE" })).status).toBe(204);
  });

  it("configures the bands with the first ingested tile and fails a tile checked against others", async () => {
    const uuid = await createCollection("race");
    const index = byocStub(env.BYOC, uuid);
    const row = (id: string): ByocTileRow => ({ tile: { id, path: id, status: "INGESTED", sensingTime: "2024-01-01T00:00:00.000Z", created: "", ingestionStart: null, additionalData: {} }, item: itemOf(uuid, 0) });
    const uint16 = { source: "B04", bandIndex: 1, sampleFormat: "UINT", bitDepth: 16 } as const;
    expect((await index.commitTile(row("first"), { B04: uint16 }))!.tile.status).toBe("INGESTED");
    expect((await index.get())!.bands).toEqual({ B04: uint16 });
    const late = await index.commitTile(row("late"), { B04: uint16, B08: { ...uint16, source: "B08" } });
    expect(late!.tile.status).toBe("FAILED");
    expect(late!.item).toBeNull();
    expect((await index.queryItems({ limit: 10, maxBytes: MAX_BYTES })).items).toHaveLength(1);
    expect((await call(`/api/v1/byoc/collections/${uuid}`, { method: "DELETE" })).status).toBe(204);
    expect(await index.commitTile(row("after"), null)).toBeNull();
  });
});

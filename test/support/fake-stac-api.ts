/**
 * Pretend remote STAC hosts for the tests, served through miniflare's outbound fetch
 * interception (this module runs in Node, in the vitest config):
 * - a STAC API at FAKE_STAC_API: POST /search answers one item per page that echoes the request
 *   body it got, with a next link (STAC API style, a POST body with a token) on the first page;
 *   the collection `scenes` and GET /search serve the scenes of stac-scenes.ts, one per page,
 *   filtered by their datetime parameter, echoing the query they got in a `received` property;
 * - a static catalog at STATIC_STAC: a Collection of the scenes with relative links, and
 *   documents that are broken in the ways load_stac reports. It is also a plain file host: the
 *   tests PUT the scenes' GeoTIFFs (written by our COG writer in workerd) and GETs read them back
 *   with range requests, also through a redirect (and one redirect into a private address).
 */
import { SCENES, STATIC_STAC, sceneItem, type Scene } from "./stac-scenes.ts";

export const FAKE_STAC_API = "https://stac.example.test/v1";
export { STATIC_STAC };

export async function fakeStacApi(request: Request): Promise<Response | undefined> {
  if (request.url.startsWith(STATIC_STAC)) return staticCatalog(request);
  if (!request.url.startsWith(FAKE_STAC_API)) return undefined;
  const path = request.url.slice(FAKE_STAC_API.length);
  if (path === "/collections/remote-s2") {
    return Response.json({ type: "Collection", id: "remote-s2", extent: { temporal: { interval: [["2017-03-28T00:00:00Z", null]] } } });
  }
  if (path === "/search" && request.method === "POST") {
    const body = (await request.json()) as Record<string, unknown>;
    const page = body.token === "page-2" ? 2 : 1;
    return Response.json({
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          stac_version: "1.0.0",
          id: `remote-item-${page}`,
          collection: "remote-s2",
          bbox: [15, 45, 16, 46],
          geometry: null,
          properties: { datetime: "2023-08-15T10:00:00Z", received: JSON.stringify(body) },
          assets: { red: { href: "https://cogs.example.test/red.tif", type: "image/tiff; application=geotiff" } },
          links: [{ rel: "self", href: `${FAKE_STAC_API}/collections/remote-s2/items/remote-item-${page}` }],
        },
      ],
      context: { matched: 2 },
      links: page === 1 ? [{ rel: "next", href: `${FAKE_STAC_API}/search`, method: "POST", body: { token: "page-2" }, merge: true }] : [],
    });
  }
  const url = new URL(request.url);
  if (url.pathname === "/v1" && request.method === "GET") {
    return Response.json({ type: "Catalog", id: "fake", description: "A STAC API landing page.", stac_version: "1.0.0", conformsTo: ["https://api.stacspec.org/v1.0.0/core"], links: [] });
  }
  if (url.pathname === "/v1/collections/scenes") return Response.json(scenesCollection());
  if ((url.pathname === "/v1/collections/scenes/items" || url.pathname === "/v1/search") && request.method === "GET") return scenesPage(url);
  return new Response("not found", { status: 404 });
}

const assetUrl = (scene: Scene) => (key: string) => `${STATIC_STAC}/catalog/${scene.id}/${key}.tif`;

function scenesCollection(): Record<string, unknown> {
  const asset = (key: string, common: string) => ({ type: "image/tiff; application=geotiff", roles: ["data"], "eo:bands": [{ name: key, common_name: common }] });
  return {
    type: "Collection",
    stac_version: "1.0.0",
    id: "scenes",
    description: "Two scenes.",
    license: "CC-BY-4.0",
    extent: { spatial: { bbox: [[14.9, 45.1, 15.1, 45.2]] }, temporal: { interval: [["2024-05-01T00:00:00Z", "2024-05-31T00:00:00Z"]] } },
    item_assets: { B04: asset("B04", "red"), B08: asset("B08", "nir") },
    // nir first: load_stac orders bands as the cube:dimensions say.
    "cube:dimensions": { bands: { type: "bands", values: ["B08", "B04"] } },
    links: [{ rel: "items", href: `${FAKE_STAC_API}/collections/scenes/items`, type: "application/geo+json" }],
  };
}

/** [start, end] in ms of a STAC datetime parameter ("a/b", ".." open). */
function interval(datetime: string | null): [number, number] {
  if (!datetime) return [-Infinity, Infinity];
  const [start, end = start] = datetime.split("/");
  return [start && start !== ".." ? Date.parse(start) : -Infinity, end && end !== ".." ? Date.parse(end) : Infinity];
}

/** One scene per page (so paging is exercised), filtered by datetime; the query is echoed in each item. */
function scenesPage(url: URL): Response {
  const [start, end] = interval(url.searchParams.get("datetime"));
  const matching = SCENES.filter((s) => Date.parse(s.datetime) >= start && Date.parse(s.datetime) <= end);
  const page = Number(url.searchParams.get("page") ?? "1");
  const scene = matching[page - 1];
  const received = Object.fromEntries([...url.searchParams].filter(([key]) => key !== "page"));
  const item = scene && sceneItem(scene, assetUrl(scene));
  const features = item ? [{ ...item, collection: "scenes", properties: { ...(item.properties as object), received } }] : [];
  const next = new URL(url);
  next.searchParams.set("page", String(page + 1));
  return Response.json({ type: "FeatureCollection", features, links: page < matching.length ? [{ rel: "next", href: next.href, type: "application/geo+json" }] : [] });
}

/** The bytes asked for by a Range header (or all of them), as a file host answers. */
function ranged(bytes: Uint8Array, request: Request): Response {
  const match = /^bytes=(\d+)-(\d+)$/.exec(request.headers.get("Range") ?? "");
  if (!match) return new Response(bytes, { headers: { "Content-Type": "image/tiff" } });
  const start = Number(match[1]);
  if (start >= bytes.length) return new Response(null, { status: 416 });
  const end = Math.min(Number(match[2]), bytes.length - 1);
  return new Response(bytes.slice(start, end + 1), { status: 206, headers: { "Content-Range": `bytes ${start}-${end}/${bytes.length}` } });
}

/** Files the tests put on the static host, by path. */
const files = new Map<string, Uint8Array>();

async function staticCatalog(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  if (request.method === "PUT") {
    files.set(path, new Uint8Array(await request.arrayBuffer()));
    return new Response(null, { status: 201 });
  }
  const file = files.get(path);
  if (file) return ranged(file, request);
  // Redirects for load_url: one to a file here, one into the cloud's metadata service.
  if (path === "/redirect/east.tif") return new Response(null, { status: 302, headers: { Location: "/load-url/east.tif" } });
  if (path === "/redirect/metadata") return new Response(null, { status: 302, headers: { Location: "http://169.254.169.254/latest/meta-data/" } });
  if (path === "/catalog/collection.json") {
    return Response.json({
      type: "Collection",
      stac_version: "1.0.0",
      id: "static-scenes",
      description: "Two scenes in a static catalog.",
      license: "CC-BY-4.0",
      extent: { spatial: { bbox: [[14.9, 45.1, 15.1, 45.2]] }, temporal: { interval: [["2024-05-01T00:00:00Z", "2024-05-31T00:00:00Z"]] } },
      links: [{ rel: "self", href: `${STATIC_STAC}/catalog/collection.json` }, ...SCENES.map((s) => ({ rel: "item", href: `./${s.id}/item.json`, type: "application/geo+json" }))],
    });
  }
  if (path === "/root/catalog.json") {
    // A catalog whose child is the collection above (and a non-JSON link that is not followed).
    return Response.json({
      type: "Catalog",
      stac_version: "1.0.0",
      id: "root",
      description: "A catalog of one collection.",
      links: [{ rel: "child", href: "../catalog/collection.json", type: "application/json" }, { rel: "child", href: "./about.html", type: "text/html" }],
    });
  }
  const scene = SCENES.find((s) => path === `/catalog/${s.id}/item.json`);
  if (scene) return Response.json(sceneItem(scene, (key) => `./${key}.tif`));
  if (path === "/broken-asset/item.json") return Response.json(sceneItem(SCENES[0]!, (key) => `https://static-stac.example.test/gone/${key}.tif`));
  if (path === "/png-only/item.json") {
    const item = sceneItem(SCENES[0]!, (key) => `./${key}.png`);
    return Response.json({ ...item, assets: { preview: { href: "./preview.png", type: "image/png", roles: ["data"] } } });
  }
  if (path === "/not-stac.json") return Response.json({ hello: "world" });
  if (path === "/not-json.json") return new Response("<html>surprise</html>", { headers: { "Content-Type": "text/html" } });
  if (path === "/unavailable.json") return new Response("try later", { status: 503 });
  if (path === "/slow.json") {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return Response.json(sceneItem(SCENES[0]!, (key) => `./${key}.tif`));
  }
  return new Response("not found", { status: 404 });
}

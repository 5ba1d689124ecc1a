/**
 * A pretend remote STAC API for the tests, served through miniflare's outbound fetch
 * interception: POST /search answers one item per page that echoes the request body it got,
 * and a next link (STAC API style, a POST body with a token) on the first page.
 */
export const FAKE_STAC_API = "https://stac.example.test/v1";

export async function fakeStacApi(request: Request): Promise<Response | undefined> {
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
  return new Response("not found", { status: 404 });
}

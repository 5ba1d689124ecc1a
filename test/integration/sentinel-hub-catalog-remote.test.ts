/**
 * Sentinel Hub's Catalog API over sentinel-2-l2a, the collection read from Earth Search: a
 * successful search through HTTP, paged by the string `next` Earth Search's pages give, with
 * fields, items served as sentinel-2-l2a. Earth Search is stood in for by a stub of the isolate's
 * fetch (the Worker under test runs in this isolate), so the configured collection, its real API
 * URL and the whole request path are exercised; the stub pages through SCENES by a `next` token
 * in the POST body, as Earth Search v1 does, and records the bodies it gets.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loginAs, ORIGIN, request } from "../support/http";

const ROOT = "/api/v1/catalog/1.0.0";
const EARTH_SEARCH = "https://earth-search.aws.element84.com/v1";
const SCENES = ["S2B_33TWM_20240503_0_L2A", "S2A_33TWM_20240501_0_L2A", "S2B_33TWM_20240430_0_L2A", "S2A_33TWM_20240428_0_L2A", "S2B_33TWM_20240425_0_L2A"];
const cloudOf = (i: number) => 10 * i + 3;

type Link = { rel: string; href: string; method?: string; body?: Record<string, unknown>; merge?: boolean };
type Item = { id: string; collection: string; properties: Record<string, unknown>; links: Link[]; assets: Record<string, { href: string }> };
type Page = { features: Item[]; links: Link[]; context: { next?: string; limit: number; returned: number } };

const received: Record<string, unknown>[] = [];

function earthSearchItem(i: number) {
  return {
    type: "Feature",
    stac_version: "1.0.0",
    id: SCENES[i]!,
    collection: "sentinel-2-l2a",
    bbox: [15, 45, 16, 46],
    geometry: { type: "Polygon", coordinates: [[[15, 45], [16, 45], [16, 46], [15, 46], [15, 45]]] },
    properties: { datetime: `2024-05-0${5 - i}T10:00:00Z`, "eo:cloud_cover": cloudOf(i), platform: i % 2 ? "sentinel-2a" : "sentinel-2b" },
    assets: { red: { href: `https://sentinel-cogs.s3.us-west-2.amazonaws.com/${SCENES[i]}/B04.tif`, type: "image/tiff; application=geotiff" } },
    links: [{ rel: "self", href: `${EARTH_SEARCH}/collections/sentinel-2-l2a/items/${SCENES[i]}` }],
  };
}

/** Earth Search's POST /search: `limit` items from the offset its `next` token names, and a next link while more remain. */
function earthSearch(body: Record<string, unknown>): Response {
  received.push(body);
  const offset = typeof body.next === "string" ? Number(body.next.replace("es-offset-", "")) : 0;
  const limit = body.limit as number;
  const indices = SCENES.map((_, i) => i).slice(offset, offset + limit);
  const more = offset + limit < SCENES.length;
  const next = { rel: "next", href: `${EARTH_SEARCH}/search`, method: "POST", body: { next: `es-offset-${offset + limit}` }, merge: true };
  return Response.json({ type: "FeatureCollection", features: indices.map(earthSearchItem), numberMatched: SCENES.length, links: more ? [next] : [] });
}

let auth: string;
const post = (body: unknown) => request(`${ROOT}/search`, { method: "POST", headers: { Authorization: auth, "Content-Type": "application/json" }, body: JSON.stringify(body) });
async function page(res: Response): Promise<Page> {
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Page;
}

beforeAll(async () => {
  auth = await loginAs("alice");
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url !== `${EARTH_SEARCH}/search`) return realFetch(input, init);
    return earthSearch(JSON.parse(String(init?.body)) as Record<string, unknown>);
  });
});

afterAll(() => {
  vi.restoreAllMocks();
});

describe("sentinel-2-l2a through the Catalog API", () => {
  it("pages a POST search through every item by the string context.next, items served as sentinel-2-l2a", async () => {
    received.length = 0;
    const seen: string[] = [];
    let next: string | undefined;
    let first: Page | undefined;
    do {
      const current = await page(await post({ collections: ["sentinel-2-l2a"], bbox: [15, 45, 16, 46], datetime: "2024-04-01T00:00:00Z/2024-05-31T23:59:59Z", limit: 2, ...(next === undefined ? {} : { next }) }));
      first ??= current;
      seen.push(...current.features.map((f) => f.id));
      expect([current.context.limit, current.context.returned]).toEqual([2, current.features.length]);
      const link = current.links.find((l) => l.rel === "next");
      expect(link && [link.method, link.body, link.merge]).toEqual(current.context.next === undefined ? undefined : ["POST", { next: current.context.next }, true]);
      if (current.context.next !== undefined) expect(typeof current.context.next).toBe("string");
      next = current.context.next;
    } while (next !== undefined);
    expect(seen).toEqual(SCENES);
    // What Earth Search was asked: its own collection id, the page size, the criteria, and only its paging member.
    expect(received.map((body) => body.next)).toEqual([undefined, "es-offset-2", "es-offset-4"]);
    for (const body of received) {
      expect(body).toMatchObject({ collections: ["sentinel-2-l2a"], limit: 2, bbox: [15, 45, 16, 46], datetime: "2024-04-01T00:00:00.000Z/2024-05-31T23:59:59.000Z" });
    }
    const item = first!.features[0]!;
    expect(item.collection).toBe("sentinel-2-l2a");
    const rel = Object.fromEntries(item.links.map((l) => [l.rel, l.href]));
    expect([rel.self, rel.collection, rel.root]).toEqual([`${ORIGIN}${ROOT}/collections/sentinel-2-l2a/items/${SCENES[0]}`, `${ORIGIN}${ROOT}/collections/sentinel-2-l2a`, `${ORIGIN}${ROOT}/`]);
    // Remote assets keep Earth Search's hrefs: they are read there with range requests.
    expect(item.assets.red!.href).toBe(`https://sentinel-cogs.s3.us-west-2.amazonaws.com/${SCENES[0]}/B04.tif`);
  });

  it("pages GET /collections/sentinel-2-l2a/items by the next link, and projects fields", async () => {
    const seen: string[] = [];
    let path: string | undefined = `${ROOT}/collections/sentinel-2-l2a/items?limit=3&fields=id,properties.eo:cloud_cover,-links,-assets,-geometry,-bbox`;
    while (path) {
      const current = await page(await request(path, { headers: { Authorization: auth } }));
      for (const feature of current.features) {
        const i = SCENES.indexOf(feature.id);
        expect(feature).toEqual({ id: SCENES[i], properties: { "eo:cloud_cover": cloudOf(i) } });
        seen.push(feature.id);
      }
      const link = current.links.find((l) => l.rel === "next");
      if (link) expect(new URL(link.href).searchParams.get("next")).toBe(current.context.next);
      path = link && new URL(link.href).pathname + new URL(link.href).search;
    }
    expect(seen).toEqual(SCENES);
  });

  it("refuses a next token that would change what Earth Search is asked, before asking", async () => {
    received.length = 0;
    const crafted = `remote.${btoa(JSON.stringify({ next: "es-offset-2", collections: ["other"], limit: 10000 }))}`;
    const res = await post({ collections: ["sentinel-2-l2a"], next: crafted });
    const body = (await res.json()) as { error: { status: number; message: string } };
    expect([res.status, body.error.status]).toEqual([400, 400]);
    expect(body.error.message).toContain("next");
    expect(received).toEqual([]);
  });
});

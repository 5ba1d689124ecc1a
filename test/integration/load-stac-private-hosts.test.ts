/**
 * load_stac reads user URLs only from public hosts: its URL, the links it follows and the asset
 * hrefs it reads, unless REMOTE_PRIVATE_HOSTS lists the host. The hosts are stood in for by a stub
 * of the isolate's fetch (the Worker under test runs in this isolate), which records every URL it
 * is asked for, so a refusal is shown to have happened before anything was fetched.
 */
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { materialize, type LazyCube } from "../../src/cube";
import { runProcess } from "../../src/engine";
import { runEnvironment } from "../../src/execution/sync";
import { writeCog } from "../../src/raster/cog-writer";
import { expectError, loginAs, ORIGIN, request } from "../support/http";
import { band, utmGrid } from "../support/raster-fixtures";
import { BANDS, red, SCENES, sceneItem } from "../support/stac-scenes";

const PUBLIC = "https://public-stac.example.test";
const LOOPBACK = "http://127.0.0.1:8123";
const SCENE = SCENES[0]!;

const cog = (key: string) => writeCog([band(utmGrid(32, 32), "uint16", BANDS.find((b) => b.key === key)!.value(SCENE.day), 0)], { tileSize: 16, compression: "deflate", predictor: 2 });
const item = (href: (key: string) => string) => Response.json(sceneItem(SCENE, href));
const collection = (links: { rel: string; href: string }[]) =>
  Response.json({ type: "Collection", stac_version: "1.0.0", id: "c", description: "d", license: "CC-BY-4.0", extent: { spatial: { bbox: [[14, 45, 16, 46]] }, temporal: { interval: [[null, null]] } }, links });

/** What the stubbed hosts answer, by URL without the query. */
const DOCUMENTS: Record<string, () => Response> = {
  [`${PUBLIC}/private-assets/item.json`]: () => item((key) => `http://10.0.0.1/${key}.tif`),
  [`${PUBLIC}/private-assets/bare-item.json`]: () => Response.json(sceneItem(SCENE, (key) => `http://169.254.169.254/${key}.tif`, true)),
  [`${PUBLIC}/private-links/catalog.json`]: () => collection([{ rel: "item", href: `${LOOPBACK}/item.json` }, { rel: "child", href: "http://192.168.1.1/catalog.json" }]),
  [`${PUBLIC}/private-items/collection.json`]: () => collection([{ rel: "items", href: "http://stac.internal/collections/c/items" }]),
  [`${PUBLIC}/private-next/items`]: () => Response.json({ type: "FeatureCollection", features: [sceneItem(SCENE, (key) => `${PUBLIC}/${key}.tif`)], links: [{ rel: "next", href: "http://[::1]/items?page=2" }] }),
  [`${LOOPBACK}/item.json`]: () => item((key) => `${LOOPBACK}/${key}.tif`),
  [`${LOOPBACK}/redirect.json`]: () => new Response(null, { status: 302, headers: { Location: "http://169.254.169.254/latest/meta-data" } }),
};

const seen: string[] = [];
let cogs: Map<string, Uint8Array>;

/** A range request answered as a file host does. */
function ranged(bytes: Uint8Array, range: string | null): Response {
  const match = /^bytes=(\d+)-(\d+)$/.exec(range ?? "");
  if (!match) return new Response(bytes);
  const start = Number(match[1]);
  const end = Math.min(Number(match[2]), bytes.length - 1);
  return new Response(bytes.slice(start, end + 1), { status: 206, headers: { "Content-Range": `bytes ${start}-${end}/${bytes.length}` } });
}

let auth: string;

beforeAll(async () => {
  auth = await loginAs("alice");
  cogs = new Map(BANDS.map(({ key }) => [`${LOOPBACK}/${key}.tif`, cog(key)]));
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input, init);
    if (req.url.startsWith(ORIGIN)) return realFetch(input, init);
    seen.push(req.url);
    const url = req.url.split("?")[0]!;
    const file = cogs.get(url);
    if (file) return ranged(file, req.headers.get("Range"));
    return DOCUMENTS[url]?.() ?? new Response("not found", { status: 404 });
  });
});

beforeEach(() => {
  seen.length = 0;
});

afterAll(() => {
  vi.restoreAllMocks();
});

function loadStacResult(url: string): Promise<Response> {
  const graph = {
    load: { process_id: "load_stac", arguments: { url, bands: ["B04"] } },
    save: { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "GTiff" }, result: true },
  };
  return request("/v1/result", { method: "POST", headers: { Authorization: auth, "Content-Type": "application/json" }, body: JSON.stringify({ process: { process_graph: graph } }) });
}

/** The run failed with 400 ProcessParameterInvalid naming `host`, having fetched exactly `fetched`. */
async function expectRefused(url: string, host: string, fetched: string[]): Promise<void> {
  const error = await expectError(await loadStacResult(url), 400, "ProcessParameterInvalid");
  expect(error.message).toContain(`${host} is not a public internet host`);
  expect(seen).toEqual(fetched);
}

describe("load_stac of a URL on a private host", () => {
  it("is refused before anything is fetched: loopback, link-local (cloud metadata), IPv6 loopback, private, *.internal", async () => {
    const urls: [string, string][] = [
      ["http://127.0.0.1/item.json", "127.0.0.1"],
      [`${LOOPBACK}/item.json`, "127.0.0.1"],
      ["http://169.254.169.254/latest/meta-data", "169.254.169.254"],
      ["http://[::1]/", "[::1]"],
      ["http://10.0.0.1/catalog.json", "10.0.0.1"],
      ["https://stac.internal/collections/c", "stac.internal"],
      ["http://localhost:8080/item.json", "localhost"],
    ];
    for (const [url, host] of urls) {
      seen.length = 0;
      await expectRefused(url, host, []);
    }
  });
});

describe("a public STAC document that leads to a private host", () => {
  it("an Item whose asset hrefs are private: refused before an asset is read", async () => {
    await expectRefused(`${PUBLIC}/private-assets/item.json`, "10.0.0.1", [`${PUBLIC}/private-assets/item.json`]);
  });

  it("an Item without projection metadata, whose GeoTIFF header would be read while loading: refused the same", async () => {
    await expectRefused(`${PUBLIC}/private-assets/bare-item.json`, "169.254.169.254", [`${PUBLIC}/private-assets/bare-item.json`]);
  });

  it("item and child links into private hosts are not followed", async () => {
    await expectRefused(`${PUBLIC}/private-links/catalog.json`, "127.0.0.1", [`${PUBLIC}/private-links/catalog.json`]);
  });

  it("an items link and a next link into private hosts are not followed", async () => {
    await expectRefused(`${PUBLIC}/private-items/collection.json`, "stac.internal", [`${PUBLIC}/private-items/collection.json`]);
    seen.length = 0;
    // The ItemCollection is asked for again with the extents (the fetcher reads each URL once).
    const error = await expectError(await loadStacResult(`${PUBLIC}/private-next/items`), 400, "ProcessParameterInvalid");
    expect(error.message).toContain("[::1] is not a public internet host");
    expect(seen.every((url) => url.startsWith(`${PUBLIC}/private-next/items`))).toBe(true);
  });
});

describe("other user URLs read over HTTP", () => {
  it("a run_udf script URL on a private host is refused unread", async () => {
    const { data } = runEnvironment({ env, userId: "basic.alice", apiBase: `${ORIGIN}/v1` });
    await expect(data.readFile!("http://169.254.169.254/latest/udf.js", 1000)).rejects.toMatchObject({ code: "ProcessParameterInvalid", status: 400, message: expect.stringContaining("169.254.169.254 is not a public internet host") });
    expect(seen).toEqual([]);
  });
});

describe("REMOTE_PRIVATE_HOSTS", () => {
  /** load_stac of the loopback Item (or `url`) and its pixels, in a run whose settings are `vars`. */
  async function loadLoopback(vars: Record<string, string>, url = `${LOOPBACK}/item.json`): Promise<Float32Array> {
    const { engineEnv, data } = runEnvironment({ env: { ...env, ...vars }, userId: "basic.alice", apiBase: `${ORIGIN}/v1` });
    const graph = { load: { process_id: "load_stac", arguments: { url, bands: ["B04"] }, result: true } };
    const lazy = (await runProcess({ process_graph: graph }, engineEnv, { ctx: { log() {}, data } as never })) as LazyCube;
    return (await materialize(lazy, data)).planes[0]!;
  }

  it("unset: the loopback Item is refused unread", async () => {
    await expect(loadLoopback({})).rejects.toMatchObject({ code: "ProcessParameterInvalid", status: 400, message: expect.stringContaining("127.0.0.1 is not a public internet host") });
    expect(seen).toEqual([]);
  });

  it("listing 127.0.0.1: the Item and its GeoTIFF are read from the loopback host, pixels as written", async () => {
    const plane = await loadLoopback({ REMOTE_PRIVATE_HOSTS: "localhost, 127.0.0.1" });
    expect(plane.length).toBe(32 * 32);
    const wrong = [...plane].flatMap((v, i) => (v === red(SCENE.day)(i % 32, Math.floor(i / 32)) ? [] : [i]));
    expect(wrong).toEqual([]);
    expect(seen[0]).toBe(`${LOOPBACK}/item.json`);
    expect(seen.slice(1).every((url) => url === `${LOOPBACK}/B04.tif`)).toBe(true);
    expect(seen.length).toBeGreaterThan(1);
  });

  it("listing 127.0.0.1: a redirect from there to another private host is not followed", async () => {
    const refused = loadLoopback({ REMOTE_PRIVATE_HOSTS: "127.0.0.1" }, `${LOOPBACK}/redirect.json`);
    await expect(refused).rejects.toMatchObject({ code: "DataSourceUnavailable", message: expect.stringContaining("169.254.169.254 is not a public internet host") });
    expect(seen).toEqual([`${LOOPBACK}/redirect.json`]);
  });

  it("listing another host only: 127.0.0.1 is still refused", async () => {
    await expect(loadLoopback({ REMOTE_PRIVATE_HOSTS: "localhost" })).rejects.toMatchObject({ code: "ProcessParameterInvalid" });
    expect(seen).toEqual([]);
  });
});

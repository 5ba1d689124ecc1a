/**
 * A service's map page in a real browser: Debian's headless Chromium, driven by playwright-core,
 * opens the page of an NDVI service over the real 33TWL scenes on a local Worker, and the test
 * checks the tiles it fetched and the pixels it drew.
 */
import { describe, expect, it } from "vitest";
import { COLLECTION, twlSession } from "./twl-session";
import { readPng } from "../support/png-reader";
import { demoBearer } from "../real/result-client";

// The COGs' own box (UTM 33N, 256 px of 120 m), so the map opens on the data; the clear day only.
const NDVI_SERVICE = {
  type: "XYZ",
  title: "NDVI of 33TWL",
  configuration: { colormap: "ndvi" },
  process: {
    process_graph: {
      load: {
        process_id: "load_collection",
        arguments: {
          id: COLLECTION,
          spatial_extent: { west: 569100, south: 5046240, east: 599820, north: 5076960, crs: 32633 },
          temporal_extent: ["2023-08-15", "2023-08-16"],
          bands: ["B04", "B08"],
        },
      },
      ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } }, result: true },
    },
  },
};
const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

const session = twlSession();

async function createService(): Promise<Record<string, any>> {
  const headers = { Authorization: await demoBearer(session.worker.url), "Content-Type": "application/json" };
  const created = await fetch(`${session.worker.url}/v1/services`, { method: "POST", headers, body: JSON.stringify(NDVI_SERVICE) });
  expect(created.status, await created.clone().text()).toBe(201);
  const id = created.headers.get("OpenEO-Identifier")!;
  return (await fetch(`${session.worker.url}/v1/services/${id}`, { headers })).json();
}

/**
 * Pixels that are clearly coloured: the NDVI colour map runs from brown to green, while the map's
 * background and controls are grey, black and white (only the attribution's link and little flag
 * are coloured, a few hundred pixels).
 */
function colouredPixels(rgba: Uint8Array, channels: number): { count: number; distinct: number } {
  let count = 0;
  const colours = new Set<number>();
  for (let i = 0; i < rgba.length; i += channels) {
    const [r, g, b] = [rgba[i]!, rgba[i + 1]!, rgba[i + 2]!];
    if (Math.max(r, g, b) - Math.min(r, g, b) <= 16) continue;
    count++;
    colours.add((r << 16) | (g << 8) | b);
  }
  return { count, distinct: colours.size };
}

describe("the map page in headless Chromium", () => {
  it("loads the service's tiles as PNGs and draws the NDVI on the map", async () => {
    const service = await createService();
    const page = await session.browser.newPage({ viewport: { width: 800, height: 600 } });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const tiles: Promise<{ url: string; status: number; type: string | undefined; bytes: Buffer }>[] = [];
    page.on("response", (response) => {
      if (!new URL(response.url()).pathname.includes("/tiles/")) return;
      tiles.push(response.body().then((bytes) => ({ url: response.url(), status: response.status(), type: response.headers()["content-type"], bytes })));
    });

    await page.goto(service.attributes.map_url);
    expect(await page.title()).toBe("NDVI of 33TWL");
    // The page marks the map once Leaflet's layer fired `load`: every visible tile is in.
    await page.waitForSelector("#map[data-tiles-loaded]", { timeout: 90_000 });
    // Leaflet then fades each new tile in over 200 ms; the pixels are final once every tile is opaque.
    await page.waitForFunction(() => Array.from(document.querySelectorAll(".leaflet-tile")).every((tile) => getComputedStyle(tile).opacity === "1"));

    const answered = await Promise.all(tiles);
    expect(answered.length).toBeGreaterThanOrEqual(1);
    for (const tile of answered) {
      expect(tile.url).toMatch(new RegExp(`/v1/services/${service.id}/tiles/\\d+/\\d+/\\d+\\.png\\?v=1$`));
      expect(tile, tile.url).toMatchObject({ status: 200, type: "image/png" });
      expect([...tile.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    }

    const map = page.locator("#map");
    const box = (await map.boundingBox())!;
    const screenshot = readPng(new Uint8Array(await map.screenshot()));
    const { count, distinct } = colouredPixels(screenshot.pixels, screenshot.channels);
    // The 30 km scene covers about a fifth of the map at the fitted zoom; a blank or grey map colours almost nothing.
    expect(count).toBeGreaterThan(0.1 * box.width * box.height);
    // Vegetation, fields and towns give NDVI values all along the colour map, not one flat colour.
    expect(distinct).toBeGreaterThan(100);
    expect(errors).toEqual([]);
    await page.close();
  });
});

import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../src/catalog/catalog";
import { catalogDataAccess, type DataAccessOptions } from "../../src/catalog/data-access";
import { urlStacAccess } from "../../src/catalog/stac-source/stac-access";
import { materialize, type DataAccess, type LazyCube, type RasterCube } from "../../src/cube";
import { runProcess } from "../../src/engine";
import { OpenEOError } from "../../src/errors";
import { PROCESSES } from "../../src/processes";
import { ingestCubeScenes, RED } from "../support/cube-fixture";
import { FAKE_STAC_API } from "../support/fake-stac-api";
import { loginAs, ORIGIN, request } from "../support/http";
import { labelsNamed } from "../support/raster-cube";
import { writeCog } from "../../src/raster/cog-writer";
import { band, utmGrid } from "../support/raster-fixtures";
import { BANDS, nir, red, SCENES, sceneItem, STATIC_STAC, type Scene } from "../support/stac-scenes";

const API = `${ORIGIN}/v1`;
const UTM = 32633;
// The scenes cover 500000..500320 E, 4999680..5000000 N: 32 x 32 px of 10 m.
const WHOLE = { west: 500000, south: 4999680, east: 500320, north: 5000000, crs: UTM };
// px x 8..23, y 4..11.
const NARROW = { west: 500080, south: 4999880, east: 500240, north: 4999960, crs: UTM };

/** The GeoTIFF of one band of a scene, by our own writer. */
function sceneCog(scene: Scene, key: string): Uint8Array {
  const { value } = BANDS.find((b) => b.key === key)!;
  return writeCog([band(utmGrid(32, 32), "uint16", value(scene.day), 0)], { tileSize: 16, compression: "deflate", predictor: 2 });
}

// The static catalog's items link their GeoTIFFs relatively: /catalog/<scene>/<band>.tif.
beforeAll(async () => {
  for (const scene of SCENES) {
    for (const { key } of BANDS) {
      const put = await fetch(`${STATIC_STAC}/catalog/${scene.id}/${key}.tif`, { method: "PUT", body: sceneCog(scene, key) });
      expect(put.status).toBe(201);
    }
  }
});

const access = (userId = "basic.alice", options: DataAccessOptions = {}): DataAccess =>
  catalogDataAccess(new Catalog(env.DATA), { data: env.DATA, files: env.FILES, apiBase: API, userId }, options);

async function loadStac(args: Record<string, unknown>, data: DataAccess = access()): Promise<LazyCube> {
  const graph = { load: { process_id: "load_stac", arguments: args, result: true } };
  return (await runProcess({ process_graph: graph }, { processes: PROCESSES }, { ctx: { log() {}, data } as never })) as LazyCube;
}

async function read(args: Record<string, unknown>, data: DataAccess = access()): Promise<RasterCube> {
  return materialize(await loadStac(args, data), data);
}

/** Every pixel of `plane` (a window of the scene grid starting at px x0, y0) is value(x, y): the values as stored. */
function expectPixels(plane: Float32Array, window: { x0: number; y0: number; width: number }, value: (x: number, y: number) => number): void {
  const wrong: string[] = [];
  plane.forEach((v, i) => {
    const x = window.x0 + (i % window.width);
    const y = window.y0 + Math.floor(i / window.width);
    if (v !== value(x, y)) wrong.push(`(${x}, ${y}) = ${v}, not ${value(x, y)}`);
  });
  expect(wrong.slice(0, 5)).toEqual([]);
}

const NARROW_WINDOW = { x0: 8, y0: 4, width: 16 };
const WHOLE_WINDOW = { x0: 0, y0: 0, width: 32 };
const day = (d: number) => `${SCENES[d - 1]!.datetime.slice(0, 10)}T00:00:00Z`;
const callback = (process_id: string, args: Record<string, unknown>) => ({ process_graph: { r: { process_id, arguments: args, result: true } } });

describe("load_stac reads the STAC a URL leads to", () => {
  it("an Item: its GeoTIFF data assets are the bands, read as stored (no scale/offset) on their native grid", async () => {
    const lazy = await loadStac({ url: `${STATIC_STAC}/catalog/S1/item.json`, spatial_extent: NARROW });
    expect(lazy.bands.map((b) => b.name)).toEqual(["B04", "B08"]); // the PNG thumbnail is no band
    expect(lazy.bands[1]).toMatchObject({ commonName: "nir", wavelength: 0.842 });
    const cube = await materialize(lazy, access());
    expect(cube.grid).toEqual({ crs: "EPSG:32633", bbox: [500080, 4999880, 500240, 4999960], width: 16, height: 8 });
    expect(labelsNamed(cube, "t")).toEqual([day(1)]);
    expectPixels(cube.planes[0]!, NARROW_WINDOW, red(1));
    expectPixels(cube.planes[1]!, NARROW_WINDOW, nir(1));
  });

  it("a static Collection: its item links (relative) are followed; time, properties and common band names narrow the cube", async () => {
    const url = `${STATIC_STAC}/catalog/collection.json`;
    const both = await read({ url, spatial_extent: NARROW, bands: ["nir"] });
    expect(labelsNamed(both, "t")).toEqual([day(1), day(2)]);
    expect(labelsNamed(both, "bands")).toEqual(["B08"]);
    expectPixels(both.planes[0]!, NARROW_WINDOW, nir(1));
    expectPixels(both.planes[1]!, NARROW_WINDOW, nir(2));

    const later = await read({ url, spatial_extent: NARROW, temporal_extent: ["2024-05-05", null], bands: ["B04"] });
    expect(labelsNamed(later, "t")).toEqual([day(2)]);
    expectPixels(later.planes[0]!, NARROW_WINDOW, red(2));

    // S1 has 5 % cloud cover, S2 80 %.
    const clear = await read({ url, spatial_extent: NARROW, bands: ["red"], properties: { "eo:cloud_cover": callback("lte", { x: { from_parameter: "value" }, y: 50 }) } });
    expect(labelsNamed(clear, "t")).toEqual([day(1)]);
    expectPixels(clear.planes[0]!, NARROW_WINDOW, red(1));
  });

  it("a static Catalog: its child links are followed down to the items", async () => {
    const cube = await read({ url: `${STATIC_STAC}/root/catalog.json`, spatial_extent: NARROW, bands: ["B04"] });
    expect(labelsNamed(cube, "t")).toEqual([day(1), day(2)]);
    expectPixels(cube.planes[0]!, NARROW_WINDOW, red(1));
    expectPixels(cube.planes[1]!, NARROW_WINDOW, red(2));
  });

  it("a STAC API collection: bands from item_assets in cube:dimensions order, every page of its items", async () => {
    const cube = await read({ url: `${FAKE_STAC_API}/collections/scenes`, spatial_extent: WHOLE });
    expect(labelsNamed(cube, "bands")).toEqual(["B08", "B04"]);
    expect(labelsNamed(cube, "t")).toEqual([day(1), day(2)]); // one item per page: the next link was followed
    // Planes: t outermost, then bands.
    expectPixels(cube.planes[0]!, WHOLE_WINDOW, nir(1));
    expectPixels(cube.planes[1]!, WHOLE_WINDOW, red(1));
    expectPixels(cube.planes[2]!, WHOLE_WINDOW, nir(2));
    expectPixels(cube.planes[3]!, WHOLE_WINDOW, red(2));
  });

  it("asks a STAC API for the extents (bbox and datetime of its items endpoint)", async () => {
    const items = await access().stac!.items(`${FAKE_STAC_API}/collections/scenes`, { bbox: [14.9, 45.1, 15.1, 45.2], datetime: { start: "2024-05-05T00:00:00Z", end: null } });
    expect(items.map((i) => i.id)).toEqual(["S2"]);
    expect(items[0]!.properties.received).toEqual({ bbox: "14.9,45.1,15.1,45.2", datetime: "2024-05-05T00:00:00.000Z/..", limit: "100" });
  });

  it("a STAC API search URL: its ItemCollection pages, with the extents added", async () => {
    const cube = await read({ url: `${FAKE_STAC_API}/search?collections=scenes`, spatial_extent: NARROW, temporal_extent: ["2024-05-01", "2024-05-02"], bands: ["B04"] });
    expect(labelsNamed(cube, "t")).toEqual([day(1)]);
    expectPixels(cube.planes[0]!, NARROW_WINDOW, red(1));
  });

  describe("a user's uploaded files", () => {
    beforeAll(async () => {
      const auth = await loginAs("alice");
      const put = async (path: string, body: Uint8Array | string) => {
        const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
        const res = await request(`/v1/files/${path}`, { method: "PUT", headers: { Authorization: auth, "Content-Length": String(bytes.length) }, body: bytes });
        expect(res.status).toBe(200);
      };
      const scene = SCENES[1]!;
      await put("my stac/S2/B04.tif", sceneCog(scene, "B04"));
      await put("my stac/S2/B08.tif", sceneCog(scene, "B08"));
      // Written by hand: relative hrefs, no media types, no projection metadata.
      await put("my stac/S2/item.json", JSON.stringify(sceneItem(scene, (key) => `./${key}.tif`, true)));
    });

    const url = `${API}/files/my%20stac/S2/item.json`;

    it("an uploaded Item with relative asset hrefs reads the uploaded GeoTIFFs; the grid comes from their headers", async () => {
      const cube = await read({ url, spatial_extent: NARROW });
      expect(labelsNamed(cube, "bands")).toEqual(["B04", "B08"]);
      expect(cube.grid).toEqual({ crs: "EPSG:32633", bbox: [500080, 4999880, 500240, 4999960], width: 16, height: 8 });
      expect(labelsNamed(cube, "t")).toEqual([day(2)]);
      expectPixels(cube.planes[0]!, NARROW_WINDOW, red(2));
      expectPixels(cube.planes[1]!, NARROW_WINDOW, nir(2));
    });

    it("is another user's missing file", async () => {
      await expect(loadStac({ url }, access("basic.bob"))).rejects.toMatchObject({ code: "FileNotFound", status: 404 });
    });
  });

  it("this back-end's own collection URL reads the catalog, values as stored", async () => {
    await ingestCubeScenes(env.DATA, "stac-own", [{ id: "O1", datetime: "2024-06-01T10:00:00Z", grid: utmGrid(32, 32), cloud: 0, values: { B04: red(3) } }], [RED]);
    const cube = await read({ url: `${API}/collections/stac-own`, spatial_extent: NARROW });
    expect(labelsNamed(cube, "bands")).toEqual(["B04"]);
    expect(labelsNamed(cube, "t")).toEqual(["2024-06-01T00:00:00Z"]);
    expectPixels(cube.planes[0]!, NARROW_WINDOW, red(3));
  });
});

describe("load_stac errors are openEO errors that say what is wrong", () => {
  async function failure(args: Record<string, unknown>, data: DataAccess = access()): Promise<OpenEOError> {
    try {
      await read(args, data);
    } catch (error) {
      expect(error).toBeInstanceOf(OpenEOError);
      return error as OpenEOError;
    }
    throw new Error("expected load_stac to fail");
  }

  it("a URL without a document, a document that is no STAC, or no JSON: the url parameter is invalid", async () => {
    for (const [path, says] of [
      ["/nothing-here.json", "static-stac.example.test answered HTTP 404"],
      ["/not-stac.json", "is not a STAC Item, Collection, Catalog or ItemCollection"],
      ["/not-json.json", "is not JSON"],
      ["/png-only/item.json", "no GeoTIFF data assets"],
    ]) {
      const error = await failure({ url: `${STATIC_STAC}${path}` });
      expect(error.code, path).toBe("ProcessParameterInvalid");
      expect(error.status).toBe(400);
      expect(error.message).toContain("'url'");
      expect(error.message).toContain(says);
    }
  });

  it("a STAC API landing page: asks for a collection URL", async () => {
    const error = await failure({ url: FAKE_STAC_API });
    expect(error).toMatchObject({ code: "ProcessParameterInvalid" });
    expect(error.message).toContain("landing page");
  });

  it("a host that fails or can't be reached: DataSourceUnavailable naming the host; one that doesn't answer in time: DataSourceTimeout", async () => {
    const failing = await failure({ url: `${STATIC_STAC}/unavailable.json` });
    expect(failing).toMatchObject({ code: "DataSourceUnavailable", status: 502 });
    expect(failing.message).toContain("static-stac.example.test");
    expect(failing.message).toContain("HTTP 503");
    // The tests' outbound service answers 502 for hosts it doesn't know.
    const unknown = await failure({ url: "https://nowhere.example.test/stac.json" });
    expect(unknown).toMatchObject({ code: "DataSourceUnavailable" });
    expect(unknown.message).toContain("nowhere.example.test");
    const slow = await failure({ url: `${STATIC_STAC}/slow.json` }, access("basic.alice", { deadlines: { firstByteMs: 200 } }));
    expect(slow).toMatchObject({ code: "DataSourceTimeout", status: 504 });
    expect(slow.message).toContain("static-stac.example.test");
    expect(slow.message).toContain("no response within 0.2 s");
  });

  it("an asset that is gone: DataSourceUnavailable naming its host, when the pixels are read", async () => {
    const lazy = await loadStac({ url: `${STATIC_STAC}/broken-asset/item.json`, spatial_extent: NARROW });
    const error = await materialize(lazy, access()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "DataSourceUnavailable", status: 502 });
    expect((error as Error).message).toContain("static-stac.example.test");
  });

  it("a catalog needing more documents than allowed: ProcessGraphComplexity", async () => {
    // The collection and its two items are three documents.
    const stac = urlStacAccess({ files: env.FILES, apiBase: API, maxDocuments: 2 }, () => Promise.reject(new Error("no reads")));
    await expect(stac.items(`${STATIC_STAC}/catalog/collection.json`, {})).rejects.toMatchObject({ code: "ProcessGraphComplexity", status: 400 });
  });

  it("a URL that is not http(s) fails validation", async () => {
    const error = await failure({ url: "ftp://static-stac.example.test/catalog/S1/item.json" });
    expect(error.status).toBe(400);
    expect(error.message).toContain("url");
  });

  it("bands the STAC doesn't have, an empty temporal extent, and extents without items", async () => {
    const url = `${STATIC_STAC}/catalog/collection.json`;
    const band = await failure({ url, bands: ["B02"] });
    expect(band).toMatchObject({ code: "ProcessParameterInvalid" });
    expect(band.message).toContain("'bands'");
    expect(band.message).toContain("B04, B08");
    expect(await failure({ url, temporal_extent: ["2024-05-11", "2024-05-01"] })).toMatchObject({ code: "TemporalExtentEmpty", status: 400 });
    expect(await failure({ url, temporal_extent: ["2020-01-01", "2021-01-01"] })).toMatchObject({ code: "NoDataAvailable", status: 400 });
  });
});

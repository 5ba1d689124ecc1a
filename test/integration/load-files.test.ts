/**
 * load_uploaded_files and load_url: files uploaded through the API (PUT /files) and files on the
 * fake static host (test/support/fake-stac-api.ts), read as GeoTIFF (a lazy cube), GeoJSON (a
 * vector cube) and STAC; the GeoTIFFs are written here by our COG writer, so every expected pixel
 * is the value function it was written from. Bad input: unknown formats and options, files the
 * format can't read, files too large, missing files and paths outside the user's files, http and
 * non-public hosts.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../src/catalog/catalog";
import { catalogDataAccess } from "../../src/catalog/data-access";
import { materialize, type DataAccess, type LazyCube } from "../../src/cube";
import type { GeometryCube } from "../../src/cube/vector";
import { runProcess } from "../../src/engine";
import { OpenEOError } from "../../src/errors";
import { PROCESSES } from "../../src/processes";
import { writeCog } from "../../src/raster/cog-writer";
import { headerCache } from "../../src/raster/header-cache";
import { openCog } from "../../src/raster/open-cog";
import { readWindow } from "../../src/raster/read-window";
import { expectError, loginAs, ORIGIN, request } from "../support/http";
import { MemoryByteSource } from "../support/memory-byte-source";
import { labelsNamed } from "../support/raster-cube";
import { LARGE_GRID, largeNir, largeRed } from "../support/large-ndvi-scene";
import { band, utmGrid } from "../support/raster-fixtures";
import { BANDS, red, SCENES, STATIC_STAC } from "../support/stac-scenes";

const API = `${ORIGIN}/v1`;
const GRID = utmGrid(32, 32);
// "west": nodata (0) left of x = 16; "east": a value everywhere; "pair": two samples.
const west = (x: number, y: number) => (x < 16 ? 0 : 100 + x + 32 * y);
const east = (x: number) => 5000 + x;
const second = (_x: number, y: number) => 7000 + y;
const cog = (...values: ((x: number, y: number) => number)[]) => writeCog(values.map((v) => band(GRID, "uint16", v, 0)), { tileSize: 16, compression: "deflate", predictor: 2 });

const ZONES = {
  type: "FeatureCollection",
  features: [
    { type: "Feature", id: "a", properties: { yield: 4.5, name: "north" }, geometry: { type: "Point", coordinates: [15.001, 45.152] } },
    { type: "Feature", id: "b", properties: { yield: true }, geometry: { type: "LineString", coordinates: [[15, 45.151], [15.002, 45.153]] } },
  ],
};
const POINT = { type: "Point", coordinates: [15.003, 45.1525] };

let auth: string;

async function upload(path: string, body: Uint8Array | string): Promise<void> {
  const res = await request(`/v1/files/${path}`, { method: "PUT", headers: { Authorization: auth }, body });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  auth = await loginAs("alice");
  await upload("rasters/west.tif", cog(west));
  await upload("rasters/east.tif", cog(east));
  await upload("rasters/pair.tif", cog(east, second));
  await upload("rasters/named.tif", writeCog([band(GRID, "uint16", east, 0), band(GRID, "uint16", second, 0)], { tileSize: 16, compression: "deflate", bandDescriptions: ["red", "nir"] }));
  await upload("vectors/zones.geojson", JSON.stringify(ZONES));
  await upload("vectors/point.json", JSON.stringify(POINT));
  await upload("vectors/broken.geojson", '{"type": "FeatureCollection", "features": [');
  await upload("vectors/huge.geojson", " ".repeat(4 * 2 ** 20 + 1));
  await upload("vectors/padded.geojson", JSON.stringify({ type: "Feature", properties: { pad: "x".repeat(2.5 * 2 ** 20) }, geometry: POINT }));
  await upload("rasters/large.tif", writeCog([band(LARGE_GRID, "uint16", largeRed, 0), band(LARGE_GRID, "uint16", largeNir, 0)], { tileSize: 256, compression: "deflate", predictor: 2 }));
  // The static host serves files the tests put there; the STAC item of scene S1 links its bands relatively.
  for (const [path, body] of [
    ["/load-url/east.tif", cog(east)],
    ["/load-url/zones.geojson", new TextEncoder().encode(JSON.stringify(ZONES))],
    ...BANDS.map(({ key, value }) => [`/catalog/S1/${key}.tif`, writeCog([band(GRID, "uint16", value(1), 0)], { tileSize: 16, compression: "deflate" })] as const),
  ] as const) {
    expect((await fetch(`${STATIC_STAC}${path}`, { method: "PUT", body })).status).toBe(201);
  }
});

const access = (): DataAccess => catalogDataAccess(new Catalog(env.DATA), { data: env.DATA, files: env.FILES, apiBase: API, userId: "basic.alice" });

async function run<T>(process_id: string, args: Record<string, unknown>, data = access()): Promise<T> {
  const graph = { load: { process_id, arguments: args, result: true } };
  return (await runProcess({ process_graph: graph }, { processes: PROCESSES }, { ctx: { log() {}, data } as never })) as T;
}

async function failure(process_id: string, args: Record<string, unknown>): Promise<OpenEOError> {
  const error = await run(process_id, args).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(OpenEOError);
  return error as OpenEOError;
}

/** Every pixel of the plane (the whole 32 x 32 grid) is value(x, y). */
function expectPixels(plane: Float32Array, value: (x: number, y: number) => number, width = 32, x0 = 0, y0 = 0): void {
  const wrong: string[] = [];
  plane.forEach((v, i) => {
    const [x, y] = [x0 + (i % width), y0 + Math.floor(i / width)];
    const expected = value(x, y) === 0 ? NaN : value(x, y);
    if (!Object.is(v, expected)) wrong.push(`(${x}, ${y}) = ${v}, not ${expected}`);
  });
  expect(wrong.slice(0, 5)).toEqual([]);
}

describe("load_uploaded_files", () => {
  it("GTiff: a lazy cube of the file on its native grid, bands band_1, ..., one time step at 1970-01-01 or the given day", async () => {
    const lazy = await run<LazyCube>("load_uploaded_files", { paths: ["/rasters/pair.tif"], format: "gtiff" });
    expect(lazy.kind).toBe("lazy");
    expect(lazy.bands.map((b) => b.name)).toEqual(["band_1", "band_2"]);
    const cube = await materialize(lazy, access());
    expect(cube.grid).toEqual(GRID);
    expect(labelsNamed(cube, "t")).toEqual(["1970-01-01T00:00:00Z"]);
    expectPixels(cube.planes[0]!, east);
    expectPixels(cube.planes[1]!, second);

    const dated = await materialize(await run<LazyCube>("load_uploaded_files", { paths: ["rasters/east.tif"], format: "GTiff", options: { datetime: "2024-05-01T10:00:00Z" } }), access());
    expect(labelsNamed(dated, "t")).toEqual(["2024-05-01T00:00:00Z"]);
  });

  it("GTiff: bands named by the file's band descriptions (GDAL's metadata), which filter_bands selects by", async () => {
    const lazy = await run<LazyCube>("load_uploaded_files", { paths: ["rasters/named.tif"], format: "GTiff" });
    expect(lazy.bands.map((b) => b.name)).toEqual(["red", "nir"]);
    const load = { process_id: "load_uploaded_files", arguments: { paths: ["rasters/named.tif"], format: "GTiff" } };
    const graph = { load, nir: { process_id: "filter_bands", arguments: { data: { from_node: "load" }, bands: ["nir"] }, result: true } };
    const cube = await materialize((await runProcess({ process_graph: graph }, { processes: PROCESSES }, { ctx: { log() {}, data: access() } as never })) as LazyCube, access());
    expect(labelsNamed(cube, "bands")).toEqual(["nir"]);
    expectPixels(cube.planes[0]!, second);
  });

  it("GTiff: several files are mosaicked, the first given first", async () => {
    const both = await materialize(await run<LazyCube>("load_uploaded_files", { paths: ["rasters/west.tif", "./rasters/east.tif"], format: "GTiff" }), access());
    expect(labelsNamed(both, "bands")).toEqual(["band_1"]);
    expectPixels(both.planes[0]!, (x, y) => (x < 16 ? east(x) : west(x, y)));
    const eastFirst = await materialize(await run<LazyCube>("load_uploaded_files", { paths: ["rasters/east.tif", "rasters/west.tif"], format: "GTiff" }), access());
    expectPixels(eastFirst.planes[0]!, east);
  });

  it("GTiff: extents narrow the read; an extent beside the file has no data", async () => {
    const load = { process_id: "load_uploaded_files", arguments: { paths: ["rasters/west.tif"], format: "GTiff" } };
    // px x 8..23, y 4..11 of the grid.
    const extent = { west: 500080, south: 4999880, east: 500240, north: 4999960, crs: 32633 };
    const graph = { load, f: { process_id: "filter_bbox", arguments: { data: { from_node: "load" }, extent }, result: true } };
    const cube = await materialize((await runProcess({ process_graph: graph }, { processes: PROCESSES }, { ctx: { log() {}, data: access() } as never })) as LazyCube, access());
    expect(cube.grid).toEqual({ crs: "EPSG:32633", bbox: [500080, 4999880, 500240, 4999960], width: 16, height: 8 });
    expectPixels(cube.planes[0]!, west, 16, 8, 4);

    const beside = { ...graph, f: { ...graph.f, arguments: { data: { from_node: "load" }, extent: { west: 600000, south: 4999000, east: 600100, north: 4999100, crs: 32633 } } } };
    const lazy = (await runProcess({ process_graph: beside }, { processes: PROCESSES }, { ctx: { log() {}, data: access() } as never })) as LazyCube;
    await expect(materialize(lazy, access())).rejects.toMatchObject({ code: "NoDataAvailable" });
  });

  it("GeoJSON: one vector cube of the features of every file in order, properties from the option", async () => {
    const cube = await run<GeometryCube>("load_uploaded_files", { paths: ["vectors/zones.geojson", "vectors/point.json"], format: "GeoJSON", options: { properties: ["yield"] } });
    expect(cube.kind).toBe("vector");
    expect(cube.geometries.map((f) => f.geometry?.type)).toEqual(["Point", "LineString", "Point"]);
    expect(cube.geometries[2]!.geometry).toEqual(POINT);
    expect(cube.dims).toEqual([{ name: "properties", type: "other", labels: ["yield"] }]);
    // Numbers as they are, booleans as 1, a missing property as no-data.
    expect(Array.from(cube.values[0]!)).toEqual([4.5, 1, NaN]);
    const bare = await run<GeometryCube>("load_uploaded_files", { paths: ["vectors/zones.geojson"], format: "geojson" });
    expect([bare.dims, bare.values]).toEqual([[], []]);
    // Text can't be a cube value: the option named it.
    const text = await failure("load_uploaded_files", { paths: ["vectors/zones.geojson"], format: "GeoJSON", options: { properties: ["name"] } });
    expect(text.code).toBe("ProcessParameterInvalid");
    expect(text.message).toContain("option 'properties'");
  });

  it("job estimates count what the files' loads read: a GeoTIFF's planes, nothing for GeoJSON", async () => {
    const estimate = async (load: Record<string, unknown>, format: string) => {
      const process = { process_graph: { load: { process_id: "load_uploaded_files", arguments: load }, save: { process_id: "save_result", arguments: { data: { from_node: "load" }, format }, result: true } } };
      const created = await request("/v1/jobs", { method: "POST", headers: { Authorization: auth, "Content-Type": "application/json" }, body: JSON.stringify({ process }) });
      expect(created.status, await created.clone().text()).toBe(201);
      const res = await request(`/v1/jobs/${created.headers.get("OpenEO-Identifier")}/estimate`, { headers: { Authorization: auth } });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as { size: number };
    };
    // 32 x 32 px, two bands, one time step, as float32.
    expect((await estimate({ paths: ["rasters/pair.tif"], format: "GTiff" }, "GTiff")).size).toBe(32 * 32 * 2 * 4);
    expect((await estimate({ paths: ["vectors/zones.geojson"], format: "GeoJSON" }, "GeoJSON")).size).toBe(0);
  });

  it("GeoJSON: a file within the size limit is read whole", async () => {
    const cube = await run<GeometryCube>("load_uploaded_files", { paths: ["vectors/padded.geojson"], format: "GeoJSON" });
    expect(cube.geometries.map((f) => f.geometry)).toEqual([POINT]);
  });

  it("STAC: one uploaded document as load_stac reads it; two are FormatUnsuitable", async () => {
    const item = { type: "Feature", stac_version: "1.0.0", id: "up", bbox: [14.99, 45.15, 15.01, 45.16], geometry: null, properties: { datetime: "2024-06-01T10:00:00Z" }, assets: { east: { href: "../rasters/east.tif", type: "image/tiff", roles: ["data"] } }, links: [] };
    await upload("stac/item.json", JSON.stringify(item));
    const cube = await materialize(await run<LazyCube>("load_uploaded_files", { paths: ["stac/item.json"], format: "STAC" }), access());
    expect(labelsNamed(cube, "bands")).toEqual(["east"]);
    expect(labelsNamed(cube, "t")).toEqual(["2024-06-01T00:00:00Z"]);
    expectPixels(cube.planes[0]!, east);
    expect((await failure("load_uploaded_files", { paths: ["stac/item.json", "stac/item.json"], format: "STAC" })).code).toBe("FormatUnsuitable");
  });

  it("refuses unknown formats and options, files the format can't read, and files too large", async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ paths: ["rasters/east.tif"], format: "JPEG" }, "ProcessParameterInvalid", "GTiff, GeoJSON, STAC"],
      [{ paths: ["rasters/east.tif"], format: "GTiff", options: { bands: [1] } }, "ProcessParameterInvalid", "no option 'bands'"],
      [{ paths: ["rasters/east.tif"], format: "GTiff", options: { datetime: "yesterday" } }, "ProcessParameterInvalid", "RFC 3339"],
      [{ paths: ["vectors/zones.geojson"], format: "GTiff" }, "FormatUnsuitable", "vectors/zones.geojson"],
      [{ paths: ["rasters/east.tif"], format: "GeoJSON" }, "FormatUnsuitable", "rasters/east.tif is not JSON"],
      [{ paths: ["vectors/broken.geojson"], format: "GeoJSON" }, "FormatUnsuitable", "is not JSON"],
      [{ paths: ["rasters/east.tif"], format: "STAC" }, "FormatUnsuitable", "not JSON"],
      [{ paths: ["vectors/huge.geojson"], format: "GeoJSON" }, "FormatUnsuitable", `vectors/huge.geojson takes the GeoJSON read past ${4 * 2 ** 20} bytes`],
      // 2.5 MiB fit, twice that doesn't: the limit holds for all files together.
      [{ paths: ["vectors/padded.geojson", "vectors/padded.geojson"], format: "GeoJSON" }, "FormatUnsuitable", "past 4194304 bytes (all files together)"],
      [{ paths: [], format: "GTiff" }, "ProcessParameterInvalid", "no file given"],
      [{ paths: Array.from({ length: 101 }, () => "rasters/east.tif"), format: "GTiff" }, "ProcessParameterInvalid", "at most 100 files"],
    ];
    for (const [args, code, says] of cases) {
      const error = await failure("load_uploaded_files", args);
      expect([JSON.stringify(args.paths).slice(0, 40), error.code]).toEqual([JSON.stringify(args.paths).slice(0, 40), code]);
      expect(error.message).toContain(says);
    }
  });

  it("a missing file, or a path outside the user's files, is FileNotFound; another user's file is missing for them", async () => {
    const cases: [string[], string][] = [
      [["rasters/east.tif", "rasters/gone.tif"], "GTiff"],
      [["vectors/zones.geojson", "vectors/gone.geojson"], "GeoJSON"],
      [["../basic.bob/x.tif"], "GTiff"],
      [["a/../../x.geojson"], "GeoJSON"],
    ];
    for (const [paths, format] of cases) {
      const error = await failure("load_uploaded_files", { paths, format });
      expect([paths, error.code]).toEqual([paths, "FileNotFound"]);
    }
    expect((await failure("load_uploaded_files", { paths: ["stac/none.json"], format: "STAC" })).code).toBe("FileNotFound");
    const bob = catalogDataAccess(new Catalog(env.DATA), { data: env.DATA, files: env.FILES, apiBase: API, userId: "basic.bob" });
    await expect(run("load_uploaded_files", { paths: ["rasters/east.tif"], format: "GTiff" }, bob)).rejects.toMatchObject({ code: "FileNotFound" });
  });
});

describe("load_url", () => {
  it("GTiff at an https URL: read by range requests, as the uploaded file", async () => {
    const lazy = await run<LazyCube>("load_url", { url: `${STATIC_STAC}/load-url/east.tif`, format: "GTiff" });
    expect(lazy.bands.map((b) => b.name)).toEqual(["band_1"]);
    const cube = await materialize(lazy, access());
    expect(cube.grid).toEqual(GRID);
    expectPixels(cube.planes[0]!, east);
  });

  it("GeoJSON at an https URL, and this back-end's own /files URL of the user's file", async () => {
    for (const url of [`${STATIC_STAC}/load-url/zones.geojson`, `${API}/files/vectors/zones.geojson`]) {
      const cube = await run<GeometryCube>("load_url", { url, format: "GeoJSON", options: { properties: ["yield"] } });
      expect(cube.geometries.map((f) => f.id)).toEqual(["a", "b"]);
      expect(Array.from(cube.values[0]!)).toEqual([4.5, 1]);
    }
  });

  it("STAC: an Item as load_stac reads it", async () => {
    const cube = await materialize(await run<LazyCube>("load_url", { url: `${STATIC_STAC}/catalog/S1/item.json`, format: "STAC" }), access());
    expect(labelsNamed(cube, "bands")).toEqual(["B04", "B08"]);
    expect(labelsNamed(cube, "t")).toEqual([`${SCENES[0]!.datetime.slice(0, 10)}T00:00:00Z`]);
    expectPixels(cube.planes[0]!, red(1));
  });

  it("refuses http, and hosts that are not on the public internet, before reading anything", async () => {
    const urls = [
      `http://${new URL(STATIC_STAC).host}/load-url/east.tif`,
      "https://localhost/x.tif",
      "https://127.0.0.1/x.tif",
      "https://2130706433/x.tif",
      "https://10.1.2.3/x.tif",
      "https://192.168.0.10/x.tif",
      "https://169.254.169.254/latest/meta-data/",
      "https://[::1]/x.tif",
      "https://[::ffff:10.0.0.1]/x.tif",
      "https://[fd00::1]/x.tif",
      "https://metadata/x.tif",
      "https://printer.local/x.tif",
    ];
    for (const url of urls) {
      const error = await failure("load_url", { url, format: "GTiff" });
      expect([url, error.code]).toEqual([url, "ProcessParameterInvalid"]);
      expect(error.message).toMatch(/only https URLs are read|is not a public internet host/);
    }
  });

  it("follows a redirect to a file, but not one into a private network", async () => {
    const cube = await materialize(await run<LazyCube>("load_url", { url: `${STATIC_STAC}/redirect/east.tif`, format: "GTiff" }), access());
    expectPixels(cube.planes[0]!, east);
    const error = await failure("load_url", { url: `${STATIC_STAC}/redirect/metadata`, format: "GTiff" });
    expect(error.code).toBe("DataSourceUnavailable");
    expect(error.message).toContain("a redirect from https down to http (169.254.169.254) is not followed");
  });

  it("a file the format can't read is FormatUnsuitable; a missing one is the host's answer", async () => {
    expect((await failure("load_url", { url: `${STATIC_STAC}/load-url/zones.geojson`, format: "GTiff" })).code).toBe("FormatUnsuitable");
    expect((await failure("load_url", { url: `${STATIC_STAC}/load-url/east.tif`, format: "GeoJSON" })).code).toBe("FormatUnsuitable");
    expect((await failure("load_url", { url: `${STATIC_STAC}/not-stac.json`, format: "STAC" })).code).toBe("FormatUnsuitable");
    expect((await failure("load_url", { url: `${STATIC_STAC}/load-url/gone.tif`, format: "GTiff" })).code).toBe("DataSourceUnavailable");
  });
});

describe("through POST /result", () => {
  async function post(graph: Record<string, unknown>): Promise<Response> {
    return request("/v1/result", { method: "POST", headers: { Authorization: auth, "Content-Type": "application/json" }, body: JSON.stringify({ process: { process_graph: graph } }) });
  }
  const save = (load: Record<string, unknown>, format: string) => ({ load, save: { process_id: "save_result", arguments: { data: { from_node: "load" }, format }, result: true } });

  it("an uploaded GeoTIFF comes back as a COG of its values, in its type", async () => {
    const res = await post(save({ process_id: "load_uploaded_files", arguments: { paths: ["rasters/pair.tif"], format: "GTiff" } }, "GTiff"));
    expect(res.status).toBe(200);
    headerCache.clear();
    const result = await openCog(new MemoryByteSource(new Uint8Array(await res.arrayBuffer())));
    expect([result.header.grid, result.header.dataType, result.header.samplesPerPixel]).toEqual([GRID, "uint16", 2]);
    expect(Array.from(await readWindow(result, 0, 1, { x: 0, y: 5, width: 3, height: 1 }))).toEqual([second(0, 5), second(1, 5), second(2, 5)]);
    expect(Array.from(await readWindow(result, 0, 0, { x: 30, y: 0, width: 2, height: 1 }))).toEqual([east(30), east(31)]);
  });

  it("a file larger than one read is read in strips (the tests' reads hold 4 MiB, its two bands 4.3 MiB)", async () => {
    const res = await post(save({ process_id: "load_uploaded_files", arguments: { paths: ["rasters/large.tif"], format: "GTiff" } }, "GTiff"));
    expect(res.status, await res.clone().text()).toBe(200);
    headerCache.clear();
    const result = await openCog(new MemoryByteSource(new Uint8Array(await res.arrayBuffer())));
    expect(result.header.grid).toEqual(LARGE_GRID);
    // Rows on both sides of the strip borders (128 rows each), and the last one.
    for (const y of [0, 127, 128, 1023, 1024, 1099]) {
      const [reds, nirs] = [await readWindow(result, 0, 0, { x: 0, y, width: 512, height: 1 }), await readWindow(result, 0, 1, { x: 0, y, width: 512, height: 1 })];
      for (const x of [0, 255, 256, 511]) expect([x, y, reds[x], nirs[x]]).toEqual([x, y, largeRed(x, y), largeNir(x, y)]);
    }
    const link = /^<https?:\/\/[^/]+(\/v1\/logs\/[\w-]+)>/.exec(res.headers.get("Link")!)![1]!;
    const log = (await (await request(link, { headers: { Authorization: auth } })).json()) as { logs: { message: string }[] };
    expect(log.logs.map((l) => l.message)).toContainEqual(expect.stringMatching(/read and computed in \d+ strips/));
  });

  it("a GeoJSON URL comes back as GeoJSON with its features", async () => {
    const res = await post(save({ process_id: "load_url", arguments: { url: `${STATIC_STAC}/load-url/zones.geojson`, format: "GeoJSON" } }, "GeoJSON"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { features: { id: string; geometry: unknown }[] };
    expect(body.features.map((f) => [f.id, f.geometry])).toEqual(ZONES.features.map((f) => [f.id, f.geometry]));
  });

  it("bad input is a 4xx openEO error: an unknown format at validation, a missing file 404, http and private hosts 400", async () => {
    await expectError(await post(save({ process_id: "load_url", arguments: { url: `${STATIC_STAC}/load-url/east.tif`, format: "COG" } }, "GTiff")), 400, "ProcessParameterInvalid");
    await expectError(await post(save({ process_id: "load_uploaded_files", arguments: { paths: ["nothing.tif"], format: "GTiff" } }, "GTiff")), 404, "FileNotFound");
    await expectError(await post(save({ process_id: "load_uploaded_files", arguments: { paths: ["vectors/zones.geojson"], format: "GTiff" } }, "GTiff")), 400, "FormatUnsuitable");
    await expectError(await post(save({ process_id: "load_url", arguments: { url: "http://example.com/a.tif", format: "GTiff" } }, "GTiff")), 400, "ProcessParameterInvalid");
    await expectError(await post(save({ process_id: "load_url", arguments: { url: "https://169.254.169.254/a.tif", format: "GTiff" } }, "GTiff")), 400, "ProcessParameterInvalid");
  });
});

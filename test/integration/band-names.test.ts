import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../src/catalog/catalog";
import { describeCollection } from "../../src/catalog/collection-metadata";
import { catalogDataAccess } from "../../src/catalog/data-access";
import { storeCollection } from "../../src/catalog/ingest/store-collection";
import { ingestedKeys } from "../../src/catalog/sources/ingested-source";
import type { StacItem } from "../../src/catalog/stac-types";
import { materialize, type LazyCube, type RasterCube } from "../../src/cube";
import { runProcess } from "../../src/engine";
import { OpenEOError } from "../../src/errors";
import { PROCESSES } from "../../src/processes";
import { ingestCubeScenes, type FixtureBand } from "../support/cube-fixture";
import { expectError, loginAs, request } from "../support/http";
import { labelsNamed } from "../support/raster-cube";
import { utmGrid } from "../support/raster-fixtures";

const f = Math.fround;
const scaled = (dn: number) => f(dn * 0.0001 - 0.1);

// Items keyed the way Earth Search keys Sentinel-2 assets: "red", "nir", "rededge1", ...
const reflectance = { wavelength: 0, scale: 0.0001, offset: -0.1 };
const EARTH_SEARCH_BANDS: FixtureBand[] = [
  { ...reflectance, key: "red", common: "red", wavelength: 0.665 },
  { ...reflectance, key: "rededge1", common: "rededge", wavelength: 0.704 },
  { ...reflectance, key: "rededge2", common: "rededge", wavelength: 0.74 },
  { ...reflectance, key: "nir", common: "nir", wavelength: 0.842 },
];
const DN: Record<string, (x: number, y: number) => number> = {
  red: (x, y) => 1000 + x + 10 * y,
  rededge1: (x) => 2000 + x,
  rededge2: (_, y) => 2500 + y,
  nir: (x, y) => 3000 + 3 * x - y,
};
const SCENE = { id: "E1", datetime: "2024-05-01T10:00:00Z", grid: utmGrid(32, 32), cloud: 5, values: DN, properties: { platform: "sentinel-2a", constellation: "sentinel-2" } };
const PLAIN_SCENE = { ...SCENE, properties: {} };

const access = () => catalogDataAccess(new Catalog(env.DATA), { data: env.DATA, files: env.FILES, apiBase: "https://openeo.test/v1" });
function run(graph: Record<string, unknown>): Promise<unknown> {
  return runProcess({ process_graph: graph }, { processes: PROCESSES }, { ctx: { log() {}, data: access() } as never });
}
/** The pixels load_collection's cube holds, read. */
async function read(id: string, bands: string[]): Promise<RasterCube> {
  return materialize((await run({ l: { ...load(id, bands), result: true } })) as LazyCube, access());
}
const load = (id: string, bands: string[] | null) => ({ process_id: "load_collection", arguments: { id, spatial_extent: null, temporal_extent: null, bands } });

/** What the old ingest wrote: the collection document with the items' asset keys as band names. */
async function storeOldFormat(id: string): Promise<void> {
  await ingestCubeScenes(env.DATA, id, [SCENE], EARTH_SEARCH_BANDS);
  const items = (await (await env.DATA.get(ingestedKeys.index(id)))!.json()) as StacItem[];
  await env.DATA.put(ingestedKeys.collection(id), JSON.stringify(describeCollection({ id }, items)));
}

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "s2-earth-search", [SCENE], EARTH_SEARCH_BANDS);
  await storeOldFormat("s2-old-format");
  await ingestCubeScenes(env.DATA, "plain-renamed", [PLAIN_SCENE], EARTH_SEARCH_BANDS);
  await storeCollection(env.DATA, { id: "plain-renamed" }, [], { red: "R", nir: "N" });
});

describe("band names of Sentinel-2 collections", () => {
  it("serves ESA's names with the asset keys as aliases in eo:bands and cube:dimensions", async () => {
    const c = (await (await request("/v1/collections/s2-earth-search")).json()) as Record<string, any>;
    expect(c["cube:dimensions"].bands.values).toEqual(["B04", "B05", "B06", "B08"]);
    expect(c.summaries["eo:bands"]).toEqual([
      { name: "B04", common_name: "red", center_wavelength: 0.665, description: "Red (band 4)", aliases: ["red"] },
      { name: "B05", common_name: "rededge", center_wavelength: 0.704, description: "Red edge 1 (band 5)", aliases: ["rededge1"] },
      { name: "B06", common_name: "rededge", center_wavelength: 0.74, description: "Red edge 2 (band 6)", aliases: ["rededge2"] },
      { name: "B08", common_name: "nir", center_wavelength: 0.842, description: "Near infrared 1 (band 8)", aliases: ["nir"] },
    ]);
    expect(c.summaries["raster:bands"].map((b: any) => b.name)).toEqual(["B04", "B05", "B06", "B08"]);
  });

  it("reads the same pixels for B04/B08 and for their aliases red/nir, labelled B04/B08 either way", async () => {
    const byName = await read("s2-earth-search", ["B04", "B08"]);
    const byAlias = await read("s2-earth-search", ["red", "nir"]);
    expect(labelsNamed(byName, "bands")).toEqual(["B04", "B08"]);
    expect(labelsNamed(byAlias, "bands")).toEqual(["B04", "B08"]);
    expect(byAlias.planes).toEqual(byName.planes);
    const [red, nir] = byName.planes;
    expect(red![3 * 32 + 5]).toBe(scaled(DN.red!(5, 3)));
    expect(nir![3 * 32 + 5]).toBe(scaled(DN.nir!(5, 3)));
  });

  it("filter_bands keeps a band by alias, and every band of a common name", async () => {
    const filter = (bands: string[], result = true) => ({ l: load("s2-earth-search", null), f: { process_id: "filter_bands", arguments: { data: { from_node: "l" }, bands }, result } });
    const nir = (await run(filter(["nir"]))) as LazyCube;
    expect(nir.bands.map((b) => b.name)).toEqual(["B08"]);
    const rededge = (await run({ ...filter(["rededge1", "rededge"], false), a: { process_id: "apply", arguments: { data: { from_node: "f" }, process: { process_graph: { x: { process_id: "absolute", arguments: { x: { from_parameter: "x" } }, result: true } } } }, result: true } })) as RasterCube;
    expect(labelsNamed(rededge, "bands")).toEqual(["B05", "B06"]);
    expect(rededge.planes[1]![7 * 32]).toBe(scaled(DN.rededge2!(0, 7)));
  });

  it("ndvi finds B08 and B04 by their common names nir and red", async () => {
    const cube = (await run({ l: load("s2-earth-search", null), n: { process_id: "ndvi", arguments: { data: { from_node: "l" } }, result: true } })) as RasterCube;
    const [n, r] = [scaled(DN.nir!(9, 4)), scaled(DN.red!(9, 4))];
    expect(cube.planes[0]![4 * 32 + 9]).toBe(f((n - r) / (n + r)));
  });

  it("rename_labels finds a band by its alias", async () => {
    const cube = (await run({
      l: load("s2-earth-search", ["B04", "B08"]),
      r: { process_id: "rename_labels", arguments: { data: { from_node: "l" }, dimension: "bands", source: ["nir"], target: ["near_infrared"] }, result: true },
    })) as RasterCube;
    expect(labelsNamed(cube, "bands")).toEqual(["B04", "near_infrared"]);
  });

  it("answers a name several bands share with 400 naming the candidates", async () => {
    const error = await run({ l: { ...load("s2-earth-search", ["rededge"]), result: true } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenEOError);
    expect((error as OpenEOError).status).toBe(400);
    expect((error as OpenEOError).message).toContain("'rededge' is ambiguous: it may mean B05, B06");
    const res = await request("/v1/result", {
      method: "POST",
      headers: { Authorization: await loginAs("alice"), "Content-Type": "application/json" },
      body: JSON.stringify({ process: { process_graph: { l: load("s2-earth-search", null), n: { process_id: "ndvi", arguments: { data: { from_node: "l" }, nir: "rededge" }, result: true } } } }),
    });
    const body = await expectError(res, 400, "NirBandAmbiguous");
    expect(body.message).toContain("B05, B06");
  });

  it("serves a collection ingested before the names existed with ESA's names, and reads it by them", async () => {
    const stored = (await (await env.DATA.get(ingestedKeys.collection("s2-old-format")))!.json()) as Record<string, any>;
    expect(stored["cube:dimensions"].bands.values).toEqual(["red", "rededge1", "rededge2", "nir"]);
    const c = (await (await request("/v1/collections/s2-old-format")).json()) as Record<string, any>;
    expect(c["cube:dimensions"].bands.values).toEqual(["B04", "B05", "B06", "B08"]);
    expect(c.summaries["eo:bands"][3]).toMatchObject({ name: "B08", common_name: "nir", aliases: ["nir"] });
    const cube = await read("s2-old-format", ["B08", "red"]);
    expect(labelsNamed(cube, "bands")).toEqual(["B08", "B04"]);
    expect(cube.planes[0]![2 * 32 + 2]).toBe(scaled(DN.nir!(2, 2)));
  });

  it("renames the bands of another collection as ingest's mapping says, keeping the source names as aliases", async () => {
    const c = (await (await request("/v1/collections/plain-renamed")).json()) as Record<string, any>;
    expect(c["cube:dimensions"].bands.values).toEqual(["R", "rededge1", "rededge2", "N"]);
    expect(c.summaries["eo:bands"][0]).toEqual({ name: "R", common_name: "red", center_wavelength: 0.665, aliases: ["red"] });
    // A later ingest without the mapping keeps it: it is recorded in the aliases.
    await storeCollection(env.DATA, { id: "plain-renamed" }, []);
    const again = (await (await request("/v1/collections/plain-renamed")).json()) as Record<string, any>;
    expect(again["cube:dimensions"].bands.values).toEqual(["R", "rededge1", "rededge2", "N"]);
    const cube = await read("plain-renamed", ["N"]);
    expect(cube.planes[0]![32 + 1]).toBe(scaled(DN.nir!(1, 1)));
  });
});

/**
 * The seeded Sentinel-2 collections as the JavaScript client sees them: ESA's band names with
 * Earth Search's asset keys as aliases, the metadata ingest gave them, and NDVI built with B04/B08
 * as the openEO test suite writes it.
 */
import { OpenEO, type Connection } from "@openeo/js-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalWorker, type LocalWorker } from "../../scripts/local-worker.mjs";

const DEMO_USER = "demo";
const DEMO_PASSWORD = "openeo-demo";
const TWL = "sentinel-2-l2a-33twl";

interface JsonCube {
  dimensions: { bands?: { values: string[] } };
  data: unknown;
}

describe("band names of the seeded collections, through the JavaScript client", () => {
  let worker: LocalWorker;
  let connection: Connection;

  beforeAll(async () => {
    worker = await startLocalWorker({ seed: true });
    connection = await OpenEO.connect(worker.url);
    await connection.authenticateBasic(DEMO_USER, DEMO_PASSWORD);
  });
  afterAll(async () => {
    await worker?.stop();
  });

  async function computeJson(build: (builder: Record<string, (...args: unknown[]) => unknown>) => unknown): Promise<JsonCube> {
    const builder = (await connection.buildProcess("bands")) as unknown as Record<string, (...args: unknown[]) => unknown>;
    const { data } = await connection.computeResult(build(builder) as Parameters<Connection["computeResult"]>[0]);
    const chunks: Buffer[] = [];
    for await (const chunk of data as AsyncIterable<Buffer>) chunks.push(chunk);
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as JsonCube;
  }

  it("describes 33TWL and 29RKH with titles, providers and B04-style bands", async () => {
    const twl = await connection.describeCollection(TWL);
    expect(twl.title).toBe("Sentinel-2 L2A, 33TWL, August 2023");
    expect((twl["cube:dimensions"] as any).bands.values).toEqual(["B04", "B08", "SCL"]);
    expect((twl.summaries as any)["eo:bands"][1]).toMatchObject({ name: "B08", common_name: "nir", aliases: ["nir"] });
    const rkh = await connection.describeCollection("sentinel-2-l2a-29rkh");
    expect(rkh.title).toBe("Sentinel-2 L2A, 29RKH, 19 February 2020");
    expect((rkh.providers as { name: string }[]).map((p) => p.name)).toEqual(["ESA", "Element 84"]);
    expect((rkh.links as { rel: string }[]).some((l) => l.rel === "license")).toBe(true);
  });

  it("loads B04/B08 and red/nir alike, labelled B04/B08, and builds NDVI from them", async () => {
    // A 1.2 km box in the middle of 33TWL's window, on the clear day.
    const extent = { west: 16.0, south: 45.7, east: 16.015, north: 45.71 };
    const load = (b: Record<string, (...args: unknown[]) => unknown>, bands: string[]) => b.load_collection!(TWL, extent, ["2023-08-15", "2023-08-16"], bands);
    const byName = await computeJson((b) => b.save_result!(load(b, ["B04", "B08"]), "JSON"));
    const byAlias = await computeJson((b) => b.save_result!(load(b, ["red", "nir"]), "JSON"));
    expect(byName.dimensions.bands!.values).toEqual(["B04", "B08"]);
    expect(byAlias).toEqual(byName);
    const ndvi = await computeJson((b) => b.save_result!(b.ndvi!(load(b, ["B04", "B08"]), "B08", "B04"), "JSON"));
    const defaults = await computeJson((b) => b.save_result!(b.ndvi!(load(b, ["B04", "B08"])), "JSON"));
    expect(defaults).toEqual(ndvi);
    const values = (ndvi.data as unknown[]).flat(Infinity as 1).filter((v): v is number => typeof v === "number");
    expect(values.length).toBeGreaterThan(50);
    // Vegetation on the clear day (README of the data: 0.69-0.83 over vegetated pixels).
    expect(values.reduce((a, b) => a + b, 0) / values.length).toBeGreaterThan(0.3);
  });
});

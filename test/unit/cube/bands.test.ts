import { describe, expect, it } from "vitest";
import { nameBands, parseBandNaming, SENTINEL_2_NAMING, withServedBandNames } from "../../../src/catalog/band-names";
import type { StacCollection } from "../../../src/catalog/stac-types";
import { chooseBands, findBand, matchBands } from "../../../src/cube/bands";
import type { BandLabel } from "../../../src/cube/types";
import { OpenEOError } from "../../../src/errors";

const BANDS: BandLabel[] = [
  { name: "B04", aliases: ["red"], commonName: "red" },
  { name: "B05", aliases: ["rededge1"], commonName: "rededge" },
  { name: "B06", aliases: ["rededge2"], commonName: "rededge" },
  { name: "B08", aliases: ["nir"], commonName: "nir" },
  { name: "B8A", aliases: ["nir08"], commonName: "nir08" },
  // A band whose name is another band's common name: its name wins.
  { name: "swir", commonName: "swir16" },
  { name: "B11", aliases: ["swir16"], commonName: "swir" },
];

describe("band resolution", () => {
  it("finds a band by its name, then by alias, then by common name", () => {
    expect(findBand(BANDS, "B04")).toBe(BANDS[0]);
    expect(findBand(BANDS, "rededge2")).toBe(BANDS[2]);
    expect(findBand(BANDS, "nir")).toBe(BANDS[3]);
    expect(findBand(BANDS, "swir")).toBe(BANDS[5]);
    expect(findBand(BANDS, "swir16")).toBe(BANDS[6]);
    expect(findBand(BANDS, "B4")).toBeUndefined();
  });

  it("calls a name ambiguous when several bands answer to it at the first level that finds any", () => {
    expect(findBand(BANDS, "rededge")).toBe("ambiguous");
    expect(matchBands(BANDS, "rededge").map((b) => b.name)).toEqual(["B05", "B06"]);
  });

  it("chooses bands for a load in the order asked, once each, and names the problem with a bad name", () => {
    expect(chooseBands(BANDS, ["nir", "B04", "red", "B08"], "load_collection", "the collection").map((b) => b.name)).toEqual(["B08", "B04"]);
    expect(chooseBands(BANDS, null, "load_collection", "the collection")).toBe(BANDS);
    const ambiguous = (() => {
      try {
        chooseBands(BANDS, ["rededge"], "load_collection", "the collection");
      } catch (error) {
        return error;
      }
    })();
    expect(ambiguous).toBeInstanceOf(OpenEOError);
    expect((ambiguous as OpenEOError).status).toBe(400);
    expect((ambiguous as OpenEOError).message).toContain("'rededge' is ambiguous: it may mean B05, B06");
    expect(() => chooseBands(BANDS, ["B10"], "load_collection", "the collection")).toThrow("the collection has no band 'B10' (bands: B04, B05, B06, B08, B8A, swir, B11)");
  });
});

describe("band naming", () => {
  it("renames Earth Search's keys to ESA's names, keeps the keys as aliases, fills in what ESA's band is, and is idempotent", () => {
    const once = nameBands([{ name: "red", eo: { name: "red", common_name: "red" } }, { name: "scl" }, { name: "other" }], SENTINEL_2_NAMING);
    expect(once.map((b) => b.eo)).toEqual([
      { name: "B04", common_name: "red", center_wavelength: 0.665, description: "Red (band 4)", aliases: ["red"] },
      { name: "SCL", description: "Scene classification map", aliases: ["scl"] },
      { name: "other" },
    ]);
    expect(nameBands(once, SENTINEL_2_NAMING)).toEqual(once);
  });

  it("parses source=name pairs and refuses anything else", () => {
    expect(parseBandNaming("red=B04, nir=B08")).toEqual({ red: "B04", nir: "B08" });
    expect(() => parseBandNaming("red:B04")).toThrow("band mapping 'red:B04' is not source=name");
  });

  it("leaves stored collections that are not Sentinel-2 as they are", () => {
    const collection = {
      type: "Collection",
      id: "landsat",
      summaries: { platform: ["landsat-8"], "eo:bands": [{ name: "red" }] },
      "cube:dimensions": { bands: { type: "bands", values: ["red"] } },
    } as unknown as StacCollection;
    expect(withServedBandNames(collection)).toBe(collection);
    const sentinel = { ...collection, summaries: { ...collection.summaries, constellation: ["sentinel-2"] } } as StacCollection;
    expect((withServedBandNames(sentinel)["cube:dimensions"]!.bands as { values: string[] }).values).toEqual(["B04"]);
  });
});

import { describe, expect, it } from "vitest";
import { UnsupportedCrsError, crsDefinition, normalizeCrs, pointTransform, sameCrs } from "../../../src/raster/crs";

const R = 6378137;
const RAD = Math.PI / 180;

/** Spherical Web Mercator, straight from its definition. */
function webMercator(lon: number, lat: number): [number, number] {
  return [R * lon * RAD, R * Math.log(Math.tan(Math.PI / 4 + (lat * RAD) / 2))];
}

/** WGS 84 meridian arc length from the equator to `lat`, by Simpson integration of the meridian radius. */
function meridianArc(lat: number): number {
  const e2 = 0.00669437999014; // WGS 84 first eccentricity squared
  const radius = (t: number) => (R * (1 - e2)) / Math.pow(1 - e2 * Math.sin(t) ** 2, 1.5);
  const n = 2000;
  const h = (lat * RAD) / n;
  let sum = radius(0) + radius(lat * RAD);
  for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * radius(i * h);
  return (sum * h) / 3;
}

describe("crs definitions", () => {
  it("puts longitude on x for EPSG:4326 (UTM 33N's central meridian is 15°E)", () => {
    const [x, y] = pointTransform("EPSG:4326", "EPSG:32633")(15, 45);
    expect(x).toBeCloseTo(500000, 6);
    // On the central meridian, northing is the meridian arc scaled by k0 = 0.9996.
    expect(y).toBeCloseTo(0.9996 * meridianArc(45), 3);
  });

  it("maps UTM 33N (500000, 0) to 15°E on the equator", () => {
    const [lon, lat] = pointTransform("EPSG:32633", "EPSG:4326")(500000, 0);
    expect(lon).toBeCloseTo(15, 12);
    expect(lat).toBeCloseTo(0, 12);
  });

  it.each([
    ["EPSG:32601", -177, 10, 0.9996 * meridianArc(10)],
    ["EPSG:32660", 177, 60, 0.9996 * meridianArc(60)],
    ["EPSG:32701", -177, -10, 10000000 - 0.9996 * meridianArc(10)],
    ["EPSG:32760", 177, -60, 10000000 - 0.9996 * meridianArc(60)],
  ])("generates %s with the zone's central meridian and hemisphere", (crs, lon, lat, northing) => {
    const [x, y] = pointTransform("EPSG:4326", crs)(lon, lat);
    expect(x).toBeCloseTo(500000, 6);
    expect(y).toBeCloseTo(northing, 3);
  });

  it("matches the Web Mercator formula for EPSG:3857, both ways", () => {
    const toMercator = pointTransform("EPSG:4326", "EPSG:3857");
    const toLonLat = pointTransform("EPSG:3857", "EPSG:4326");
    for (const [lon, lat] of [[0, 0], [15, 45], [-122.4, 37.8], [179.9, -84], [-45, 70.5]] as const) {
      const [x, y] = webMercator(lon, lat);
      const [mx, my] = toMercator(lon, lat);
      expect(mx).toBeCloseTo(x, 6);
      expect(my).toBeCloseTo(y, 6);
      const [back, backLat] = toLonLat(x, y);
      expect(back).toBeCloseTo(lon, 10);
      expect(backLat).toBeCloseTo(lat, 10);
    }
  });

  it("goes from Web Mercator to UTM through the same geographic position", () => {
    const [x, y] = webMercator(16.2, 48.1);
    const [e, n] = pointTransform("EPSG:3857", "EPSG:32633")(x, y);
    const [ue, un] = pointTransform("EPSG:4326", "EPSG:32633")(16.2, 48.1);
    expect(e).toBeCloseTo(ue, 5);
    expect(n).toBeCloseTo(un, 5);
  });

  it("uses codes proj4 already knows: EPSG:4269 is geographic, EPSG:5041 puts the pole at (2e6, 2e6)", () => {
    expect(crsDefinition("EPSG:4269").geographic).toBe(true);
    expect(crsDefinition("EPSG:4326").geographic).toBe(true);
    expect(crsDefinition("EPSG:3857").geographic).toBe(false);
    expect(crsDefinition("EPSG:32633").geographic).toBe(false);
    const [x, y] = pointTransform("EPSG:4326", "EPSG:5041")(0, 90);
    expect(x).toBeCloseTo(2000000, 6);
    expect(y).toBeCloseTo(2000000, 6);
  });

  it.each(["EPSG:999999", "EPSG:32600", "EPSG:32661", "EPSG:32700", "length", "toString", "+proj=longlat", "foo"])(
    "rejects %s with an UnsupportedCrsError naming it",
    (crs) => {
      expect(() => pointTransform(crs, "EPSG:4326")).toThrow(UnsupportedCrsError);
      expect(() => pointTransform("EPSG:4326", crs)).toThrow(`Unsupported CRS: ${crs}`);
      let thrown: unknown;
      try {
        crsDefinition(crs);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect(thrown).toMatchObject({ name: "UnsupportedCrsError", crs });
    },
  );

  it("normalises EPSG spellings and caches one transform per pair", () => {
    expect(normalizeCrs(" epsg:04326 ")).toBe("EPSG:4326");
    expect(sameCrs("epsg:32633", "EPSG:32633")).toBe(true);
    expect(sameCrs("EPSG:32633", "EPSG:32733")).toBe(false);
    expect(pointTransform("epsg:4326", " EPSG:3857")).toBe(pointTransform("EPSG:4326", "EPSG:3857"));
    expect(pointTransform("EPSG:3857", "EPSG:4326")).not.toBe(pointTransform("EPSG:4326", "EPSG:3857"));
  });

  it("answers NaN for points that cannot be transformed instead of throwing", () => {
    const toMercator = pointTransform("EPSG:4326", "EPSG:3857");
    expect(toMercator(0, 90)).toEqual([NaN, NaN]);
    expect(toMercator(NaN, 10)).toEqual([NaN, NaN]);
    expect(toMercator(10, Infinity)).toEqual([NaN, NaN]);
  });
});

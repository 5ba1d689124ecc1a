import { describe, expect, it } from "vitest";
import { ringLongitudeExtent } from "../../../src/raster/crs-antimeridian";
import { pointTransform, splitAntimeridian, transformBBox } from "../../../src/raster/crs";
import type { BBox } from "../../../src/raster/grid";

/** `perEdge` evenly spaced points along each edge of a box (corners included), transformed. */
function outline(bbox: BBox, from: string, to: string, perEdge: number): [number, number][] {
  const [minX, minY, maxX, maxY] = bbox;
  const transform = pointTransform(from, to);
  const points: [number, number][] = [];
  for (let i = 0; i <= perEdge; i++) {
    const x = minX + ((maxX - minX) * i) / perEdge;
    const y = minY + ((maxY - minY) * i) / perEdge;
    points.push(transform(x, minY), transform(x, maxY), transform(minX, y), transform(maxX, y));
  }
  return points;
}

function expectContains(box: BBox, points: [number, number][]) {
  for (const [x, y] of points) {
    expect(x).toBeGreaterThanOrEqual(box[0]);
    expect(x).toBeLessThanOrEqual(box[2]);
    expect(y).toBeGreaterThanOrEqual(box[1]);
    expect(y).toBeLessThanOrEqual(box[3]);
  }
}

describe("transformBBox", () => {
  const utmBox: BBox = [200000, 5000000, 800000, 6000000];

  it("contains every densified edge point, including the top edge's bulge between the corners", () => {
    const box = transformBBox(utmBox, "EPSG:32633", "EPSG:4326");
    // 21 extra points per edge means 22 equal steps, so these are exactly the points it used.
    expectContains(box, outline(utmBox, "EPSG:32633", "EPSG:4326", 22));
    // Grid north converges on the pole, so the top edge peaks on the central meridian, above its corners.
    const [, topMiddle] = pointTransform("EPSG:32633", "EPSG:4326")(500000, 6000000);
    const [, topCorner] = pointTransform("EPSG:32633", "EPSG:4326")(800000, 6000000);
    expect(box[3]).toBe(topMiddle);
    expect(topMiddle - topCorner).toBeGreaterThan(0.08); // about 9.7 km a corners-only box would miss
    // The extremes are corners or that midpoint, so a much denser outline stays inside too.
    expectContains(box, outline(utmBox, "EPSG:32633", "EPSG:4326", 500));
  });

  it("equals the Web Mercator formula for a longitude/latitude box (its edges stay straight)", () => {
    const R = 6378137;
    const merc = (deg: number) => R * Math.log(Math.tan(Math.PI / 4 + (deg * Math.PI) / 360));
    const box = transformBBox([10, 40, 20, 50], "EPSG:4326", "EPSG:3857");
    const expected = [(R * 10 * Math.PI) / 180, merc(40), (R * 20 * Math.PI) / 180, merc(50)];
    box.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 5));
  });

  it("returns a copy for the same CRS, whatever the spelling", () => {
    const bbox: BBox = [1, 2, 3, 4];
    const result = transformBBox(bbox, "EPSG:32633", "epsg:32633");
    expect(result).toEqual(bbox);
    expect(result).not.toBe(bbox);
  });

  it("answers west > east for a box across the antimeridian", () => {
    // UTM 60N's central meridian is 177°E; 400 km east of it at 60°N is past 180°.
    const crossing: BBox = [600000, 6600000, 900000, 6800000];
    const [west, south, east, north] = transformBBox(crossing, "EPSG:32660", "EPSG:4326");
    expect(west).toBeGreaterThan(178);
    expect(west).toBeLessThan(180);
    expect(east).toBeGreaterThan(-178);
    expect(east).toBeLessThan(-170);
    for (const [lon, lat] of outline(crossing, "EPSG:32660", "EPSG:4326", 22)) {
      expect(lon >= west || lon <= east).toBe(true);
      expect(lat).toBeGreaterThanOrEqual(south);
      expect(lat).toBeLessThanOrEqual(north);
    }
    const [eastern, western] = splitAntimeridian([west, south, east, north]);
    expect(eastern).toEqual([west, south, 180, north]);
    expect(western).toEqual([-180, south, east, north]);
  });

  it("keeps an ordinary box near the antimeridian ordinary", () => {
    const [west, , east] = transformBBox([500000, 6600000, 600000, 6800000], "EPSG:32660", "EPSG:4326");
    expect(west).toBeLessThan(east);
    expect(east).toBeLessThan(180);
    expect(splitAntimeridian([west, 0, east, 1])).toEqual([[west, 0, east, 1]]);
  });

  it("reads a geographic input box with west > east as crossing the antimeridian", () => {
    const [minX, minY, maxX, maxY] = transformBBox([170, -10, -170, 10], "EPSG:4326", "EPSG:32660");
    const [x180, y180] = pointTransform("EPSG:4326", "EPSG:32660")(180, 0);
    expect(minX).toBeLessThan(x180);
    expect(maxX).toBeGreaterThan(x180);
    expect(minY).toBeLessThan(y180);
    expect(maxY).toBeGreaterThan(y180);
    // 190°E is 13° east of the central meridian, well over 1000 km at the equator.
    expect(maxX - 500000).toBeGreaterThan(1000000);
  });

  it("spans all longitudes and reaches the pole when the box contains it", () => {
    // UPS North puts the pole at (2e6, 2e6); the corners are sqrt(2) * 1e6 m from it.
    const ups: BBox = [1000000, 1000000, 3000000, 3000000];
    const [west, south, east, north] = transformBBox(ups, "EPSG:5041", "EPSG:4326");
    expect([west, east, north]).toEqual([-180, 180, 90]);
    const cornerLats = outline(ups, "EPSG:5041", "EPSG:4326", 1).map(([, lat]) => lat);
    expect(south).toBe(Math.min(...cornerLats));
    expect(south).toBeGreaterThan(76);
    expect(south).toBeLessThan(78);
  });

  it("throws for a box none of whose points can be transformed, or a bad densify", () => {
    expect(() => transformBBox([0, 90, 10, 90], "EPSG:4326", "EPSG:3857")).toThrow(RangeError);
    expect(() => transformBBox([0, 0, 1, 1], "EPSG:4326", "EPSG:3857", -1)).toThrow(RangeError);
    expect(() => transformBBox([0, 0, 1, 1], "EPSG:4326", "EPSG:3857", 2.5)).toThrow(RangeError);
  });
});

describe("ringLongitudeExtent", () => {
  it("gives min and max for a ring that stays on one side", () => {
    expect(ringLongitudeExtent([10, 20, 20, 10])).toEqual([10, 20]);
    expect(ringLongitudeExtent([170, 180, 180, 170])).toEqual([170, 180]);
    expect(ringLongitudeExtent([-180, -170, NaN, -180])).toEqual([-180, -170]);
  });

  it("gives west > east for a ring across the antimeridian, from either side", () => {
    expect(ringLongitudeExtent([170, 179, -175, -175, 179, 170])).toEqual([170, -175]);
    expect(ringLongitudeExtent([-175, -179, 175, 172, -179])).toEqual([172, -175]);
  });

  it("spans the globe for a ring winding round a pole, and is undefined without finite points", () => {
    expect(ringLongitudeExtent([0, 90, 180, -90, 0])).toEqual([-180, 180]);
    expect(ringLongitudeExtent([0, 100, -160, -60])).toEqual([-180, 180]);
    expect(ringLongitudeExtent([NaN, NaN])).toBeUndefined();
  });
});

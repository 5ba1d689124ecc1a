import { describe, expect, it } from "vitest";
import { geometriesExtent, parseGeoJson, projectGeometry, type Geometry } from "../../../src/cube/geojson";
import { coverage, visitGeometryPixels } from "../../../src/cube/rasterize";
import { pointTransform } from "../../../src/raster/crs";
import type { Grid } from "../../../src/raster/grid";

// 4 x 4 pixels of 1 degree: pixel (column i, row j) has its centre at (i + 0.5, 3.5 - j), index 4 j + i.
const grid: Grid = { crs: "EPSG:4326", bbox: [0, 0, 4, 4], width: 4, height: 4 };

/** The sorted indices of the pixels a geometry covers. */
function cells(geometry: Geometry, on: Grid = grid): number[] {
  const found = new Set<number>();
  visitGeometryPixels(geometry, on, (i) => found.add(i));
  return [...found].sort((a, b) => a - b);
}

const square = (x0: number, y0: number, x1: number, y1: number) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]] as [number, number][];

async function code(f: () => unknown): Promise<string | undefined> {
  try {
    await f();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe("polygons", () => {
  it("cover the pixels whose centre lies inside", () => {
    // Centres x, y in {0.5, 1.5, 2.5}: columns 0-2 of rows 1-3 (y 2.5, 1.5, 0.5).
    expect(cells({ type: "Polygon", coordinates: [square(0.2, 0.2, 2.8, 2.8)] })).toEqual([4, 5, 6, 8, 9, 10, 12, 13, 14]);
  });

  it("leave out holes", () => {
    // The hole holds the centre (1.5, 1.5): column 1, row 2, index 9.
    expect(cells({ type: "Polygon", coordinates: [square(0.2, 0.2, 2.8, 2.8), square(1, 1, 2, 2)] })).toEqual([4, 5, 6, 8, 10, 12, 13, 14]);
  });

  it("include centres on their edges (intersecting, as Simple Features define it)", () => {
    // Every edge runs through a row or column of centres; a half-open rule alone would drop the top row and right column.
    expect(cells({ type: "Polygon", coordinates: [square(0.5, 0.5, 2.5, 2.5)] })).toEqual([4, 5, 6, 8, 9, 10, 12, 13, 14]);
    // A triangle whose hypotenuse x + y = 3 passes the centres (0.5, 2.5), (1.5, 1.5), (2.5, 0.5).
    expect(cells({ type: "Polygon", coordinates: [[[0, 0], [3, 0], [0, 3], [0, 0]]] })).toEqual([4, 8, 9, 12, 13, 14]);
  });

  it("of a MultiPolygon are a union, overlaps included", () => {
    // Two squares sharing the centre (1.5, 1.5): even-odd across them would drop it.
    const multi: Geometry = { type: "MultiPolygon", coordinates: [[square(0.2, 0.2, 1.8, 1.8)], [square(1.2, 1.2, 2.8, 2.8)]] };
    expect(cells(multi)).toEqual([5, 6, 8, 9, 10, 12, 13]);
  });

  it("may lie partly or wholly outside the grid", () => {
    expect(cells({ type: "Polygon", coordinates: [square(-5, -5, 1, 1)] })).toEqual([12]);
    expect(cells({ type: "Polygon", coordinates: [square(10, 10, 12, 12)] })).toEqual([]);
    expect(cells({ type: "Polygon", coordinates: [] })).toEqual([]);
  });
});

describe("points and lines", () => {
  it("a point covers the pixel it falls in, none outside the grid", () => {
    expect(cells({ type: "Point", coordinates: [1.2, 3.9] })).toEqual([1]);
    expect(cells({ type: "MultiPoint", coordinates: [[1.2, 3.9], [3.9, 0.1], [7, 7]] })).toEqual([1, 15]);
    expect(cells({ type: "Point", coordinates: [] })).toEqual([]);
  });

  it("a line covers every pixel it crosses", () => {
    // In pixel space the line runs from (0.1, 3.5) to (3.9, 2.3), row y = 3.5 - 1.2 (x - 0.1) / 3.8: row 3 in
    // column 0, rows 3 and 2 in column 1 (3.22 to 2.90), row 2 in columns 2 and 3.
    expect(cells({ type: "LineString", coordinates: [[0.1, 0.5], [3.9, 1.7]] })).toEqual([9, 10, 11, 12, 13]);
    // A vertical and a horizontal piece.
    expect(cells({ type: "MultiLineString", coordinates: [[[3.5, 0.2], [3.5, 1.8]], [[0.2, 3.5], [1.5, 3.5]]] })).toEqual([0, 1, 11, 15]);
  });
});

describe("coverage", () => {
  it("marks the union of the geometries", () => {
    const covered = coverage([{ type: "Point", coordinates: [0.5, 0.5] }, { type: "Polygon", coordinates: [square(2.2, 2.2, 3.8, 3.8)] }], grid);
    expect([...covered.keys()].filter((i) => covered[i])).toEqual([2, 3, 6, 7, 12]);
  });
});

describe("GeoJSON", () => {
  const polygon = { type: "Polygon", coordinates: [square(0, 0, 1, 1)] };

  it("reads geometries, Features and FeatureCollections as Features, properties kept", () => {
    expect(parseGeoJson(polygon, "p", "g")).toEqual([{ type: "Feature", geometry: polygon, properties: {} }]);
    const feature = { type: "Feature", geometry: polygon, properties: { name: "a" } };
    expect(parseGeoJson(feature, "p", "g")).toEqual([feature]);
    const empty = { type: "Feature", geometry: null, properties: null };
    expect(parseGeoJson({ type: "FeatureCollection", features: [feature, empty] }, "p", "g")).toEqual([feature, empty]);
  });

  it("refuses what isn't valid GeoJSON in WGS 84", async () => {
    const invalid = [
      { type: "Polygon", coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }, // not closed
      { type: "Polygon", coordinates: [[[0, 0], [1, 1], [0, 0]]] }, // too short
      { type: "LineString", coordinates: [[0, 0]] },
      { type: "Point", coordinates: [500000, 5000000] }, // projected, not longitude/latitude
      { type: "Point", coordinates: ["a", 1] },
      { type: "GeometryCollection", geometries: [polygon] },
      { type: "Circle", coordinates: [0, 0] },
      { type: "FeatureCollection", features: [] },
      { type: "Feature", properties: {} },
      [polygon],
    ];
    for (const value of invalid) expect(await code(() => parseGeoJson(value, "p", "g")), JSON.stringify(value)).toBe("ProcessParameterInvalid");
  });

  it("reprojects vertices and densifies edges", () => {
    const toUtm = pointTransform("EPSG:4326", "EPSG:32633");
    const line: Geometry = { type: "LineString", coordinates: [[15, 50], [15.2, 50]] };
    const projected = projectGeometry(line, "EPSG:4326", "EPSG:32633") as { coordinates: [number, number][] };
    // 0.2 degrees in steps of at most 0.05: 5 positions, the middle one where 15.1 E, 50 N lands.
    expect(projected.coordinates).toHaveLength(5);
    expect(projected.coordinates[2]![0]).toBeCloseTo(toUtm(15.1, 50)[0], 6);
    expect(projected.coordinates[2]![1]).toBeCloseTo(toUtm(15.1, 50)[1], 6);
    expect(projectGeometry(line, "EPSG:4326", "EPSG:4326")).toBe(line);
  });

  it("widens the extent of a point a hair, so that reading it covers its pixel", () => {
    const extent = geometriesExtent([{ type: "Point", coordinates: [10, 50] }, null], "EPSG:4326")!;
    expect(extent.bbox[0]).toBeLessThan(10);
    expect(extent.bbox[2]).toBeGreaterThan(10);
    expect(extent.bbox[2] - extent.bbox[0]).toBeLessThan(1e-6);
    expect(geometriesExtent([null, { type: "Polygon", coordinates: [] }], "EPSG:4326")).toBeNull();
  });
});

/** A batch statistical request's features (names, CRS, budgets) and their cutting into chunks by count and by work. */
import { describe, expect, it } from "vitest";
import { featureChunks, MAX_CHUNK_FEATURES } from "../../../src/sentinel-hub/statistics-batch/batch-statistical-request";
import { MAX_FEATURES, MAX_TOTAL_POSITIONS, parseFeatures } from "../../../src/sentinel-hub/statistics-batch/features";

/** A square of `side` metres with its lower left corner at (x, y). */
const square = (x: number, y: number, side: number) => ({ type: "Polygon", coordinates: [[[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]] });
const feature = (geometry: unknown, id?: unknown) => ({ type: "Feature", ...(id === undefined ? {} : { id }), properties: {}, geometry });
const collection = (features: unknown[], crs?: string) => ({ type: "FeatureCollection", ...(crs ? { crs: { type: "name", properties: { name: crs } } } : {}), features });
const message = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return (error as Error).message;
  }
  return "no error";
};

/** 10 m pixels over one day: a square of side s metres is (s / 10)^2 pixels of work. */
const body = {
  input: { data: [{ type: "byoc-x" }] },
  aggregation: { timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-02T00:00:00Z" }, aggregationInterval: { of: "P1D" }, resx: 10, resy: 10, evalscript: "//VERSION=3" },
  output: { s3: { url: "s3://b/out" } },
};

describe("batch statistical features", () => {
  it("names features by id, or by index without one, and reads GDAL's crs member", () => {
    const parsed = parseFeatures(collection([feature(square(0, 0, 1), "a"), feature(square(0, 0, 1)), feature(square(0, 0, 1), 42)], "urn:ogc:def:crs:EPSG::32633"));
    expect(parsed.features.map((f) => f.id)).toEqual(["a", "1", "42"]);
    expect(parsed.crs).toBe("http://www.opengis.net/def/crs/EPSG/0/32633");
    expect(parseFeatures(collection([feature(square(0, 0, 1))])).crs).toBe("http://www.opengis.net/def/crs/OGC/1.3/CRS84");
    expect(parseFeatures(collection([feature(square(0, 0, 1))], "urn:ogc:def:crs:OGC:1.3:CRS84")).crs).toBe("http://www.opengis.net/def/crs/OGC/1.3/CRS84");
  });

  it("refuses ids that are no file names, duplicates, non-polygons and too many features or positions", () => {
    expect(message(() => parseFeatures(collection([feature(square(0, 0, 1), ".hidden")])))).toMatch(/feature 0's id/);
    expect(message(() => parseFeatures(collection([feature(square(0, 0, 1), 1.5)])))).toMatch(/feature 0's id/);
    expect(message(() => parseFeatures(collection([feature(square(0, 0, 1), "1"), feature(square(0, 0, 1))])))).toMatch(/'1' is given to more than one/);
    expect(message(() => parseFeatures(collection([feature({ type: "LineString", coordinates: [[0, 0], [1, 1]] })])))).toMatch(/Polygon or MultiPolygon/);
    expect(message(() => parseFeatures(collection([feature({ type: "Polygon", coordinates: [5] })])))).toMatch(/Polygon or MultiPolygon/);
    const many = Array.from({ length: MAX_FEATURES + 1 }, () => feature(square(0, 0, 1)));
    expect(message(() => parseFeatures(collection(many)))).toMatch(/10001 features/);
    // 101 features of 9,999 positions each: each within its budget, together over the total.
    const ring = Array.from({ length: 9_999 }, (_, i) => [Math.cos(i), Math.sin(i)]);
    const heavy = Array.from({ length: Math.ceil(MAX_TOTAL_POSITIONS / 9_999) }, (_, i) => feature({ type: "Polygon", coordinates: [ring] }, i));
    expect(message(() => parseFeatures(collection(heavy)))).toMatch(/more than 1,000,000 positions in all/);
  });

  it("cuts features into chunks of at most 50, of at most 1,000 intervals and of at most one Statistical API request's work", () => {
    const small = Array.from({ length: 120 }, (_, i) => feature(square(500000, 5000000, 100), i));
    const chunks = featureChunks(body, parseFeatures(collection(small, "EPSG:32633")));
    expect(chunks).toEqual([[0, MAX_CHUNK_FEATURES], [MAX_CHUNK_FEATURES, 2 * MAX_CHUNK_FEATURES], [2 * MAX_CHUNK_FEATURES, 120]]);
    // 40 days: 40 intervals each, so 1,000 intervals are 25 features.
    const forty = { ...body, aggregation: { ...body.aggregation, timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-08-10T00:00:00Z" } } };
    expect(featureChunks(forty, parseFeatures(collection(small.slice(0, 60), "EPSG:32633")))).toEqual([[0, 25], [25, 50], [50, 60]]);
    // 400 intervals (hourly over 16 days and 16 hours): two features a chunk.
    const hourly = { ...body, aggregation: { ...body.aggregation, timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-17T16:00:00Z" }, aggregationInterval: { of: "PT1H" } } };
    expect(featureChunks(hourly, parseFeatures(collection(small.slice(0, 5), "EPSG:32633")))).toEqual([[0, 2], [2, 4], [4, 5]]);
    // 2,500 x 2,500 pixels (25 km) is 6,250,000 pixels: ten make 62.5 M, the eleventh would exceed 2^26 (67.1 M).
    const large = Array.from({ length: 12 }, (_, i) => feature(square(500000, 5000000, 25_000), i));
    expect(featureChunks(body, parseFeatures(collection(large, "EPSG:32633")))).toEqual([[0, 10], [10, 12]]);
    // 30 km is 3,000 pixels a side, more than a Statistical API request's grid may have.
    expect(message(() => featureChunks(body, parseFeatures(collection([feature(square(500000, 5000000, 30_000), "big")], "EPSG:32633"))))).toMatch(/^Feature 'big': .*2500/);
    // Features after the first are checked too: 20 days of 2,000 x 2,000 pixels are 80 M, over 2^26.
    const days = { ...body, aggregation: { ...body.aggregation, timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-21T00:00:00Z" } } };
    const second = collection([feature(square(500000, 5000000, 100), "small"), feature(square(500000, 5000000, 20_000), "wide")], "EPSG:32633");
    expect(message(() => featureChunks(days, parseFeatures(second)))).toMatch(/^Feature 'wide': 20 intervals of 2000 x 2000 pixels are more than/);
    const bad = collection([feature(square(500000, 5000000, 100), "small"), feature({ type: "Polygon", coordinates: [[[0, 0], [0, 0], [0, 0], [0, 0]]] }, "flat")], "EPSG:32633");
    expect(message(() => featureChunks(body, parseFeatures(bad)))).toMatch(/^Feature 'flat': /);
  });
});

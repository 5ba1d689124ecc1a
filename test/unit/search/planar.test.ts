import { describe, expect, it } from "vitest";
import { pointInPolygon, segmentsIntersect } from "../../../src/catalog/search/planar";

const square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
const hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]];

describe("planar primitives", () => {
  it("intersects crossing, touching and collinear-overlapping segments only", () => {
    expect(segmentsIntersect([0, 0], [2, 2], [0, 2], [2, 0])).toBe(true);
    expect(segmentsIntersect([0, 0], [2, 0], [2, 0], [3, 5])).toBe(true);
    expect(segmentsIntersect([0, 0], [2, 0], [1, 0], [5, 0])).toBe(true);
    expect(segmentsIntersect([0, 0], [2, 0], [3, 0], [5, 0])).toBe(false);
    expect(segmentsIntersect([0, 0], [2, 2], [3, 3.1], [5, 0])).toBe(false);
  });

  it("locates points against a polygon with a hole, boundaries included", () => {
    expect(pointInPolygon([1, 1], [square, hole])).toBe(true);
    expect(pointInPolygon([5, 5], [square, hole])).toBe(false);
    expect(pointInPolygon([4, 5], [square, hole])).toBe(true);
    expect(pointInPolygon([10, 5], [square, hole])).toBe(true);
    expect(pointInPolygon([11, 5], [square, hole])).toBe(false);
  });
});

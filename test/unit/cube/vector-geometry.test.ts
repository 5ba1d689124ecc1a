/** Planar vector geometry: buffers (areas by formula), DE-9IM relations, regular and random points. */
import { describe, expect, it } from "vitest";
import { WorkBudget } from "../../../src/budget";
import type { Geometry, Position } from "../../../src/cube/geojson";
import { buffer, CIRCLE_SEGMENTS } from "../../../src/cube/geometry/buffer";
import { mergeParts, partsOf } from "../../../src/cube/geometry/planar";
import { randomPoints, seededRandom } from "../../../src/cube/geometry/random-points";
import { regularPoints } from "../../../src/cube/geometry/regular-points";
import { Relater, type Relation } from "../../../src/cube/geometry/relate";

/** The area of a regular polygon of CIRCLE_SEGMENTS corners on a circle of radius r: what a disk is drawn as. */
const disk = (r: number) => (CIRCLE_SEGMENTS / 2) * r * r * Math.sin((2 * Math.PI) / CIRCLE_SEGMENTS);

/** Shoelace area of rings relative to their first corner, holes subtracted; written apart from the code under test. */
function area(geometry: Geometry | null): number {
  if (!geometry) return 0;
  const ring = (r: Position[]) => Math.abs(r.reduce((s, p, i) => (i ? s + (r[i - 1]![0] - r[0]![0]) * (p[1] - r[0]![1]) - (p[0] - r[0]![0]) * (r[i - 1]![1] - r[0]![1]) : 0), 0)) / 2;
  const polygon = (rings: Position[][]) => rings.reduce((s, r, i) => s + (i ? -ring(r) : ring(r)), 0);
  if (geometry.type === "Polygon") return polygon(geometry.coordinates);
  if (geometry.type === "MultiPolygon") return geometry.coordinates.reduce((s, p) => s + polygon(p), 0);
  throw new Error(`not polygonal: ${geometry.type}`);
}

const square = (x0: number, y0: number, s: number): Geometry => ({
  type: "Polygon",
  coordinates: [
    [
      [x0, y0],
      [x0 + s, y0],
      [x0 + s, y0 + s],
      [x0, y0 + s],
      [x0, y0],
    ],
  ],
});

/** A 100 m square with a 20 m square hole in the middle, in UTM-like coordinates. */
const HOLED: Geometry = {
  type: "Polygon",
  coordinates: [
    square(500000, 5000000, 100).coordinates[0] as Position[],
    [
      [500040, 5000040],
      [500040, 5000060],
      [500060, 5000060],
      [500060, 5000040],
      [500040, 5000040],
    ],
  ],
};

describe("buffer", () => {
  const budget = () => new WorkBudget();

  it("draws a point's disk with its corners on the circle", () => {
    const result = buffer({ type: "Point", coordinates: [500000, 5000000] }, 10, budget());
    expect(result?.type).toBe("Polygon");
    const ring = (result as { coordinates: Position[][] }).coordinates[0]!;
    expect(ring).toHaveLength(CIRCLE_SEGMENTS + 1);
    for (const [x, y] of ring) expect(Math.hypot(x - 500000, y - 5000000)).toBeCloseTo(10, 6);
    expect(area(result)).toBeCloseTo(disk(10), 6);
  });

  it("grows a polygon by strips along its edges and round corners, and shrinks its holes", () => {
    // Outline: 100² + 4 sides x 100 x 10 + four quarter disks; the hole shrinks to 10 x 10.
    expect(area(buffer(HOLED, 10, budget()))).toBeCloseTo(100 * 100 + 4 * 100 * 10 + disk(10) - (20 - 2 * 10) ** 2, 6);
    expect(area(buffer(HOLED, 5, budget()))).toBeCloseTo(100 * 100 + 4 * 100 * 5 + disk(5) - 10 * 10, 6);
    // 15 m closes the 20 m hole altogether: a single ring.
    const closed = buffer(HOLED, 15, budget());
    expect(closed?.type).toBe("Polygon");
    expect(closed?.coordinates).toHaveLength(1);
    expect(area(closed)).toBeCloseTo(100 * 100 + 4 * 100 * 15 + disk(15), 6);
  });

  it("shrinks a polygon: the outline moves in, a hole grows with round corners, too much leaves nothing", () => {
    expect(area(buffer(HOLED, -5, budget()))).toBeCloseTo(90 * 90 - (20 * 20 + 4 * 20 * 5 + disk(5)), 6);
    expect(buffer(HOLED, -60, budget())).toBeNull();
    expect(buffer({ type: "LineString", coordinates: [[0, 0], [10, 0]] }, -1, budget())).toBeNull();
  });

  it("buffers a bent line: two strips less their overlap, half disks at the ends and a quarter at the outer corner", () => {
    const line: Geometry = { type: "LineString", coordinates: [[0, 0], [100, 0], [100, 100]] };
    expect(area(buffer(line, 10, budget()))).toBeCloseTo(2 * 100 * 20 - 10 * 10 + disk(10) / 2 + disk(10) / 2 + disk(10) / 4, 6);
  });

  it("keeps parts apart as a MultiPolygon and joins those that meet", () => {
    const apart = buffer({ type: "MultiPoint", coordinates: [[0, 0], [100, 0]] }, 10, budget());
    expect(apart?.type).toBe("MultiPolygon");
    expect(area(apart)).toBeCloseTo(2 * disk(10), 6);
    const joined = buffer({ type: "MultiPoint", coordinates: [[0, 0], [15, 0]] }, 10, budget());
    expect(joined?.type).toBe("Polygon");
    expect(area(joined)).toBeLessThan(2 * disk(10));
    expect(area(joined)).toBeGreaterThan(disk(10));
  });

  it("outlines a wavy polygon of 1000 vertices (slivers where the strips of nearly straight edges overlap) at the distance", () => {
    const ring = Array.from({ length: 1001 }, (_, i): Position => {
      const a = (2 * Math.PI * (i % 1000)) / 1000;
      const r = 1000 + 100 * Math.sin(7 * a);
      return [500000 + r * Math.cos(a), 5000000 + r * Math.sin(a)];
    });
    const outline = (x: number, y: number) =>
      Math.min(
        ...ring.slice(1).map(([bx, by], i) => {
          const [ax, ay] = ring[i]!;
          const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
          return Math.hypot(x - ax - t * (bx - ax), y - ay - t * (by - ay));
        }),
      );
    for (const d of [5, 50, -50]) {
      const result = buffer({ type: "Polygon", coordinates: [ring] }, d, budget());
      expect(result?.type, `distance ${d}`).toBe("Polygon");
      const rings = (result as { coordinates: Position[][] }).coordinates;
      expect(rings).toHaveLength(1);
      // Corners lie on the offset: at the distance, or on a chord of its circle (no closer than its cosine).
      for (const [x, y] of rings[0]!) {
        expect(outline(x, y)).toBeGreaterThan(Math.abs(d) * Math.cos(Math.PI / CIRCLE_SEGMENTS) - 1e-6);
        expect(outline(x, y)).toBeLessThan(Math.abs(d) + 1e-6);
      }
    }
  });

  it("charges its work to the budget", () => {
    const small = new WorkBudget({ maxValueBytes: 2 ** 20, maxOperations: 100, maxMillis: 1000 });
    expect(() => buffer(HOLED, 10, small)).toThrow(/operations/);
  });
});

describe("relations", () => {
  const RELATIONS: Relation[] = ["intersects", "disjoint", "equals", "touches", "crosses", "overlaps", "contains", "within"];
  /** The relations that hold for `candidate REL base`. */
  const holding = (candidate: Geometry, base: Geometry[]) => {
    const relater = new Relater(mergeParts(base.map(partsOf)), 1e-7);
    return RELATIONS.filter((r) => relater.holds(r, partsOf(candidate), new WorkBudget()));
  };
  const base = square(0, 0, 10);
  const line = (...coordinates: Position[]): Geometry => ({ type: "LineString", coordinates });

  it.each([
    ["a square inside", square(2, 2, 3), ["intersects", "within"]],
    ["the same square", square(0, 0, 10), ["intersects", "equals", "contains", "within"]],
    ["an overlapping square", square(5, 5, 10), ["intersects", "overlaps"]],
    ["a square sharing an edge", square(10, 0, 5), ["intersects", "touches"]],
    ["a square sharing a corner", square(10, 10, 5), ["intersects", "touches"]],
    ["a square far away", square(20, 20, 5), ["disjoint"]],
    ["a square around it", square(-5, -5, 20), ["intersects", "contains"]],
    ["a point inside", { type: "Point", coordinates: [5, 5] }, ["intersects", "within"]],
    ["a point on its edge", { type: "Point", coordinates: [10, 5] }, ["intersects", "touches"]],
    ["a line through it", line([-5, 5], [15, 5]), ["intersects", "crosses"]],
    ["a line inside", line([1, 5], [9, 5]), ["intersects", "within"]],
    ["a line along its edge", line([0, 0], [10, 0]), ["intersects", "touches"]],
    ["a MultiPoint half inside", { type: "MultiPoint", coordinates: [[1, 1], [20, 20]] }, ["intersects", "crosses"]],
  ] as [string, Geometry, Relation[]][])("%s and a square", (_, candidate, expected) => {
    expect(holding(candidate, [base])).toEqual(expected);
  });

  it("takes the base geometries as one: an edge two polygons share is inside their union", () => {
    expect(holding(square(8, 2, 4), [square(0, 0, 10), square(10, 0, 10)])).toEqual(["intersects", "within"]);
    expect(holding(square(8, 2, 4), [square(0, 0, 10)])).toEqual(["intersects", "overlaps"]);
  });

  it("relates lines to lines and equal points", () => {
    expect(holding(line([0, 0], [10, 10]), [line([0, 10], [10, 0])])).toEqual(["intersects", "crosses"]);
    expect(holding(line([0, 0], [10, 0]), [line([5, 0], [15, 0])])).toEqual(["intersects", "overlaps"]);
    expect(holding(line([2, 0], [8, 0]), [line([0, 0], [15, 0])])).toEqual(["intersects", "within"]);
    expect(holding({ type: "Point", coordinates: [1, 1] }, [{ type: "Point", coordinates: [1, 1] }])).toEqual(["intersects", "equals", "contains", "within"]);
  });

  it("sees holes: a square in a hole is disjoint from the polygon", () => {
    const holed: Geometry = { type: "Polygon", coordinates: [square(0, 0, 10).coordinates[0] as Position[], [[3, 3], [3, 7], [7, 7], [7, 3], [3, 3]]] };
    expect(holding(square(4, 4, 2), [holed])).toEqual(["disjoint"]);
    // Half in the hole, half in the polygon.
    expect(holding(square(2, 2, 2), [holed])).toEqual(["intersects", "overlaps"]);
  });
});

describe("regular points", () => {
  it("takes the centres of a grid from a polygon's upper-left corner that lie in it", () => {
    // 25 x 25 m square, 10 m cells: 3 x 3 cells from (0, 25), centres at 5, 15, 25 (x) and 20, 10, 0 (y); x = 25 and y = 0 lie on the edge.
    const points = regularPoints(partsOf(square(0, 0, 25)), 10, 1e-9);
    const expected: Position[] = [];
    for (const y of [20, 10, 0]) for (const x of [5, 15, 25]) expected.push([x, y]);
    expect(points).toEqual(expected);
  });

  it("leaves out the centres in holes, and gives the first position when no centre is inside", () => {
    const points = regularPoints(partsOf(HOLED), 20, 1e-6);
    // 5 x 5 centres at 10, 30, 50, 70, 90 from each corner; the hole (40..60) holds the middle one.
    expect(points).toHaveLength(24);
    expect(points).not.toContainEqual([500050, 5000050]);
    const thin: Geometry = { type: "Polygon", coordinates: [[[0, 0], [100, 1], [100, 0], [0, 0]]] };
    expect(regularPoints(partsOf(thin), 50, 1e-9)).toEqual([[0, 0]]);
  });

  it("walks a line, a point each time the straight distance from the last one reaches the spacing", () => {
    expect(regularPoints(partsOf({ type: "LineString", coordinates: [[0, 0], [25, 0]] }), 10, 1e-9)).toEqual([[0, 0], [10, 0], [20, 0]]);
    // Around a corner: from (10, 0) the next point is 10 m away in a straight line, on the vertical edge: (12, y) with 2² + y² = 10².
    const bent = regularPoints(partsOf({ type: "LineString", coordinates: [[0, 0], [12, 0], [12, 30]] }), 10, 1e-9);
    expect(bent[1]).toEqual([10, 0]);
    expect(bent[2]![0]).toBe(12);
    expect(bent[2]![1]).toBeCloseTo(Math.sqrt(96), 12);
    for (let i = 1; i < bent.length; i++) expect(Math.hypot(bent[i]![0] - bent[i - 1]![0], bent[i]![1] - bent[i - 1]![1])).toBeCloseTo(10, 9);
  });
});

describe("random points", () => {
  it("repeats for a seed and differs between seeds", () => {
    const a = Array.from({ length: 5 }, seededRandom(42));
    expect(Array.from({ length: 5 }, seededRandom(42))).toEqual(a);
    expect(Array.from({ length: 5 }, seededRandom(43))).not.toEqual(a);
    expect(Array.from({ length: 5 }, seededRandom(2 ** 40 + 42))).not.toEqual(a);
    for (const v of Array.from({ length: 1000 }, seededRandom(-7))) expect(v >= 0 && v < 1).toBe(true);
  });

  it("falls inside polygons, not in their holes, spread evenly", () => {
    const points = randomPoints(partsOf(HOLED), 2000, seededRandom(1));
    expect(points).toHaveLength(2000);
    for (const [x, y] of points) {
      expect(x >= 500000 && x <= 500100 && y >= 5000000 && y <= 5000100).toBe(true);
      expect(x > 500040 && x < 500060 && y > 5000040 && y < 5000060).toBe(false);
    }
    // The polygon is symmetric about its centre, so the mean lies near it: within 5 standard errors (29 m / sqrt(2000) each).
    const mean = points.reduce((m, p) => [m[0] + p[0] / 2000, m[1] + p[1] / 2000], [0, 0]);
    expect(Math.abs(mean[0] - 500050)).toBeLessThan(5 * (30 / Math.sqrt(2000)));
    expect(Math.abs(mean[1] - 5000050)).toBeLessThan(5 * (30 / Math.sqrt(2000)));
  });

  it("falls on lines by length, and picks points at most once", () => {
    for (const [x, y] of randomPoints(partsOf({ type: "LineString", coordinates: [[0, 0], [10, 0], [10, 10]] }), 50, seededRandom(3))) {
      expect((y === 0 && x >= 0 && x <= 10) || (x === 10 && y >= 0 && y <= 10)).toBe(true);
    }
    const picked = randomPoints(partsOf({ type: "MultiPoint", coordinates: [[1, 1], [2, 2], [3, 3]] }), 5, seededRandom(4));
    expect(picked).toHaveLength(3);
    expect(new Set(picked.map((p) => p.join(","))).size).toBe(3);
  });
});

import { describe, expect, it } from "vitest";
import { itemCells, MAX_QUERY_RANGES, queryCellRanges, WORLD_CELL } from "../../../src/catalog/byoc/cells";

type Box = [number, number, number, number];

/** Whether two WGS84 boxes meet, either of them possibly across the antimeridian (west > east). */
function meet(a: Box, b: Box): boolean {
  const spans = (box: Box) => (box[0] <= box[2] ? [[box[0], box[2]]] : [[box[0], 180], [-180, box[2]]]);
  const lon = spans(a).some(([w1, e1]) => spans(b).some(([w2, e2]) => e1! >= w2! && w1! <= e2!));
  return lon && a[3] >= b[1] && a[1] <= b[3];
}

/** A deterministic pseudo-random sequence (so a failure repeats). */
function random(seed: number): () => number {
  let x = seed;
  return () => ((x = (x * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

function box(next: () => number, maxSize: number): Box {
  const w = -180 + next() * 360;
  const s = -90 + next() * (180 - maxSize);
  const width = next() * maxSize;
  const e = w + width > 180 ? w + width - 360 : w + width;
  return [w, s, e, s + next() * maxSize];
}

describe("the BYOC index's grid cells", () => {
  it("files small items under their 1° cells, larger ones under 15° cells, the largest under the world cell", () => {
    expect(itemCells([10.2, 40.3, 10.4, 40.5])).toEqual([(40 + 90) * 360 + 10 + 180]);
    expect(itemCells([10.5, 40.5, 11.5, 41.5])).toEqual([130 * 360 + 190, 130 * 360 + 191, 131 * 360 + 190, 131 * 360 + 191]);
    expect(itemCells([179.5, 0, -179.5, 0.5])).toEqual([90 * 360 + 359, 90 * 360 + 0]);
    expect(itemCells([0, 0, 10, 10])).toEqual([100_000 + 6 * 24 + 12]);
    expect(itemCells([-170, -80, 170, 80])).toEqual([WORLD_CELL]);
  });

  it("finds every item that meets a query among the cells the query seeks", () => {
    const next = random(7);
    for (let k = 0; k < 5000; k++) {
      const item = box(next, k % 3 === 0 ? 40 : 3);
      const query = box(next, 10);
      const ranges = queryCellRanges(query);
      if (!ranges) continue;
      expect(ranges.length).toBeLessThanOrEqual(MAX_QUERY_RANGES + 2);
      const found = itemCells(item).some((cell) => ranges.some(([a, b]) => cell >= a && cell <= b));
      if (meet(item, query)) expect(found, JSON.stringify({ item, query })).toBe(true);
    }
  });

  it("leaves a box of too many rows to the time index", () => {
    expect(queryCellRanges([0, 0, 1, 20])).toBeNull();
    expect(queryCellRanges([179, 0, -179, 9])).toBeNull();
    expect(queryCellRanges([179, 0, -179, 6])).toHaveLength(16);
  });
});

/**
 * The grid cells of a BYOC collection's spatial index (durable-objects/byoc-tile-table.ts): plain
 * B-tree ranges, so every SQLite narrows by both axes without R*Tree. An item is filed under the
 * 1° cells its bbox covers; one covering more than MAX_ITEM_CELLS of them under its 15° cells
 * instead, and one larger still under the single world cell, so no item takes many rows.
 */

const FINE = 1;
const COARSE = 15;
const COARSE_BASE = 100_000;
export const WORLD_CELL = 200_000;
/** Cells one item is filed under at most, per level. */
const MAX_ITEM_CELLS = 16;
/** Fine cell ranges (one per row of cells, two across the antimeridian) one query may seek; beyond, it walks the time index. */
export const MAX_QUERY_RANGES = 16;

type Box = [number, number, number, number];

/** Longitude spans of a box: two when it crosses the antimeridian (west > east). */
function spans(west: number, east: number): [number, number][] {
  return west <= east ? [[west, east]] : [[west, 180], [-180, east]];
}

function colRange(size: number, west: number, east: number): [number, number] {
  const cols = 360 / size;
  const col = (lon: number) => Math.min(cols - 1, Math.max(0, Math.floor((lon + 180) / size)));
  return [col(west), col(east)];
}

function rowRange(size: number, south: number, north: number): [number, number] {
  const rows = 180 / size;
  const row = (lat: number) => Math.min(rows - 1, Math.max(0, Math.floor((lat + 90) / size)));
  return [row(south), row(north)];
}

/** Cells of `box` at one level, or null when more than `max`. */
function cellsAt(size: number, base: number, box: Box, max: number): number[] | null {
  const [r0, r1] = rowRange(size, box[1], box[3]);
  const cols = 360 / size;
  const ranges = spans(box[0], box[2]).map(([w, e]) => colRange(size, w, e));
  const count = (r1 - r0 + 1) * ranges.reduce((sum, [c0, c1]) => sum + c1 - c0 + 1, 0);
  if (count > max) return null;
  const cells: number[] = [];
  for (let r = r0; r <= r1; r++) for (const [c0, c1] of ranges) for (let c = c0; c <= c1; c++) cells.push(base + r * cols + c);
  return cells;
}

/** The cells an item with WGS84 `bbox` is filed under. */
export function itemCells(bbox: Box): number[] {
  return cellsAt(FINE, 0, bbox, MAX_ITEM_CELLS) ?? cellsAt(COARSE, COARSE_BASE, bbox, MAX_ITEM_CELLS) ?? [WORLD_CELL];
}

/**
 * Inclusive cell ranges that hold every item whose bbox may meet `bbox`: the fine cells row by
 * row, the coarse rows' span (a superset; the exact bbox test follows) and the world cell. Null
 * when the box covers too many fine rows to seek them one by one.
 */
export function queryCellRanges(bbox: Box): [number, number][] | null {
  const [r0, r1] = rowRange(FINE, bbox[1], bbox[3]);
  const lonRanges = spans(bbox[0], bbox[2]).map(([w, e]) => colRange(FINE, w, e));
  if ((r1 - r0 + 1) * lonRanges.length > MAX_QUERY_RANGES) return null;
  const ranges: [number, number][] = [];
  for (let r = r0; r <= r1; r++) for (const [c0, c1] of lonRanges) ranges.push([r * 360 + c0, r * 360 + c1]);
  const [q0, q1] = rowRange(COARSE, bbox[1], bbox[3]);
  const coarseCols = 360 / COARSE;
  const [k0, k1] = lonRanges.length === 1 && q0 === q1 ? colRange(COARSE, bbox[0], bbox[2]) : [0, coarseCols - 1];
  ranges.push([COARSE_BASE + q0 * coarseCols + k0, COARSE_BASE + q1 * coarseCols + k1]);
  ranges.push([WORLD_CELL, WORLD_CELL]);
  return ranges;
}

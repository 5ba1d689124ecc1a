/**
 * Which pixels of a grid a geometry covers, as the spatial processes define it:
 * - polygons: the pixels whose centre lies inside or on the boundary (holes excluded);
 *   inside is decided by the even-odd rule along each pixel row's centre line;
 * - points: the pixel whose centre is closest (the one containing the point);
 * - lines: the pixels whose centre is closest to some point of the line (the cells it crosses).
 * Geometries are in the grid's CRS. Work happens in pixel space: x = columns from the left edge,
 * y = rows from the top edge, pixel (i, j) spans [i, i + 1) x [j, j + 1), its centre at + 0.5.
 */
import type { Grid } from "../raster/grid";
import type { Geometry, Position } from "./geojson";

/** Receives the index (row * width + column) of a covered pixel; may get the same pixel more than once. */
export type PixelVisitor = (index: number) => void;

// Coordinates a rounding error (in pixels) away from a centre count as on it.
const EPS = 1e-9;

function toPixelSpace(grid: Grid): (p: Position) => Position {
  const [minX, minY, maxX, maxY] = grid.bbox;
  const px = (maxX - minX) / grid.width;
  const py = (maxY - minY) / grid.height;
  return ([x, y]) => [(x - minX) / px, (maxY - y) / py];
}

/** Visits the columns of row `row` whose centre lies in [from, to]. */
function visitSpan(row: number, from: number, to: number, width: number, visit: PixelVisitor): void {
  const first = Math.max(0, Math.ceil(from - 0.5 - EPS));
  const last = Math.min(width - 1, Math.floor(to - 0.5 + EPS));
  for (let i = first; i <= last; i++) visit(row * width + i);
}

/** One polygon (outer ring, then holes), in pixel space. */
function polygonPixels(rings: Position[][], width: number, height: number, visit: PixelVisitor): void {
  let top = Infinity;
  let bottom = -Infinity;
  for (const ring of rings) for (const [, y] of ring) [top, bottom] = [Math.min(top, y), Math.max(bottom, y)];
  const firstRow = Math.max(0, Math.ceil(top - 0.5 - EPS));
  const lastRow = Math.min(height - 1, Math.floor(bottom - 0.5 + EPS));
  const crossings: number[] = [];
  for (let row = firstRow; row <= lastRow; row++) {
    const cy = row + 0.5;
    crossings.length = 0;
    for (const ring of rings) {
      for (let k = 0; k < ring.length; k++) {
        const [ax, ay] = ring[k]!;
        const [bx, by] = ring[(k + 1) % ring.length]!;
        // Interior: edges crossing the centre line, each end counted on one side only (half-open),
        // so a vertex on the line is counted once.
        if (ay <= cy !== by <= cy) crossings.push(ax + ((cy - ay) * (bx - ax)) / (by - ay));
        // Boundary: a centre on an edge intersects the polygon too.
        if (Math.min(ay, by) - EPS <= cy && cy <= Math.max(ay, by) + EPS) {
          if (Math.abs(by - ay) <= EPS) visitSpan(row, Math.min(ax, bx), Math.max(ax, bx), width, visit);
          else {
            const x = ax + ((cy - ay) * (bx - ax)) / (by - ay);
            visitSpan(row, x, x, width, visit);
          }
        }
      }
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) visitSpan(row, crossings[k]!, crossings[k + 1]!, width, visit);
  }
}

function pointPixel([x, y]: Position, width: number, height: number, visit: PixelVisitor): void {
  const col = Math.floor(x);
  const row = Math.floor(y);
  if (col >= 0 && col < width && row >= 0 && row < height) visit(row * width + col);
}

/** The cells a line string crosses: per column it passes, the rows its piece in that column spans. */
function linePixels(line: Position[], width: number, height: number, visit: PixelVisitor): void {
  if (line.length === 1) pointPixel(line[0]!, width, height, visit);
  for (let k = 1; k < line.length; k++) {
    const [ax, ay] = line[k - 1]!;
    const [bx, by] = line[k]!;
    const yAt = (x: number) => (bx === ax ? ay : ay + ((x - ax) * (by - ay)) / (bx - ax));
    const left = Math.min(ax, bx);
    const right = Math.max(ax, bx);
    for (let col = Math.max(0, Math.floor(left)); col <= Math.min(width - 1, Math.floor(right)); col++) {
      const [y0, y1] = bx === ax ? [ay, by] : [yAt(Math.max(left, col)), yAt(Math.min(right, col + 1))];
      const firstRow = Math.max(0, Math.floor(Math.min(y0, y1)));
      const lastRow = Math.min(height - 1, Math.floor(Math.max(y0, y1)));
      for (let row = firstRow; row <= lastRow; row++) visit(row * width + col);
    }
  }
}

/** Visits the pixels of `grid` that `geometry` (in the grid's CRS) covers; empty geometries cover none. */
export function visitGeometryPixels(geometry: Geometry, grid: Grid, visit: PixelVisitor): void {
  const toPixel = toPixelSpace(grid);
  const line = (positions: Position[]) => positions.map(toPixel);
  const { width, height } = grid;
  switch (geometry.type) {
    case "Point":
      if (geometry.coordinates.length) pointPixel(toPixel(geometry.coordinates as Position), width, height, visit);
      return;
    case "MultiPoint":
      for (const p of geometry.coordinates) pointPixel(toPixel(p), width, height, visit);
      return;
    case "LineString":
      return linePixels(line(geometry.coordinates), width, height, visit);
    case "MultiLineString":
      for (const l of geometry.coordinates) linePixels(line(l), width, height, visit);
      return;
    case "Polygon":
      return polygonPixels(geometry.coordinates.map(line), width, height, visit);
    case "MultiPolygon":
      // Each polygon on its own: overlapping parts stay covered (a union, not even-odd across polygons).
      for (const polygon of geometry.coordinates) polygonPixels(polygon.map(line), width, height, visit);
  }
}

/** 1 for every pixel of `grid` that any of the geometries covers, else 0. */
export function coverage(geometries: Geometry[], grid: Grid): Uint8Array {
  const covered = new Uint8Array(grid.width * grid.height);
  for (const geometry of geometries) visitGeometryPixels(geometry, grid, (i) => (covered[i] = 1));
  return covered;
}

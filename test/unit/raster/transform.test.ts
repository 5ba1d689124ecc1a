import { describe, expect, it } from "vitest";
import { UnsupportedCrsError, pointTransform } from "../../../src/raster/crs";
import type { Grid } from "../../../src/raster/grid";
import { targetResolutionInSourcePixels } from "../../../src/raster/overview-choice";
import { sourcePixelCoordinates } from "../../../src/raster/transform";

const R = 6378137;
const HALF_WORLD = Math.PI * R;

/** The 256 x 256 EPSG:3857 tile of zoom z containing (lon, lat). */
function tile(z: number, lon: number, lat: number, size = 256): Grid {
  const n = 2 ** z;
  const col = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const row = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  const span = (2 * HALF_WORLD) / n;
  const bbox: Grid["bbox"] = [-HALF_WORLD + col * span, HALF_WORLD - (row + 1) * span, -HALF_WORLD + (col + 1) * span, HALF_WORLD - row * span];
  return { crs: "EPSG:3857", bbox, width: size, height: size };
}

/** A Sentinel-2-like 10 m, 10980 x 10980 UTM grid centred near (lon, lat). */
function utmScene(lon: number, lat: number): Grid {
  const crs = `EPSG:${(lat >= 0 ? 32600 : 32700) + Math.floor((lon + 180) / 6) + 1}`;
  const [x, y] = pointTransform("EPSG:4326", crs)(lon, lat);
  const minX = Math.round(x / 10) * 10 - 54900;
  const minY = Math.round(y / 10) * 10 - 54900;
  return { crs, bbox: [minX, minY, minX + 109800, minY + 109800], width: 10980, height: 10980 };
}

/** Per-pixel reference: invert Web Mercator by formula, then one exact proj4 call per pixel. */
function exactCoordinates(target: Grid, source: Grid) {
  const toUtm = pointTransform("EPSG:4326", source.crs);
  const [tMinX, , tMaxX, tMaxY] = target.bbox;
  const size = (tMaxX - tMinX) / target.width;
  const x = new Float64Array(target.width * target.height);
  const y = new Float64Array(x.length);
  for (let row = 0; row < target.height; row++) {
    for (let col = 0; col < target.width; col++) {
      const mx = tMinX + (col + 0.5) * size;
      const my = tMaxY - (row + 0.5) * size;
      const lon = (mx / R) * (180 / Math.PI);
      const lat = (2 * Math.atan(Math.exp(my / R)) - Math.PI / 2) * (180 / Math.PI);
      const [e, n] = toUtm(lon, lat);
      x[row * target.width + col] = (e - source.bbox[0]) / 10;
      y[row * target.width + col] = (source.bbox[3] - n) / 10;
    }
  }
  return { x, y };
}

describe("sourcePixelCoordinates, same CRS", () => {
  it("gives the bounds of the affine map's coordinates: the first and last pixel centres", () => {
    const source: Grid = { crs: "EPSG:32633", bbox: [500000, 5000000, 510000, 5010000], width: 1000, height: 1000 };
    const target: Grid = { crs: "EPSG:32633", bbox: [502000, 5003000, 502640, 5003320], width: 32, height: 16 };
    const { x, y, bounds } = sourcePixelCoordinates(target, source);
    expect(bounds).toEqual({ minX: Math.min(...x), maxX: Math.max(...x), minY: Math.min(...y), maxY: Math.max(...y) });
    // 20 m target pixels over 10 m source pixels, from column 200 and row 668: centres at 201, 203, ...
    expect(bounds).toEqual({ minX: 201, maxX: 263, minY: 669, maxY: 699 });
  });

  it("is the exact affine map: halving the resolution puts centres at 2i + 1", () => {
    const source: Grid = { crs: "EPSG:32633", bbox: [0, 0, 100, 100], width: 100, height: 100 };
    const target: Grid = { ...source, width: 50, height: 50 };
    const coords = sourcePixelCoordinates(target, source);
    expect(coords.exactTransforms).toBe(0);
    for (let j = 0; j < 50; j++) {
      for (let i = 0; i < 50; i++) {
        expect(coords.x[j * 50 + i]).toBe(2 * i + 1);
        expect(coords.y[j * 50 + i]).toBe(2 * j + 1);
      }
    }
    expect(targetResolutionInSourcePixels(coords, target.width, target.height)).toBe(2);
  });

  it("handles offsets and non-square pixels, whatever the CRS's spelling", () => {
    // Source: 1 m pixels from (0, 100) down; target: 5 m x 2.5 m pixels from (10, 60) down.
    const source: Grid = { crs: "EPSG:32633", bbox: [0, 0, 100, 100], width: 100, height: 100 };
    const target: Grid = { crs: "epsg:32633", bbox: [10, 20, 30, 60], width: 4, height: 16 };
    const { x, y } = sourcePixelCoordinates(target, source);
    expect(Array.from(x.subarray(0, 4))).toEqual([12.5, 17.5, 22.5, 27.5]);
    expect(Array.from(y.filter((_, i) => i % 4 === 0))).toEqual(Array.from({ length: 16 }, (_, j) => 40 + (j + 0.5) * 2.5));
  });
});

describe("sourcePixelCoordinates, EPSG:3857 tile from a UTM scene", () => {
  it.each([
    [8, 15.3, 45.2],
    [10, 15.3, 45.2],
    [14, 15.3, 45.2],
    [9, 15.3, 0.2],
    [8, 15.3, 70.1],
    [11, 15.3, 70.1],
    [8, 15.3, 80.5],
    [12, 15.3, 80.5],
    [9, -122.4, 37.8],
    [8, 174.8, -41.3],
  ])("stays within 0.125 source pixels of the exact transform (zoom %i at %f, %f)", (z, lon, lat) => {
    const target = tile(z, lon, lat);
    const source = utmScene(lon, lat);
    const coords = sourcePixelCoordinates(target, source);
    const exact = exactCoordinates(target, source);
    let worst = 0;
    let compared = 0;
    for (let i = 0; i < exact.x.length; i++) {
      // Only pixels that read the scene matter; far outside it the approximation may be coarser.
      if (!(exact.x[i]! >= 0 && exact.x[i]! <= source.width && exact.y[i]! >= 0 && exact.y[i]! <= source.height)) continue;
      worst = Math.max(worst, Math.hypot(coords.x[i]! - exact.x[i]!, coords.y[i]! - exact.y[i]!));
      compared++;
    }
    expect(compared).toBeGreaterThan(10000);
    expect(worst).toBeLessThan(0.125);
    expect(coords.exactTransforms).toBeLessThanOrEqual(2000);
  });

  it("spends few exact transforms on a tile much larger than the scene", () => {
    const coords = sourcePixelCoordinates(tile(4, 15.3, 45.2), utmScene(15.3, 45.2));
    expect(coords.exactTransforms).toBeLessThan(2000);
  });

  it("measures source pixels per target pixel from the ground size of a Web Mercator pixel", () => {
    const target = tile(12, 15.3, 60);
    const coords = sourcePixelCoordinates(target, utmScene(15.3, 60));
    // A zoom-12 pixel is 2πR / 2^20 m of Mercator, cos(lat) of that on the ground; UTM pixels are 10 m.
    const latitude = (2 * Math.atan(Math.exp((target.bbox[1] + target.bbox[3]) / 2 / R)) - Math.PI / 2);
    const expected = ((2 * Math.PI * R) / 2 ** 20) * Math.cos(latitude) / 10;
    expect(targetResolutionInSourcePixels(coords, target.width, target.height) / expected).toBeCloseTo(1, 2);
  });

  it("resolves the antimeridian jump of a global geographic source pixel by pixel", () => {
    // UTM 60N around 180° reads a 0.1° global grid whose x jumps from ~3600 back to ~0.
    const source: Grid = { crs: "EPSG:4326", bbox: [-180, -90, 180, 90], width: 3600, height: 1800 };
    const target: Grid = { crs: "EPSG:32660", bbox: [550000, 6500000, 806000, 6756000], width: 256, height: 256 };
    const coords = sourcePixelCoordinates(target, source);
    const toLonLat = pointTransform("EPSG:32660", "EPSG:4326");
    let worst = 0;
    for (let row = 0; row < 256; row++) {
      for (let col = 0; col < 256; col++) {
        const [lon, lat] = toLonLat(550000 + (col + 0.5) * 1000, 6756000 - (row + 0.5) * 1000);
        const i = row * 256 + col;
        worst = Math.max(worst, Math.hypot(coords.x[i]! - (lon + 180) * 10, coords.y[i]! - (90 - lat) * 10));
      }
    }
    expect(Math.min(...coords.x)).toBeLessThan(100);
    expect(Math.max(...coords.x)).toBeGreaterThan(3500);
    expect(worst).toBeLessThan(0.125);
    expect(targetResolutionInSourcePixels(coords, target.width, target.height)).toBeLessThan(1);
  });

  it("throws UnsupportedCrsError for an unknown CRS", () => {
    const source = utmScene(15, 45);
    expect(() => sourcePixelCoordinates({ ...source, crs: "EPSG:1" }, source)).toThrow(UnsupportedCrsError);
  });
});

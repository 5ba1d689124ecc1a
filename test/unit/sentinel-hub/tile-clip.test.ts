/**
 * A tile's clip of a large area: the area's edges, straight in its own CRS (a meridian and a
 * parallel in WGS84), are curves in the tile's UTM CRS. Each tile pixel's centre is tested against
 * the area in the area's CRS, independently of the clip, and the rasterized clip must agree.
 */
import { describe, expect, it } from "vitest";
import type { Geometry } from "../../../src/cube/geojson";
import { coverage } from "../../../src/cube/rasterize";
import { pointTransform } from "../../../src/raster/crs";
import type { BBox, Grid } from "../../../src/raster/grid";
import { MAX_ADDED_POINTS, tileClip } from "../../../src/sentinel-hub/batch/tile-clip";

/** 3°E to 21°E, 40°N to 50°N: 18° wide, so a parallel bulges hundreds of metres away from its chord in UTM. */
const AREA: BBox = [3, 40, 21, 50];

/** The 10 km tile of UTM zone 33N at 50 m (200 x 200 px) that holds (lon, lat). */
function tileAt(lon: number, lat: number): Grid {
  const [x, y] = pointTransform("EPSG:4326", "EPSG:32633")(lon, lat);
  const [i, j] = [Math.floor(x / 10000), Math.floor(y / 10000)];
  return { crs: "EPSG:32633", bbox: [i * 10000, j * 10000, (i + 1) * 10000, (j + 1) * 10000], width: 200, height: 200 };
}

/** Pixels whose centres fall on the other side than the clip says, leaving out centres within `tolerance` degrees of an edge. */
function disagreements(window: Grid, clip: Uint8Array, tolerance: number): number {
  const toWgs = pointTransform(window.crs, "EPSG:4326");
  let wrong = 0;
  for (let row = 0; row < window.height; row++) {
    for (let col = 0; col < window.width; col++) {
      const [lon, lat] = toWgs(window.bbox[0] + (col + 0.5) * 50, window.bbox[3] - (row + 0.5) * 50);
      if (Math.min(Math.abs(lon - AREA[0]), Math.abs(lon - AREA[2]), Math.abs(lat - AREA[1]), Math.abs(lat - AREA[3])) < tolerance) continue;
      const inside = lon > AREA[0] && lon < AREA[2] && lat > AREA[1] && lat < AREA[3];
      if (inside !== (clip[row * window.width + col] === 1)) wrong++;
    }
  }
  return wrong;
}

describe("tileClip", () => {
  it("follows the area's northern parallel across a tile far from the centre of the area", () => {
    const window = tileAt(11.5, 50);
    const clip = coverage([tileClip({ crs: "EPSG:4326", bbox: AREA, geometry: null }, window)], window);
    // The tile straddles the parallel: some of its pixels are inside, some outside.
    expect(clip.reduce((n, v) => n + v, 0)).toBeGreaterThan(1000);
    expect(clip.reduce((n, v) => n + v, 0)).toBeLessThan(39000);
    // 1e-7° is about a centimetre.
    expect(disagreements(window, clip, 1e-7)).toBe(0);
  });

  it("follows a polygon given as the geometry, clipped to the tile, with at most MAX_ADDED_POINTS added", () => {
    const window = tileAt(20.99, 45);
    const geometry: Geometry = { type: "Polygon", coordinates: [[[AREA[0], AREA[1]], [AREA[2], AREA[1]], [AREA[2], AREA[3]], [AREA[0], AREA[3]], [AREA[0], AREA[1]]]] };
    const result = tileClip({ crs: "EPSG:4326", bbox: AREA, geometry }, window);
    const clip = coverage([result], window);
    expect(disagreements(window, clip, 1e-7)).toBe(0);
    const points = result.type === "MultiPolygon" ? result.coordinates.flat(2).length : 0;
    expect(points).toBeGreaterThan(4);
    expect(points).toBeLessThanOrEqual(MAX_ADDED_POINTS + 20);
  });

  it("leaves nothing of an area the tile doesn't reach", () => {
    const window = tileAt(15, 51);
    expect(coverage([tileClip({ crs: "EPSG:4326", bbox: AREA, geometry: null }, window)], window).every((v) => v === 0)).toBe(true);
  });

  it("keeps a geometry within the request's bbox, in the tile's own CRS too", () => {
    const window: Grid = { crs: "EPSG:32633", bbox: [500000, 5000000, 510000, 5010000], width: 100, height: 100 };
    // A triangle over the whole tile, and a bbox of its western half.
    const geometry: Geometry = { type: "Polygon", coordinates: [[[490000, 4990000], [530000, 4990000], [490000, 5030000], [490000, 4990000]]] };
    const clip = coverage([tileClip({ crs: "EPSG:32633", bbox: [495000, 4995000, 505000, 5015000], geometry }, window)], window);
    for (let row = 0; row < 100; row++) {
      for (let col = 0; col < 100; col++) {
        const [x, y] = [500000 + (col + 0.5) * 100, 5010000 - (row + 0.5) * 100];
        expect(clip[row * 100 + col], `(${col}, ${row})`).toBe(x < 505000 && x - 490000 + (y - 4990000) < 40000 ? 1 : 0);
      }
    }
  });
});

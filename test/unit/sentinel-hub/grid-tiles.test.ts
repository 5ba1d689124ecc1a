/**
 * The tiles of the tiling grids over an area: UTM tiles aligned on multiples of their side in the
 * zone's CRS, both zones and both hemispheres where the area crosses them, 1-degree cells in WGS84;
 * tile windows with buffers; tile paths; limits.
 */
import { describe, expect, it } from "vitest";
import { OpenEOError } from "../../../src/errors";
import { pointTransform } from "../../../src/raster/crs";
import type { Geometry } from "../../../src/cube/geojson";
import { requestTiles, tileWindow, type BatchRequest } from "../../../src/sentinel-hub/batch/batch-request";
import { tilesCovering } from "../../../src/sentinel-hub/batch/grid-tiles";
import { collectionFolder, tilePath, tilePathTemplate } from "../../../src/sentinel-hub/batch/tile-paths";
import { describeGrid, tilingGrid, TILING_GRIDS } from "../../../src/sentinel-hub/batch/tiling-grids";

const grid = (id: number) => tilingGrid(id)!;

describe("requestTiles", () => {
  it("leaves out the tiles of the bbox that the request's geometry misses", () => {
    // A triangle under the line x + y = 9 998 000 over four 10 km tiles around (500 km, 5000 km): the north-eastern tile
    // (x >= 500 km and y >= 5000 km, so x + y >= 10 000 km) lies wholly above the line.
    const geometry: Geometry = { type: "Polygon", coordinates: [[[494000, 4994000], [504000, 4994000], [494000, 5004000], [494000, 4994000]]] };
    const request = { grid: grid(1), process: { crs: "EPSG:32633", bbox: [494000, 4994000, 504000, 5004000], geometry } } as unknown as BatchRequest;
    expect(requestTiles(request).map((t) => t.name)).toEqual(["33N_49_499", "33N_50_499", "33N_49_500"]);
    expect(requestTiles({ ...request, process: { ...request.process, geometry: null } }).map((t) => t.name)).toEqual(["33N_49_499", "33N_50_499", "33N_49_500", "33N_50_500"]);
    // The same triangle in WGS84: the UTM tile's box is reprojected to test it.
    const toWgs = pointTransform("EPSG:32633", "EPSG:4326");
    const wgs: Geometry = { type: "Polygon", coordinates: [geometry.coordinates[0]!.map(([x, y]) => toWgs(x, y))] };
    const [w, s] = toWgs(494000, 4994000);
    const [e, n] = [toWgs(504000, 4994000)[0], toWgs(494000, 5004000)[1]];
    const tiles = requestTiles({ ...request, process: { crs: "EPSG:4326", bbox: [w, s, e, n], geometry: wgs } } as unknown as BatchRequest);
    expect(tiles.filter((t) => t.crs === "EPSG:32633").map((t) => t.name)).not.toContain("33N_50_500");
  });
});

describe("tilesCovering", () => {
  it("lists the 10 km UTM tiles over a box in the zone's own CRS: columns 49-51, rows 499-500", () => {
    const tiles = tilesCovering(grid(1), { crs: "EPSG:32633", bbox: [495000, 4995000, 515000, 5005000] }, 100);
    const expected = [499, 500].flatMap((j) => [49, 50, 51].map((i) => ({ id: ((33 * 2) * 10_000 + j) * 1000 + i, name: `33N_${i}_${j}`, crs: "EPSG:32633", bbox: [i * 10000, j * 10000, (i + 1) * 10000, (j + 1) * 10000] })));
    expect(tiles).toEqual(expected);
  });

  it("leaves out tiles that only touch the area", () => {
    const tiles = tilesCovering(grid(1), { crs: "EPSG:32633", bbox: [500000, 5000000, 510000, 5010000] }, 100);
    expect(tiles.map((t) => t.name)).toEqual(["33N_50_500"]);
  });

  it("takes tiles of both zones where the area crosses a zone's meridian, each overlapping the area", () => {
    const area = { crs: "EPSG:4326", bbox: [11.95, 45.0, 12.05, 45.05] as [number, number, number, number] };
    const tiles = tilesCovering(grid(0), area, 100);
    expect(new Set(tiles.map((t) => t.crs))).toEqual(new Set(["EPSG:32632", "EPSG:32633"]));
    for (const tile of tiles) {
      // The tile's centre, in degrees, lies within a tile's width (20 km, less than 0.3 degrees here) of the area.
      const [lon, lat] = pointTransform(tile.crs, "EPSG:4326")((tile.bbox[0] + tile.bbox[2]) / 2, (tile.bbox[1] + tile.bbox[3]) / 2);
      expect(lon).toBeGreaterThan(11.95 - 0.3);
      expect(lon).toBeLessThan(12.05 + 0.3);
      expect(lat).toBeGreaterThan(45.0 - 0.2);
      expect(lat).toBeLessThan(45.05 + 0.2);
      expect(tile.name).toMatch(tile.crs === "EPSG:32632" ? /^32N_/ : /^33N_/);
    }
    expect(new Set(tiles.map((t) => t.id)).size).toBe(tiles.length);
  });

  it("takes northern and southern tiles (EPSG:327zz, false northing 10 000 km) where the area crosses the equator", () => {
    const tiles = tilesCovering(grid(2), { crs: "EPSG:4326", bbox: [14.9, -0.1, 15.1, 0.1] }, 100);
    const north = tiles.filter((t) => t.crs === "EPSG:32633");
    const south = tiles.filter((t) => t.crs === "EPSG:32733");
    // Rows count away from the equator: up from northing 0 in the north, down from 10 000 km in the south; easting 500 km at
    // 15°E lies in column 4 (400.32-500.4 km) and 5.
    expect(north.map((t) => t.name)).toEqual(["33N_4_0", "33N_5_0"]);
    expect(south.map((t) => t.name)).toEqual(["33S_4_0", "33S_5_0"]);
    expect(north[0]!.bbox).toEqual([4 * 100080, 0, 5 * 100080, 100080]);
    expect(south[0]!.bbox).toEqual([4 * 100080, 10_000_000 - 100080, 5 * 100080, 10_000_000]);
    // The two rows meet at the equator: the southern tile's top edge is the northern tile's bottom edge, on the ground.
    const [top] = pointTransform("EPSG:32733", "EPSG:4326")(4.5 * 100080, 10_000_000).slice(1);
    const [bottom] = pointTransform("EPSG:32633", "EPSG:4326")(4.5 * 100080, 0).slice(1);
    expect([top, bottom]).toEqual([0, 0]);
    // A tile further south: row 2 at 2°S (northing about 9 779 km) spans 9 699.76-9 799.84 km.
    const deeper = tilesCovering(grid(2), { crs: "EPSG:4326", bbox: [14.9, -2.01, 15.1, -1.99] }, 100);
    expect(deeper.map((t) => [t.name, t.bbox[1], t.bbox[3]])).toEqual([["33S_4_2", 10_000_000 - 3 * 100080, 10_000_000 - 2 * 100080], ["33S_5_2", 10_000_000 - 3 * 100080, 10_000_000 - 2 * 100080]]);
  });

  it("lists 1-degree cells in WGS84, named by their lower left corner", () => {
    const tiles = tilesCovering(grid(3), { crs: "EPSG:4326", bbox: [-0.5, 45.5, 1.2, 46.1] }, 100);
    expect(tiles.map((t) => [t.name, t.bbox])).toEqual([
      ["N45W001", [-1, 45, 0, 46]], ["N45E000", [0, 45, 1, 46]], ["N45E001", [1, 45, 2, 46]],
      ["N46W001", [-1, 46, 0, 47]], ["N46E000", [0, 46, 1, 47]], ["N46E001", [1, 46, 2, 47]],
    ]);
    expect(tiles.map((t) => t.id)).toEqual([135 * 360 + 179, 135 * 360 + 180, 135 * 360 + 181, 136 * 360 + 179, 136 * 360 + 180, 136 * 360 + 181]);
  });

  it("refuses more tiles than allowed, areas across the antimeridian and UTM beyond its latitudes, before listing any", () => {
    const refused = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(OpenEOError);
        return [(error as OpenEOError).status, (error as OpenEOError).message];
      }
      throw new Error("not refused");
    };
    expect(refused(() => tilesCovering(grid(3), { crs: "EPSG:4326", bbox: [0, 0, 30, 30] }, 500))).toEqual([400, expect.stringContaining("about 900 tiles")]);
    expect(refused(() => tilesCovering(grid(3), { crs: "EPSG:4326", bbox: [179.5, 0, -179.5, 1] }, 500))).toEqual([400, expect.stringContaining("antimeridian")]);
    expect(refused(() => tilesCovering(grid(0), { crs: "EPSG:4326", bbox: [10, 85, 11, 86] }, 500))).toEqual([400, expect.stringContaining("84°N")]);
    expect(refused(() => tilesCovering(grid(3), { crs: "EPSG:4326", bbox: [10, 89.5, 11, 95] }, 500))).toEqual([400, expect.stringContaining("latitudes -90 to 90")]);
    expect(refused(() => tilesCovering(grid(1), { crs: "EPSG:32633", bbox: [1e30, 1e30, 2e30, 2e30] }, 500))).toEqual([400, expect.stringContaining("outside the domain")]);
  });
});

describe("tiling grids and tile windows", () => {
  it("describes each grid as Sentinel Hub does, its resolutions dividing the tile into whole pixels", () => {
    expect(describeGrid(grid(0))).toEqual({ id: 0, name: "20km grid", properties: { tileWidth: 20040, tileHeight: 20040, resolutions: [10, 20, 60], unit: "METRE" } });
    for (const g of TILING_GRIDS) for (const r of g.resolutions) expect(Math.abs(g.size / r - Math.round(g.size / r))).toBeLessThan(1e-9);
  });

  it("widens a tile's window by its buffers, in pixels", () => {
    const tile = { id: 1, name: "33N_50_500", crs: "EPSG:32633", bbox: [500000, 5000000, 510000, 5010000] as [number, number, number, number] };
    expect(tileWindow(tile, { grid: grid(1), resolution: 20, bufferX: 3, bufferY: 0 })).toEqual({ crs: "EPSG:32633", bbox: [499940, 5000000, 510060, 5010000], width: 506, height: 500 });
  });
});

describe("tile paths", () => {
  it("maps output.defaultTilePath and bucketName onto the caller's files, placeholders filled in", () => {
    const template = tilePathTemplate({ defaultTilePath: "s3://any-bucket/out/<requestId>/<tileName>/<outputId>.<format>" }, undefined, 2);
    expect(tilePath(template, { requestId: "r1", tileName: "33N_50_500", outputId: "ndvi", format: "tif" })).toBe("out/r1/33N_50_500/ndvi.tif");
    expect(collectionFolder(template, "r1")).toBe("out/r1");
    const bucket = tilePathTemplate(undefined, "some-bucket", 1);
    expect(tilePath(bucket, { requestId: "r2", tileName: "N45E012", outputId: "default", format: "tif" })).toBe("r2/N45E012/default.tif");
    expect(collectionFolder("tiles/t_<tileName>.tif", "r3")).toBe("tiles/r3");
  });

  it("refuses paths without a file per tile and response, or outside the files' rules", () => {
    expect(() => tilePathTemplate({ defaultTilePath: "s3://b/out/x.tif" }, undefined, 1)).toThrow(/<tileName>/);
    expect(() => tilePathTemplate({ defaultTilePath: "s3://b/<tileName>.tif" }, undefined, 2)).toThrow(/<outputId>/);
    expect(() => tilePathTemplate({ defaultTilePath: "s3://b/../<tileName>.tif" }, undefined, 1)).toThrow(/'\.'/);
    expect(() => tilePathTemplate({ defaultTilePath: "s3://b/<tileName>" }, "b", 1)).toThrow(/either/);
    expect(() => tilePathTemplate(undefined, undefined, 1)).toThrow(/either/);
  });
});

import { describe, expect, it } from "vitest";
import type { LabelDimension, RasterCube } from "../../../src/cube/types";
import { colourMap } from "../../../src/tiles/colormaps";
import { parseXyzConfiguration } from "../../../src/tiles/configuration";
import { isTile, tileGrid, WEB_MERCATOR_HALF } from "../../../src/tiles/tile-grid";
import { tilePixels } from "../../../src/tiles/tile-image";

describe("tile grids", () => {
  it("z0 is the whole Web Mercator square; tiles halve per zoom from the top-left corner", () => {
    expect(tileGrid({ z: 0, x: 0, y: 0 }, 256)).toEqual({ crs: "EPSG:3857", bbox: [-WEB_MERCATOR_HALF, -WEB_MERCATOR_HALF, WEB_MERCATOR_HALF, WEB_MERCATOR_HALF], width: 256, height: 256 });
    // z1 x1 y0: the north-east quarter.
    expect(tileGrid({ z: 1, x: 1, y: 0 }, 512).bbox).toEqual([0, 0, WEB_MERCATOR_HALF, WEB_MERCATOR_HALF]);
    expect(WEB_MERCATOR_HALF).toBeCloseTo(Math.PI * 6378137, 6);
  });

  it("exist for 0 <= x, y < 2^z up to zoom 24", () => {
    expect(isTile({ z: 3, x: 7, y: 0 })).toBe(true);
    expect(isTile({ z: 3, x: 8, y: 0 })).toBe(false);
    expect(isTile({ z: 25, x: 0, y: 0 })).toBe(false);
    expect(isTile({ z: 2, x: -1, y: 0 })).toBe(false);
    expect(isTile({ z: 2.5, x: 0, y: 0 })).toBe(false);
  });
});

describe("colour maps", () => {
  it("interpolate between explicit stops and clamp beyond them", () => {
    const map = colourMap(parseXyzConfiguration({ colormap: [{ value: 0, color: "#000000" }, { value: 10, color: "#ff8000" }, { value: 20, color: "#ffffff" }] }));
    expect(map.colour(0)).toEqual([0, 0, 0]);
    expect(map.colour(5)).toEqual([128, 64, 0]);
    expect(map.colour(15)).toEqual([255, 192, 128]);
    expect(map.colour(-3)).toEqual([0, 0, 0]);
    expect(map.colour(99)).toEqual([255, 255, 255]);
  });

  it("greys scale 0..255 by default and min..max when given; viridis and ndvi run from their first to their last colour", () => {
    expect(colourMap(parseXyzConfiguration({})).colour(51)).toEqual([51, 51, 51]);
    expect(colourMap(parseXyzConfiguration({ min: 100, max: 200 })).colour(150)).toEqual([128, 128, 128]);
    const viridis = colourMap(parseXyzConfiguration({ colormap: "viridis" }));
    expect([viridis.colour(0), viridis.colour(255)]).toEqual([[0x44, 0x01, 0x54], [0xfd, 0xe7, 0x25]]);
    const ndvi = colourMap(parseXyzConfiguration({ colormap: "NDVI" }));
    expect([ndvi.colour(-1), ndvi.colour(1)]).toEqual([[0x8c, 0x51, 0x0a], [0x00, 0x44, 0x1b]]);
  });

  it("refuse bad configurations with the parameter's name", () => {
    expect(() => parseXyzConfiguration({ tile_size: 300 })).toThrow(expect.objectContaining({ code: "ServiceConfigInvalid", message: expect.stringContaining("tile_size") }));
    expect(() => parseXyzConfiguration({ colormap: "rainbow" })).toThrow(expect.objectContaining({ code: "ServiceConfigInvalid" }));
    expect(() => parseXyzConfiguration({ colormap: [{ value: 2, color: "#000000" }, { value: 1, color: "#ffffff" }] })).toThrow(/ascend/);
    expect(() => parseXyzConfiguration({ min: 5, max: 5 })).toThrow(expect.objectContaining({ code: "ServiceConfigInvalid" }));
    expect(() => parseXyzConfiguration({ zoom: 3 })).toThrow(expect.objectContaining({ code: "ServiceConfigUnsupported" }));
  });
});

const tile = tileGrid({ z: 20, x: 0, y: 0 }, 256);
/** A 2 x 1 px cube in the tile's top-left corner. */
function cube(dims: LabelDimension[], planes: number[][]): RasterCube {
  const x = (tile.bbox[2] - tile.bbox[0]) / 256;
  return {
    kind: "raster",
    grid: { crs: "EPSG:3857", bbox: [tile.bbox[0], tile.bbox[3] - x, tile.bbox[0] + 2 * x, tile.bbox[3]], width: 2, height: 1 },
    axes: { x: "x", y: "y" },
    dims,
    planes: planes.map((p) => Float32Array.from(p)),
  };
}
const T = (labels: string[]): LabelDimension => ({ name: "t", type: "temporal", labels });
const B = (names: string[]): LabelDimension => ({ name: "bands", type: "bands", labels: names.map((name) => ({ name })) });
const pixel = (rgba: Uint8Array, i: number) => [...rgba.subarray(i * 4, i * 4 + 4)];

describe("tile pixels", () => {
  it("show three bands as RGB rescaled from min..max, and a pixel missing any band as transparent", () => {
    const rgba = tilePixels(cube([B(["r", "g", "b"])], [[0, 10], [5, 10], [10, NaN]]), tile, parseXyzConfiguration({ min: 0, max: 10 }));
    expect(pixel(rgba, 0)).toEqual([0, 128, 255, 255]);
    expect(pixel(rgba, 1)).toEqual([0, 0, 0, 0]);
    expect(pixel(rgba, 2)).toEqual([0, 0, 0, 0]);
  });

  it("show the latest date with a value", () => {
    // t outermost: planes t0 then t1; pixel 0 has a value on both dates, pixel 1 only on the first.
    const rgba = tilePixels(cube([T(["2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"]), B(["v"])], [[10, 20], [30, NaN]]), tile, parseXyzConfiguration({}));
    expect(pixel(rgba, 0)).toEqual([30, 30, 30, 255]);
    expect(pixel(rgba, 1)).toEqual([20, 20, 20, 255]);
  });

  it("refuse two bands, or another dimension with several labels, with what to do", () => {
    expect(() => tilePixels(cube([B(["a", "b"])], [[1, 1], [1, 1]]), tile, parseXyzConfiguration({}))).toThrow(/pick 1 \(colour-mapped\) or 3 \(RGB\) with filter_bands/);
    const other: LabelDimension = { name: "depth", type: "other", labels: [1, 2] };
    expect(() => tilePixels(cube([other], [[1, 1], [1, 1]]), tile, parseXyzConfiguration({}))).toThrow(/dimension 'depth' has 2 labels/);
  });
});

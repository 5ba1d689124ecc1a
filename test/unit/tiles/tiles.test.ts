import { describe, expect, it } from "vitest";
import type { LabelDimension, RasterCube } from "../../../src/cube/types";
import { pointTransform } from "../../../src/raster/crs";
import { colourMap, colourPalette, PALETTE_LEVELS } from "../../../src/tiles/colormaps";
import { parseXyzConfiguration } from "../../../src/tiles/configuration";
import { isTile, tileGrid, WEB_MERCATOR_HALF } from "../../../src/tiles/tile-grid";
import { tileImage } from "../../../src/tiles/tile-image";
import { tilePng } from "../../../src/tiles/tile-png";
import { readPng, readPngRgba } from "../../support/png-reader";

describe("tile grids", () => {
  it("z0 is the whole Web Mercator square; tiles halve per zoom from the top-left corner", () => {
    expect(tileGrid({ z: 0, x: 0, y: 0 }, 256)).toEqual({ crs: "EPSG:3857", bbox: [-WEB_MERCATOR_HALF, -WEB_MERCATOR_HALF, WEB_MERCATOR_HALF, WEB_MERCATOR_HALF], width: 256, height: 256 });
    // z1 x1 y0: the north-east quarter.
    expect(tileGrid({ z: 1, x: 1, y: 0 }, 512).bbox).toEqual([0, 0, WEB_MERCATOR_HALF, WEB_MERCATOR_HALF]);
    expect(WEB_MERCATOR_HALF).toBeCloseTo(Math.PI * 6378137, 6);
  });

  it("match the slippy-map formulas at a known place: 12/2200/1343 holds the Brandenburg Gate", () => {
    const { bbox } = tileGrid({ z: 12, x: 2200, y: 1343 }, 256);
    const toLonLat = pointTransform("EPSG:3857", "EPSG:4326");
    // OpenStreetMap's tile corner formulas: lon = x / 2^z * 360 - 180, lat = atan(sinh(pi * (1 - 2 y / 2^z))).
    const lon = (x: number) => (x / 4096) * 360 - 180;
    const lat = (y: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 4096))) * 180) / Math.PI;
    const [west, north] = toLonLat(bbox[0], bbox[3]);
    const [east, south] = toLonLat(bbox[2], bbox[1]);
    [[west, lon(2200)], [east, lon(2201)], [north, lat(1343)], [south, lat(1344)]].forEach(([got, want]) => expect(got).toBeCloseTo(want!, 9));
    expect(west! < 13.3777 && 13.3777 < east! && south! < 52.5163 && 52.5163 < north!).toBe(true);
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

  it("interpolate viridis and ndvi between their stops", () => {
    const viridis = colourMap(parseXyzConfiguration({ colormap: "viridis", min: 0, max: 8 }));
    // Stop 4 of 9 (#21918c) at the middle; halfway between stops 4 and 5 (#28ae80).
    expect(viridis.colour(4)).toEqual([0x21, 0x91, 0x8c]);
    expect(viridis.colour(4.5)).toEqual([Math.round((0x21 + 0x28) / 2), Math.round((0x91 + 0xae) / 2), Math.round((0x8c + 0x80) / 2)]);
    const ndvi = colourMap(parseXyzConfiguration({ colormap: "ndvi" }));
    // 0 is the yellowish-brown stop; 0.4 (position 0.7) the light green one.
    expect(ndvi.colour(0)).toEqual([0xd8, 0xb3, 0x65]);
    expect(ndvi.colour(0.4)).toEqual([0xc7, 0xe9, 0xc0]);
  });

  it("sample a palette of 255 levels that differs from the exact colour by at most the interpolation across half a level", () => {
    const configurations = [
      parseXyzConfiguration({ colormap: "viridis" }),
      parseXyzConfiguration({ colormap: "ndvi" }),
      parseXyzConfiguration({ colormap: "greys", min: -5, max: 5 }),
      parseXyzConfiguration({ colormap: [{ value: 0, color: "#102030" }, { value: 3, color: "#f0e0d0" }, { value: 4, color: "#00ff00" }] }),
    ];
    for (const configuration of configurations) {
      const map = colourMap(configuration);
      const palette = colourPalette(map);
      expect(palette.rgb.length).toBe(PALETTE_LEVELS * 3);
      // The steepest change of a channel per level, from the colours at the levels themselves.
      let steepest = 0;
      for (let level = 1; level < PALETTE_LEVELS; level++) {
        for (let k = 0; k < 3; k++) steepest = Math.max(steepest, Math.abs(palette.rgb[level * 3 + k]! - palette.rgb[(level - 1) * 3 + k]!));
      }
      let worst = 0;
      for (let i = 0; i <= 5000; i++) {
        // From a little below min to a little above max, to see the clamping too.
        const value = map.min - 0.1 * (map.max - map.min) + (1.2 * (map.max - map.min) * i) / 5000;
        const level = Math.min(PALETTE_LEVELS - 1, Math.max(0, Math.round((value - palette.min) * palette.scale)));
        const exact = map.colour(value);
        for (let k = 0; k < 3; k++) worst = Math.max(worst, Math.abs(palette.rgb[level * 3 + k]! - exact[k]!));
      }
      // Half a level of the steepest slope, plus one for rounding either colour.
      expect(worst).toBeLessThanOrEqual(Math.ceil(steepest / 2) + 1);
      expect(worst).toBeGreaterThan(0);
    }
    expect(colourPalette(colourMap(parseXyzConfiguration({}))).grey).toBe(true);
    expect(colourPalette(colourMap(parseXyzConfiguration({ colormap: "viridis" }))).grey).toBe(false);
  });

  it("refuse bad configurations with the parameter's name", () => {
    expect(() => parseXyzConfiguration({ tile_size: 300 })).toThrow(expect.objectContaining({ code: "ServiceConfigInvalid", message: expect.stringContaining("tile_size") }));
    expect(() => parseXyzConfiguration({ colormap: "rainbow" })).toThrow(expect.objectContaining({ code: "ServiceConfigInvalid" }));
    expect(() => parseXyzConfiguration({ colormap: [{ value: 2, color: "#000000" }, { value: 1, color: "#ffffff" }] })).toThrow(/ascend/);
    expect(() => parseXyzConfiguration({ min: 5, max: 5 })).toThrow(expect.objectContaining({ code: "ServiceConfigInvalid" }));
    expect(() => parseXyzConfiguration({ zoom: 3 })).toThrow(expect.objectContaining({ code: "ServiceConfigUnsupported" }));
    expect(() => parseXyzConfiguration({ resampling: "cubic" })).toThrow(expect.objectContaining({ code: "ServiceConfigInvalid", message: expect.stringContaining("resampling") }));
  });

  it("take nearest or bilinear resampling, and null (the default) for the process's own method", () => {
    expect(parseXyzConfiguration({}).resampling).toBeNull();
    expect(parseXyzConfiguration({ resampling: "bilinear" }).resampling).toBe("bilinear");
    expect(parseXyzConfiguration({ resampling: "nearest" }).resampling).toBe("nearest");
    expect(parseXyzConfiguration({ resampling: null }).resampling).toBeNull();
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
/** What the tile shows, through its PNG. */
const tilePixels = (c: RasterCube, grid: typeof tile, configuration: ReturnType<typeof parseXyzConfiguration>) => readPngRgba(tilePng(tileImage(c, grid, configuration))).pixels;

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
    // Greys 0..255 in 255 levels: 30 is level round(30 * 254 / 255) = 30, drawn as round(30 * 255 / 254) = 30.
    expect(pixel(rgba, 0)).toEqual([30, 30, 30, 255]);
    expect(pixel(rgba, 1)).toEqual([20, 20, 20, 255]);
  });

  it("place a cube cropped to a part of the tile where it lies, and refuse one on other pixels", () => {
    const one = cube([B(["v"])], [[10, 20]]);
    const x = one.grid.bbox[2] - one.grid.bbox[0];
    const moved = { ...one, grid: { ...one.grid, bbox: [one.grid.bbox[0] + x, one.grid.bbox[1] - x / 2, one.grid.bbox[2] + x, one.grid.bbox[3] - x / 2] as typeof one.grid.bbox } };
    // Two pixels right and one down: pixels 256 + 2 and 256 + 3.
    const rgba = tilePixels(moved, tile, parseXyzConfiguration({}));
    expect([pixel(rgba, 0), pixel(rgba, 258), pixel(rgba, 259)]).toEqual([[0, 0, 0, 0], [10, 10, 10, 255], [20, 20, 20, 255]]);
    const coarser = { ...one, grid: { ...one.grid, width: 1 }, planes: [Float32Array.of(10)] };
    expect(() => tilePixels(coarser, tile, parseXyzConfiguration({}))).toThrow(/grid differs from the tile's/);
  });

  it("refuse two bands, or another dimension with several labels, with what to do", () => {
    expect(() => tilePixels(cube([B(["a", "b"])], [[1, 1], [1, 1]]), tile, parseXyzConfiguration({}))).toThrow(/pick 1 \(colour-mapped\) or 3 \(RGB\) with filter_bands/);
    const other: LabelDimension = { name: "depth", type: "other", labels: [1, 2] };
    expect(() => tilePixels(cube([other], [[1, 1], [1, 1]]), tile, parseXyzConfiguration({}))).toThrow(/dimension 'depth' has 2 labels/);
  });
});

describe("tile PNGs", () => {
  /** A cube on the whole tile: value(col, row), NaN where no data. */
  function full(bands: number, value: (col: number, row: number, band: number) => number): RasterCube {
    const planes = Array.from({ length: bands }, (_, b) => Float32Array.from({ length: 256 * 256 }, (_, i) => value(i % 256, Math.floor(i / 256), b)));
    return { kind: "raster", grid: tile, axes: { x: "x", y: "y" }, dims: [B(bands === 1 ? ["v"] : ["r", "g", "b"])], planes };
  }

  it("are greyscale for a grey map over a covered tile, palette indices with index 0 transparent otherwise", () => {
    const ramp = (col: number, row: number) => (row === 7 && col === 9 ? NaN : col + row);
    const grey = readPng(tilePng(tileImage(full(1, (c, r) => c + r), tile, parseXyzConfiguration({ min: 0, max: 510 }))));
    expect([grey.colourType, grey.channels]).toEqual([0, 1]);
    expect(grey.chunkTypes).toEqual(["IHDR", "IDAT", "IEND"]);
    // Value 300 of 0..510: level round(300 * 254 / 510) = 149, grey round(149 * 255 / 254) = 150.
    expect(grey.pixels[100 * 256 + 200]).toBe(150);

    const configuration = parseXyzConfiguration({ colormap: "viridis", min: 0, max: 510 });
    const indexed = readPng(tilePng(tileImage(full(1, ramp), tile, configuration)));
    expect([indexed.colourType, indexed.chunkTypes]).toEqual([3, ["IHDR", "PLTE", "tRNS", "IDAT", "IEND"]]);
    expect([...indexed.paletteAlpha!]).toEqual([0]);
    const map = colourMap(configuration);
    const shown = readPngRgba(tilePng(tileImage(full(1, ramp), tile, configuration))).pixels;
    for (const [col, row] of [[0, 0], [200, 100], [255, 255], [17, 3]] as const) {
      const level = Math.round(((col + row) * 254) / 510);
      expect(pixel(shown, row * 256 + col), `(${col}, ${row})`).toEqual([...map.colour((level * 510) / 254), 255]);
    }
    expect(pixel(shown, 7 * 256 + 9)).toEqual([0, 0, 0, 0]);

    const opaque = readPng(tilePng(tileImage(full(1, (c, r) => c + r), tile, configuration)));
    expect(opaque.chunkTypes).toEqual(["IHDR", "PLTE", "IDAT", "IEND"]);
  });

  it("are RGB without alpha over a covered tile, RGBA where a pixel has no data", () => {
    const rgb = (hole: boolean) => full(3, (c, r, b) => (hole && c === 3 && r === 4 ? NaN : (c + r * 2 + b * 50) % 256));
    const configuration = parseXyzConfiguration({ min: 0, max: 255 });
    const opaque = readPng(tilePng(tileImage(rgb(false), tile, configuration)));
    expect(opaque.colourType).toBe(2);
    expect([...opaque.pixels.subarray((10 * 256 + 20) * 3, (10 * 256 + 20) * 3 + 3)]).toEqual([40, 90, 140]);
    const holed = readPng(tilePng(tileImage(rgb(true), tile, configuration)));
    expect(holed.colourType).toBe(6);
    expect([pixel(holed.pixels, 4 * 256 + 3), pixel(holed.pixels, 10 * 256 + 20)]).toEqual([[0, 0, 0, 0], [40, 90, 140, 255]]);
  });
});

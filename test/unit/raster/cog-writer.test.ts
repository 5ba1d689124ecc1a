import { describe, expect, it } from "vitest";
import { writeCog } from "../../../src/raster/cog-writer";
import { parseTiff } from "../../../src/raster/tiff-parser";
import { Tag } from "../../../src/raster/tiff-tags";
import { band, utmGrid } from "../../support/raster-fixtures";

/** IFD offsets in chain order, from the raw bytes of a little-endian classic TIFF. */
function ifdOffsets(tiff: Uint8Array): number[] {
  const view = new DataView(tiff.buffer, tiff.byteOffset);
  const offsets: number[] = [];
  for (let at = view.getUint32(4, true); at !== 0; at = view.getUint32(at + 2 + 12 * view.getUint16(at, true), true)) offsets.push(at);
  return offsets;
}

describe("writeCog", () => {
  const grid = utmGrid(300, 200);
  const bytes = writeCog([band(grid, "uint16", (x, y) => x * y)], { tileSize: 64, compression: "deflate", predictor: 2, overviews: [2, 4] });
  const { ifds } = parseTiff(bytes);

  it("writes GDAL's COG layout: IFDs first from byte 8, then tiles from the smallest overview to full resolution", () => {
    const offsets = ifdOffsets(bytes);
    expect(offsets[0]).toBe(8);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    const tiles = ifds.map((ifd) => Array.from(ifd.get(Tag.TileOffsets) as Float64Array));
    const counts = ifds.map((ifd) => Array.from(ifd.get(Tag.TileByteCounts) as Float64Array));
    expect(tiles.map((t) => t.length)).toEqual([5 * 4, 3 * 2, 2 * 1]);
    // Each level's tiles are contiguous and in TileOffsets order; levels run 2, 1, 0 through the file.
    const starts = tiles.map((t) => t[0]!);
    expect(starts[2]).toBeGreaterThan(Math.max(...offsets));
    for (const [level, t] of tiles.entries()) {
      t.forEach((offset, i) => {
        if (i > 0) expect(offset).toBe(t[i - 1]! + counts[level]![i - 1]!);
      });
    }
    expect(starts[1]).toBe(tiles[2]!.at(-1)! + counts[2]!.at(-1)!);
    expect(starts[0]).toBe(tiles[1]!.at(-1)! + counts[1]!.at(-1)!);
    expect(bytes.length).toBe(tiles[0]!.at(-1)! + counts[0]!.at(-1)!);
    // Overviews are flagged as reduced-resolution images.
    expect(ifds.map((ifd) => (ifd.get(Tag.NewSubfileType) as Float64Array | undefined)?.[0] ?? 0)).toEqual([0, 1, 1]);
  });

  it("georeferences with pixel scale, tie point and GeoKeys for projected and geographic EPSG codes", () => {
    expect(Array.from(ifds[0]!.get(Tag.ModelPixelScale) as Float64Array)).toEqual([10, 10, 0]);
    expect(Array.from(ifds[0]!.get(Tag.ModelTiepoint) as Float64Array)).toEqual([0, 0, 0, 500000, 5000000, 0]);
    // Version 1.1.0, 3 keys: model type projected (1), raster type PixelIsArea (1), ProjectedCSTypeGeoKey 32633.
    expect(Array.from(ifds[0]!.get(Tag.GeoKeyDirectory) as Float64Array)).toEqual([1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, 32633]);
    const geographic = { crs: "EPSG:4326", bbox: [0, 0, 1, 1] as [number, number, number, number], width: 4, height: 4 };
    const keys = parseTiff(writeCog([band(geographic, "uint8", () => 0)], { tileSize: 16, compression: "none" })).ifds[0]!.get(Tag.GeoKeyDirectory);
    expect(Array.from(keys as Float64Array).slice(4)).toEqual([1024, 0, 1, 2, 1025, 0, 1, 1, 2048, 0, 1, 4326]);
    const forced = parseTiff(writeCog([band(geographic, "uint8", () => 0)], { tileSize: 16, compression: "none", crsKind: "projected" })).ifds[0]!.get(Tag.GeoKeyDirectory);
    expect(Array.from(forced as Float64Array).slice(-4)).toEqual([3072, 0, 1, 4326]);
  });

  it("refuses inconsistent inputs", () => {
    const a = band(grid, "uint8", () => 0);
    expect(() => writeCog([], { tileSize: 64, compression: "none" })).toThrow(/at least one band/);
    expect(() => writeCog([a, band(utmGrid(10, 10), "uint8", () => 0)], { tileSize: 64, compression: "none" })).toThrow(/share one grid/);
    expect(() => writeCog([a, band(grid, "uint8", () => 0, 5)], { tileSize: 64, compression: "none" })).toThrow(/share one nodata/);
    expect(() => writeCog([a], { tileSize: 100, compression: "none" })).toThrow(/power of two/);
    expect(() => writeCog([a], { tileSize: 64, compression: "none", predictor: 2 })).toThrow(/needs compression/);
    expect(() => writeCog([a], { tileSize: 64, compression: "deflate", predictor: 3 })).toThrow(/floating-point/);
    expect(() => writeCog([a], { tileSize: 64, compression: "none", overviews: [4, 2] })).toThrow(/increasing/);
    expect(() => writeCog([{ ...a, grid: { ...grid, crs: "OGC:CRS84" } }], { tileSize: 64, compression: "none" })).toThrow(/EPSG/);
  });
});

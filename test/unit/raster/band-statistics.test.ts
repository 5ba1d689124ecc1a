import { describe, expect, it } from "vitest";
import { CogAssembler } from "../../../src/raster/cog-assembler";
import { StatisticsAccumulator } from "../../../src/raster/band-statistics";
import { writeCogFile } from "../../../src/raster/cog-writer";
import { expectStatistics, fileStatistics, recomputed } from "../../support/gdal-statistics";
import { band, utmGrid } from "../../support/raster-fixtures";

describe("band statistics", () => {
  it("accumulated block by block equal those of all values at once, without NaN and nodata", () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => (i % 17 === 0 ? NaN : i % 13 === 0 ? -9999 : 1e6 + Math.sin(i) * 3));
    const accumulator = new StatisticsAccumulator(-9999);
    for (let at = 0; at < values.length; at += 100) accumulator.addRows(values.subarray(at, at + 100), 20);
    expectStatistics(accumulator.result() ?? undefined, recomputed(values, -9999));
  });

  it("are the same to the last bit whatever blocks of rows they come in", () => {
    const values = Float32Array.from({ length: 60 * 37 }, (_, i) => Math.cos(i * 0.37) * 1e3 + i / 7);
    const inBlocks = (rows: number[]) => {
      const accumulator = new StatisticsAccumulator(null);
      let at = 0;
      for (const count of rows) accumulator.addRows(values.subarray(at * 60, (at += count) * 60), 60);
      return accumulator.result();
    };
    expect(inBlocks([37])).toEqual(inBlocks([5, 11, 1, 20]));
  });

  it("are null for a band without a valid pixel", () => {
    const accumulator = new StatisticsAccumulator(0);
    accumulator.addRows(Float32Array.from([NaN, 0, NaN]), 3);
    expect(accumulator.result()).toBeNull();
  });

  it("are written per band in GDAL's metadata tag when asked for, and answered", () => {
    const grid = utmGrid(70, 50);
    const bands = [band(grid, "float32", (x, y) => (x === y ? NaN : x - 2 * y)), band(grid, "float32", () => NaN), band(grid, "float32", (x, y) => x * y * 0.5)];
    const { bytes, statistics } = writeCogFile(bands, { tileSize: 32, compression: "deflate", predictor: 3, overviews: [2], bandDescriptions: ["a", "b", "c"], statistics: true });
    const written = fileStatistics(bytes);
    expect([...written.keys()]).toEqual([0, 2]);
    for (const b of [0, 2]) {
      expectStatistics(written.get(b), recomputed(bands[b]!.data));
      expect(statistics![b]).toEqual(written.get(b));
    }
    expect(statistics![1]).toBeNull();
    expect(fileStatistics(writeCogFile(bands, { tileSize: 32, compression: "none" }).bytes).size).toBe(0);
  });

  it("of an integer band leave its nodata value out", () => {
    const grid = utmGrid(40, 40);
    const dn = band(grid, "uint16", (x, y) => (x < 5 ? 0 : 100 + x + y), 0);
    const assembler = new CogAssembler({ grid, bandCount: 1, dataType: "uint16", nodata: 0 }, { tileSize: 16, compression: "deflate", predictor: 2, statistics: true });
    assembler.addRows([dn.data.subarray(0, 40 * 17)], 17);
    assembler.addRows([dn.data.subarray(40 * 17)], 23);
    const { statistics } = assembler.finish();
    expectStatistics(statistics![0]!, recomputed(dn.data, 0));
    expect(statistics![0]!.valid_percent).toBeCloseTo((100 * 35) / 40, 9);
  });
});

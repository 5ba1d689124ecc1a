import { describe, expect, it } from "vitest";
import { CogAssembler } from "../../../src/raster/cog-assembler";
import { writeCog, type CogWriteOptions } from "../../../src/raster/cog-writer";
import { band, pattern, utmGrid } from "../../support/raster-fixtures";

// 70 x 45 px: sizes no overview factor divides, so overview blocks straddle the strips.
const grid = utmGrid(70, 45);
const bands = [0, 1, 2].map((b) => band(grid, "float32", pattern("float32", b), NaN));
bands[1]!.data[100] = NaN;

function joined(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) out.set(chunk, (at += chunk.length) - chunk.length);
  return out;
}

function stripwise(options: CogWriteOptions, strip: number): Uint8Array {
  const assembler = new CogAssembler({ grid, bandCount: bands.length, dataType: "float32", nodata: NaN }, options);
  for (let y = 0; y < grid.height; y += strip) {
    const count = Math.min(strip, grid.height - y);
    assembler.addRows(bands.map((b) => b.data.subarray(y * grid.width, (y + count) * grid.width)), count);
  }
  const { byteLength, chunks } = assembler.finish();
  const bytes = joined(chunks);
  expect(bytes.length).toBe(byteLength);
  return bytes;
}

describe("COG assembly from strips", () => {
  const cases: [string, CogWriteOptions][] = [
    ["average overviews, pixel-interleaved", { tileSize: 16, compression: "deflate", predictor: 3, overviews: [2, 4, 8] }],
    ["nearest overviews, band-interleaved", { tileSize: 16, compression: "deflate", overviews: [3, 5], overviewResampling: "nearest", interleave: "band" }],
  ];
  for (const [name, options] of cases) {
    it(`writes the same bytes as the whole image at once: ${name}`, () => {
      const whole = writeCog(bands, options);
      for (const strip of [1, 7, 16, 45]) expect(stripwise(options, strip)).toEqual(whole);
    });
  }

  it("hands the tiles out as they are made and lays them out after the header in file order, for results too large to hold", () => {
    const options: CogWriteOptions = { tileSize: 16, compression: "deflate", predictor: 3, overviews: [2, 4] };
    const image = { grid, bandCount: bands.length, dataType: "float32" as const, nodata: NaN };
    const tiles: Uint8Array[] = [];
    const assembler = new CogAssembler(image, options, (tile) => tiles.push(tile));
    for (let y = 0; y < grid.height; y += 10) {
      const count = Math.min(10, grid.height - y);
      assembler.addRows(bands.map((b) => b.data.subarray(y * grid.width, (y + count) * grid.width)), count);
    }
    expect(() => assembler.finish()).toThrow(/handed out/);
    const { byteLength, header, tileOrder } = assembler.layout();
    // 5 x 3 full-resolution tiles, 3 x 2 and 2 x 1 of the overviews, each handed out once.
    expect([...tileOrder].sort((a, b) => a - b)).toEqual(Array.from({ length: 15 + 6 + 2 }, (_, i) => i));
    const bytes = joined([header, ...tileOrder.map((n) => tiles[n]!)]);
    expect(bytes.length).toBe(byteLength);
    expect(bytes).toEqual(writeCog(bands, options));
  });

  it("refuses to finish before every row has arrived, and rows that don't fit", () => {
    const assembler = new CogAssembler({ grid, bandCount: 3, dataType: "float32", nodata: NaN }, { tileSize: 16, compression: "none" });
    assembler.addRows(bands.map((b) => b.data.subarray(0, 10 * grid.width)), 10);
    expect(() => assembler.finish()).toThrow(/10 of 45 rows/);
    expect(() => assembler.addRows(bands.map((b) => b.data.subarray(0, 10)), 1)).toThrow(/full width/);
    expect(() => assembler.addRows(bands.map((b) => b.data), 45)).toThrow(/more rows/);
  });
});

import { describe, expect, it } from "vitest";
import type { TypedArray } from "../../../src/raster/grid";
import { resample, scaleCoords, type SourceWindow } from "../../../src/raster/resample";

/** Coordinates from [x, y] pairs. */
function at(...points: [number, number][]) {
  return { x: Float64Array.from(points, ([x]) => x), y: Float64Array.from(points, ([, y]) => y) };
}

/**
 * 3 x 3 window at source pixels (10..12, 20..22):
 *   10 20 30
 *   40 50 60
 *   70 80 90
 */
function window(nodata: number | null = null, data: TypedArray = Float64Array.of(10, 20, 30, 40, 50, 60, 70, 80, 90)): SourceWindow {
  return { data, width: 3, height: 3, x0: 10, y0: 20, nodata };
}

function run(source: SourceWindow, points: [number, number][], method: "nearest" | "bilinear", outNodata = -1) {
  const out = new Float64Array(points.length);
  resample(source, at(...points), method, out, outNodata);
  return Array.from(out);
}

describe("resample nearest", () => {
  it("picks the pixel containing the point, offset by the window origin", () => {
    expect(run(window(), [[10, 20], [10.99, 20.99], [11, 20], [12.5, 22.5], [11.5, 21.5]], "nearest")).toEqual([10, 10, 20, 90, 50]);
  });

  it("answers outNodata outside the window, for NaN coordinates and on nodata or NaN pixels", () => {
    expect(run(window(), [[9.99, 21], [13, 21], [11, 19.99], [11, 23], [NaN, 21], [11, NaN]], "nearest")).toEqual([-1, -1, -1, -1, -1, -1]);
    expect(run(window(50), [[11.5, 21.5], [10.5, 21.5]], "nearest")).toEqual([-1, 40]);
    const withNaN = Float64Array.of(10, 20, 30, 40, NaN, 60, 70, 80, 90);
    expect(run(window(null, withNaN), [[11.5, 21.5], [12.5, 21.5]], "nearest")).toEqual([-1, 60]);
  });

  it.each([
    ["Uint8Array", Uint8Array, 255],
    ["Int8Array", Int8Array, -128],
    ["Uint16Array", Uint16Array, 65535],
    ["Int16Array", Int16Array, -32768],
    ["Uint32Array", Uint32Array, 4294967295],
    ["Int32Array", Int32Array, -2147483648],
    ["Float32Array", Float32Array, -3.5],
    ["Float64Array", Float64Array, -1e300],
  ] as const)("copies %s values unchanged, extremes and nodata included", (_, Kind, extreme) => {
    const data = new Kind(9);
    data.set([1, 2, 3, 4, 5, 6, 7, 8]);
    data[8] = extreme;
    const out = new Kind(4);
    resample({ data, width: 3, height: 3, x0: 0, y0: 0, nodata: 5 }, at([0.5, 0.5], [2.5, 2.5], [1.5, 1.5], [7, 7]), "nearest", out, 0);
    expect(Array.from(out)).toEqual([1, extreme, 0, 0]);
  });
});

describe("resample bilinear", () => {
  it("weights the four pixel centres around the point", () => {
    // Pixel centres sit at x.5: (11, 21) is midway between 10, 20, 40 and 50.
    expect(run(window(), [[11, 21]], "bilinear")).toEqual([30]);
    // A quarter of the way from centre (10.5, 20.5) towards (11.5, 21.5): 10 + 0.25 * 10 + 0.25 * 30.
    expect(run(window(), [[10.75, 20.75]], "bilinear")[0]).toBeCloseTo(20, 12);
    // On a pixel centre the pixel's own value comes out.
    expect(run(window(), [[11.5, 21.5]], "bilinear")).toEqual([50]);
    // (12.2, 22.1): neighbours 50, 60, 80, 90 with dx = 0.7, dy = 0.6 -> 50 + 0.7 * 10 + 0.6 * 30.
    expect(run(window(), [[12.2, 22.1]], "bilinear")[0]).toBeCloseTo(75, 12);
  });

  it("renormalises over valid neighbours when some are nodata or NaN", () => {
    // 50 missing at (11, 21): weights 1/4 each over 10, 20, 40 -> 70 / 3.
    expect(run(window(50), [[11, 21]], "bilinear")[0]).toBeCloseTo(70 / 3, 12);
    const withNaN = Float64Array.of(10, NaN, 30, 40, 50, 60, 70, 80, 90);
    // dx = 0.5, dy = 0.25: weights 0.375 (10), 0.375 (NaN, dropped), 0.125 (40), 0.125 (50) -> 15 / 0.625.
    expect(run(window(null, withNaN), [[11, 20.75]], "bilinear")[0]).toBeCloseTo(24, 12);
    // Only zero-weight neighbours valid: on the centre of a nodata pixel nothing is left.
    expect(run(window(50), [[11.5, 21.5]], "bilinear")).toEqual([-1]);
  });

  it("uses the in-window neighbours near the edge, and answers outNodata beyond it or for NaN", () => {
    // (10.2, 20.2) lies up-left of the first centre: only 10 is inside the window.
    expect(run(window(), [[10.2, 20.2]], "bilinear")).toEqual([10]);
    // (10.2, 21): between 10 and 40 vertically, left neighbours outside -> 25.
    expect(run(window(), [[10.2, 21]], "bilinear")[0]).toBeCloseTo(25, 12);
    expect(run(window(), [[9.9, 21], [13, 21], [11, 23.1], [NaN, 21]], "bilinear")).toEqual([-1, -1, -1, -1]);
  });

  it("rounds and clamps into integer outputs", () => {
    const data = Float32Array.of(0, 255, 1000, -1000);
    const source: SourceWindow = { data, width: 2, height: 2, x0: 0, y0: 0, nodata: null };
    const out = new Uint8Array(4);
    // 127.5 rounds up; 1000 and -1000 clamp; 63.75 -> 64.
    resample(source, at([1, 0.5], [0.5, 1.5], [1.5, 1.5], [0.75, 0.5]), "bilinear", out, 0);
    expect(Array.from(out)).toEqual([128, 255, 0, 64]);
  });

  it("rejects output and coordinate lengths that differ", () => {
    expect(() => resample(window(), at([1, 1]), "bilinear", new Float32Array(2), 0)).toThrow(RangeError);
    expect(() => resample({ ...window(), width: 4 }, at([1, 1]), "nearest", new Float32Array(1), 0)).toThrow(RangeError);
  });
});

describe("scaleCoords", () => {
  it("divides continuous coordinates by the overview factor, keeping centres on centres", () => {
    // x = 1, the corner shared by full-res pixels 0 and 1, is the centre (0.5) of 2x overview pixel 0.
    const scaled = scaleCoords({ ...at([1, 3], [3, 5], [5, 8]), bounds: { minX: 1, maxX: 5, minY: 3, maxY: 8 } }, 2, 4);
    expect(Array.from(scaled.x)).toEqual([0.5, 1.5, 2.5]);
    expect(Array.from(scaled.y)).toEqual([0.75, 1.25, 2]);
    // The bounds scale as the coordinates do.
    expect(scaled.bounds).toEqual({ minX: 0.5, maxX: 2.5, minY: 0.75, maxY: 2 });
    expect(Array.from(scaleCoords({ ...at([8, 4]), bounds: null }, 4).y)).toEqual([1]);
  });
});

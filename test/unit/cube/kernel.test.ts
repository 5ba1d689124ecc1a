import { describe, expect, it } from "vitest";
import type { LazyCube, RasterCube } from "../../../src/cube";
import { borderIndex, convolve, type Border } from "../../../src/cube/kernel";
import { rasterCube } from "../../support/raster-cube";
import { runCubeProcess } from "../../support/run-process";

const run = (args: Record<string, unknown>) => runCubeProcess("apply_kernel", args);

async function failure(promise: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  return {};
}

const plain = { factor: 1, border: 0 as Border, replaceInvalid: 0 };

// 3 x 3, row-major from the north-west corner:
//   1 2 3
//   4 5 6
//   7 8 9
const NINE = Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9);
const PLUS = [
  [0, 1, 0],
  [1, 1, 1],
  [0, 1, 0],
];

describe("borderIndex", () => {
  // The definition's pictures for abcdefgh (n = 8): the three indices left of 0 and right of 7.
  const letters = "abcdefgh";
  const around = (border: Border) => [-3, -2, -1, 8, 9, 10].map((p) => letters[borderIndex(p, 8, border)] ?? "n").join("");

  it("extends a row as the definition draws it", () => {
    expect(around("replicate")).toBe("aaahhh"); // aaa|abcdefgh|hhh
    expect(around("reflect")).toBe("cbahgf"); // cba|abcdefgh|hgf
    expect(around("reflect_pixel")).toBe("dcbgfe"); // dcb|abcdefgh|gfe
    expect(around("wrap")).toBe("fghabc"); // fgh|abcdefgh|abc
    expect(around(0)).toBe("nnnnnn");
  });

  it("keeps reflecting and wrapping beyond a whole image width", () => {
    // n = 2 (ab): reflect ...ba|ab|ba|ab...; reflect_pixel ...ab|ab... folds on the centres (period 2).
    expect([-4, -3, -2, -1, 2, 3, 4, 5].map((p) => borderIndex(p, 2, "reflect"))).toEqual([0, 1, 1, 0, 1, 0, 0, 1]);
    expect([-3, -2, -1, 2, 3].map((p) => borderIndex(p, 2, "reflect_pixel"))).toEqual([1, 0, 1, 0, 1]);
    expect([-5, 5].map((p) => borderIndex(p, 2, "wrap"))).toEqual([1, 1]);
    expect(borderIndex(-2, 1, "reflect_pixel")).toBe(0);
  });
});

describe("convolve", () => {
  it("sums the weighted neighbourhood, zeros beyond the edges", () => {
    // Centre: 2 + 4 + 5 + 6 + 8 = 25. Corner (0, 0): 1 + 2 + 4 = 7. Edge (1, 0): 1 + 2 + 3 + 5 = 11.
    const out = convolve(NINE, 3, 3, PLUS, plain);
    expect(out[4]).toBe(25);
    expect(out[0]).toBe(7);
    expect(out[1]).toBe(11);
  });

  it("does not flip the kernel: a weight right of the centre reads the pixel to the east", () => {
    const east = [
      [0, 0, 0],
      [0, 0, 1],
      [0, 0, 0],
    ];
    // Each pixel takes its eastern neighbour; the last column gets the border (7).
    expect(Array.from(convolve(NINE, 3, 3, east, { ...plain, border: 7 }))).toEqual([2, 3, 7, 5, 6, 7, 8, 9, 7]);
    const south = [[0], [0], [1]];
    expect(Array.from(convolve(NINE, 3, 3, south, plain))).toEqual([4, 5, 6, 7, 8, 9, 0, 0, 0]);
  });

  it("extends the image by the border rule", () => {
    // Pixel (0, 0) with a 3 x 3 box of ones: the rows -1, 0, 1 and columns -1, 0, 1 it reads.
    const box = [
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ];
    const at00 = (border: Border) => convolve(NINE, 3, 3, box, { ...plain, border })[0];
    // replicate: rows 0 0 1, columns 0 0 1 -> 1+1+2 + 1+1+2 + 4+4+5 = 21.
    expect(at00("replicate")).toBe(21);
    // reflect: same as replicate one pixel out.
    expect(at00("reflect")).toBe(21);
    // reflect_pixel: rows 1 0 1, columns 1 0 1 -> 5+4+5 + 2+1+2 + 5+4+5 = 33.
    expect(at00("reflect_pixel")).toBe(33);
    // wrap: rows 2 0 1, columns 2 0 1 -> 9+7+8 + 3+1+2 + 6+4+5 = 45.
    expect(at00("wrap")).toBe(45);
    // A constant 10: five border cells + 1 + 2 + 4 + 5 = 62.
    expect(at00(10)).toBe(62);
  });

  it("replaces no-data and infinities before convolving, and multiplies by the factor", () => {
    const holes = Float32Array.of(NaN, 2, 3, 4, Infinity, 6, 7, 8, 9);
    // Centre with the holes as 100: 2 + 4 + 100 + 6 + 8 = 120, times 0.5.
    const out = convolve(holes, 3, 3, PLUS, { factor: 0.5, border: 0, replaceInvalid: 100 });
    expect(out[4]).toBe(60);
    // (0, 0), itself a hole: 100 + 2 + 4 = 106, halved: a value, not no-data.
    expect(out[0]).toBe(53);
  });

  it("handles kernels wider than tall", () => {
    // 1 x 3 horizontal sum: row 1 -> [4+5, 4+5+6, 5+6].
    expect(Array.from(convolve(NINE, 3, 3, [[1, 1, 1]], plain)).slice(3, 6)).toEqual([9, 15, 11]);
  });
});

describe("apply_kernel", () => {
  /** 3 x 3 px, two dates, two bands: plane p holds NINE + 10 p. */
  function cube(): RasterCube {
    const planes = [0, 1, 2, 3].map((p) => NINE.map((v) => v + 10 * p));
    return rasterCube({ crs: "EPSG:32633", bbox: [500000, 4999970, 500030, 5000000], width: 3, height: 3 }, ["2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"], ["a", "b"], planes);
  }

  it("convolves every plane and keeps the dimensions", async () => {
    const input = cube();
    const result = (await run({ data: input, kernel: PLUS, factor: 0.2 })) as RasterCube;
    expect(result.grid).toEqual(input.grid);
    expect(result.dims).toEqual(input.dims);
    // Centre of plane p: (25 + 5 * 10 p) * 0.2 = 5 + 10 p.
    expect(result.planes.map((plane) => plane[4])).toEqual([0, 1, 2, 3].map((p) => Math.fround(5 + 10 * p)));
  });

  it("rejects kernels with an even size along x or y", async () => {
    expect((await failure(run({ data: cube(), kernel: [[1, 2], [3, 4]] }))).code).toBe("KernelDimensionsUneven");
    expect((await failure(run({ data: cube(), kernel: [[1, 2, 1], [2, 4, 2]] }))).code).toBe("KernelDimensionsUneven");
    expect((await failure(run({ data: cube(), kernel: [[1, 2]] }))).code).toBe("KernelDimensionsUneven");
    expect((await failure(run({ data: cube(), kernel: [] }))).code).toBe("KernelDimensionsUneven");
  });

  it("rejects ragged kernels before reading anything", async () => {
    const lazy: LazyCube = { kind: "lazy", collection: "c", bands: [{ name: "B04" }], spatial: null, temporal: null, properties: {} };
    expect((await failure(run({ data: lazy, kernel: [[1, 2, 1], [1], [1, 2, 1]] }))).code).toBe("ProcessParameterInvalid");
    // A valid kernel on a lazy cube reads it (here: the failing data access).
    expect((await failure(run({ data: lazy, kernel: [[1]] }))).message).toBe("read");
  });
});

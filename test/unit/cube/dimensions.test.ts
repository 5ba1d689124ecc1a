import { describe, expect, it } from "vitest";
import type { RasterCube } from "../../../src/cube";
import { keepLabels, lanes, withLanes, withoutDimension } from "../../../src/cube/dimensions";
import { rasterCube } from "../../support/raster-cube";

/** 1 x 1 px; dims a (2 labels), b (3), c (2): plane p holds p, row-major over a, b, c. */
function cube(): RasterCube {
  return {
    kind: "raster",
    grid: { crs: "EPSG:32633", bbox: [0, 0, 10, 10], width: 1, height: 1 },
    axes: { x: "x", y: "y" },
    dims: [
      { name: "a", type: "other", labels: [0, 1] },
      { name: "b", type: "other", labels: ["p", "q", "r"] },
      { name: "c", type: "other", labels: [0, 1] },
    ],
    planes: Array.from({ length: 12 }, (_, p) => Float32Array.of(p)),
  };
}

const values = (planes: Float32Array[]) => planes.map((p) => p[0]);

describe("lanes along a dimension", () => {
  it("groups the planes of each combination of the other dimensions, in row-major order", () => {
    // Plane index = (a * 3 + b) * 2 + c.
    expect(lanes(cube(), 1).map(values)).toEqual([[0, 2, 4], [1, 3, 5], [6, 8, 10], [7, 9, 11]]);
    expect(lanes(cube(), 0).map(values)).toEqual([[0, 6], [1, 7], [2, 8], [3, 9], [4, 10], [5, 11]]);
  });

  it("puts replaced lanes back in place, or removes the dimension", () => {
    const c = cube();
    const reversed = withLanes(c, 1, { name: "b", type: "other", labels: ["r", "q", "p"] }, lanes(c, 1).map((lane) => [...lane].reverse()));
    expect(values(reversed.planes)).toEqual([4, 5, 2, 3, 0, 1, 10, 11, 8, 9, 6, 7]);
    const firsts = withLanes(c, 1, null, lanes(c, 1).map((lane) => [lane[0]!]));
    expect(firsts.dims.map((d) => d.name)).toEqual(["a", "c"]);
    expect(values(firsts.planes)).toEqual([0, 1, 6, 7]);
  });

  it("keeps chosen labels in the given order", () => {
    const kept = keepLabels(cube(), 2, [1]);
    expect(kept.dims[2]!.labels).toEqual([1]);
    expect(values(kept.planes)).toEqual([1, 3, 5, 7, 9, 11]);
  });

  it("leaves the span of a removed temporal dimension behind (a composite's dates), and none for other dimensions", () => {
    const grid = { crs: "EPSG:32633", bbox: [0, 0, 10, 10] as [number, number, number, number], width: 1, height: 1 };
    const series = rasterCube(grid, ["2024-07-01T00:00:00Z", "2024-07-11T00:00:00Z", "2024-07-21T00:00:00Z"], ["B04"], [0, 1, 2].map((v) => Float32Array.of(v)));
    const composite = withLanes(series, 0, null, lanes(series, 0).map((lane) => [lane[2]!]));
    expect(composite.timeSpan).toEqual(["2024-07-01T00:00:00Z", "2024-07-21T00:00:00Z"]);
    expect(composite.dims.map((d) => d.name)).toEqual(["bands"]);
    const oneDate = withoutDimension(keepLabels(series, 0, [1]), 0);
    expect(oneDate.timeSpan).toEqual(["2024-07-11T00:00:00Z", "2024-07-11T00:00:00Z"]);
    expect(values(oneDate.planes)).toEqual([1]);
    expect(withoutDimension(series, 1)).not.toHaveProperty("timeSpan");
  });
});

import { describe, expect, it } from "vitest";
import type { LabelDimension } from "../../../src/cube/types";
import type { VectorCube } from "../../../src/cube/vector";
import { findOutputFormat } from "../../../src/formats";

// A cube whose spatial dimensions were reduced (reduce_spatial): value at (t, band) = 10 t + band + 0.5, one no-data.
const T = ["2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"];
const dims: LabelDimension[] = [
  { name: "t", type: "temporal", labels: T },
  { name: "bands", type: "bands", labels: [{ name: "B04" }, { name: "B08" }] },
];
const reduced: VectorCube = { kind: "vector", crs: "EPSG:32633", geometries: null, dims, values: [0.5, NaN, 10.5, 11.5].map((v) => Float64Array.of(v)) };
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const encoded = async (name: string, data: unknown, options: Record<string, unknown> = {}) => text((await findOutputFormat(name)!.encode(data, options))[0]!.bytes);

describe("a cube without spatial dimensions", () => {
  it("is JSON in the datacube structure over its remaining dimensions", async () => {
    expect(findOutputFormat("JSON")!.unsuitable(reduced)).toBeUndefined();
    expect(JSON.parse(await encoded("JSON", reduced))).toEqual({
      type: "datacube",
      order: ["t", "bands"],
      dimensions: { t: { type: "temporal", values: T }, bands: { type: "bands", values: ["B04", "B08"] } },
      data: [
        [0.5, null],
        [10.5, 11.5],
      ],
      nodata: [null],
    });
  });

  it("is a single JSON value once no dimension is left", async () => {
    const scalar: VectorCube = { kind: "vector", crs: "EPSG:4326", geometries: null, dims: [], values: [Float64Array.of(0.25)] };
    expect(JSON.parse(await encoded("JSON", scalar))).toEqual({ type: "datacube", order: [], dimensions: {}, data: 0.25, nodata: [null] });
  });

  it("is CSV with a row per label combination and no feature or geometry column", async () => {
    expect(findOutputFormat("CSV")!.unsuitable(reduced, { geometry: true })).toBeUndefined();
    const lines = (await encoded("CSV", reduced, { geometry: true })).split("\r\n");
    expect(lines).toEqual(["t,bands,value", `${T[0]},B04,0.5`, `${T[0]},B08,`, `${T[1]},B04,10.5`, `${T[1]},B08,11.5`, ""]);
  });

  it("is refused by GeoJSON and the raster formats, which need geometries or pixels", () => {
    expect(findOutputFormat("GeoJSON")!.unsuitable(reduced)).toMatch(/no geometry dimension.*JSON, CSV or netCDF/);
    expect(findOutputFormat("GTiff")!.unsuitable(reduced, {})).toMatch(/no spatial dimensions.*JSON, CSV or netCDF/);
    expect(findOutputFormat("PNG")!.unsuitable(reduced, {})).toMatch(/no spatial dimensions/);
  });
});

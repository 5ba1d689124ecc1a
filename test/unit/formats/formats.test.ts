import { beforeEach, describe, expect, it } from "vitest";
import { findOutputFormat, optionsProblem, withDefaults } from "../../../src/formats";
import { combinationNames } from "../../../src/cube/dimensions";
import type { VectorCube } from "../../../src/cube/vector";
import { headerCache } from "../../../src/raster/header-cache";
import { openCog } from "../../../src/raster/open-cog";
import { readWindow } from "../../../src/raster/read-window";
import { MemoryByteSource } from "../../support/memory-byte-source";
import { rasterCube } from "../../support/raster-cube";

const T1 = "2024-01-01T00:00:00Z";
const T2 = "2024-01-02T00:00:00Z";

/** width x height px of 10 m in UTM 33N; plane p holds 1000 p + pixel index, and pixel 1 is no-data. */
function cube(width: number, height: number, times: string[] | null, bands: string[] | null) {
  const count = (times?.length ?? 1) * (bands?.length ?? 1);
  const planes = Array.from({ length: count }, (_, p) => Float32Array.from({ length: width * height }, (_, i) => (i === 1 ? NaN : 1000 * p + i)));
  return rasterCube({ crs: "EPSG:32633", bbox: [500000, 5000000 - 10 * height, 500000 + 10 * width, 5000000], width, height }, times, bands, planes);
}

beforeEach(() => headerCache.clear());

describe("output formats", () => {
  it("are found by name in any letter case", () => {
    expect(findOutputFormat("gtiff")?.name).toBe("GTiff");
    expect(findOutputFormat("Json")?.name).toBe("JSON");
    expect(findOutputFormat("jpeg")).toBeUndefined();
  });

  it("check options by name, type and allowed values, and fill in defaults", () => {
    const gtiff = findOutputFormat("GTiff")!;
    expect(optionsProblem(gtiff, { tile_size: 512 })).toBeUndefined();
    expect(optionsProblem(gtiff, { tile_size: 300 })).toMatch(/tile_size.*256, 512/);
    expect(optionsProblem(gtiff, { tile_size: "256" })).toMatch(/integer/);
    expect(optionsProblem(gtiff, { COMPRESS: "deflate" })).toMatch(/no option 'COMPRESS'/);
    expect(optionsProblem(findOutputFormat("JSON")!, { indent: 2 })).toMatch(/takes no options/);
    expect(withDefaults(gtiff, { tile_size: 512 })).toEqual({ tile_size: 512, compression: "deflate", overviews: true });
  });
});

describe("GTiff", () => {
  it("writes every date x band as one band of a COG with overviews, values and nodata intact", async () => {
    const data = cube(300, 200, [T1, T2], ["B04", "B08"]);
    const [file] = await findOutputFormat("GTiff")!.encode(data, { tile_size: 256, compression: "deflate", overviews: true });
    expect(file!.name).toBe("result.tif");
    const cog = await openCog(new MemoryByteSource(file!.bytes));
    expect(cog.header.grid).toEqual(data.grid);
    // 300 px wide with 256 px tiles: one overview (factor 2, 150 px) fits one tile.
    expect(cog.header.levels.map((l) => l.width)).toEqual([300, 150]);
    for (let band = 0; band < 4; band++) {
      const values = await readWindow(cog, 0, band, { x: 0, y: 0, width: 3, height: 1 });
      expect(Array.from(values)).toEqual([1000 * band, NaN, 1000 * band + 2]);
    }
    const text = new TextDecoder().decode(file!.bytes.subarray(0, 4096));
    expect(text).toContain(`<Item name="DESCRIPTION" sample="3" role="description">${T2}/B08</Item>`);
  });

  it("names the bands of a cube without t by their band name, and one without label dimensions 'value'", () => {
    expect(combinationNames(cube(2, 2, null, ["a", "b"]).dims)).toEqual(["a", "b"]);
    expect(combinationNames(cube(2, 2, null, null).dims)).toEqual(["value"]);
  });

  it("refuses what isn't a raster cube", () => {
    expect(findOutputFormat("GTiff")!.unsuitable(42)).toMatch(/raster data cubes/);
  });
});

describe("JSON", () => {
  it("writes plain values, with NaN as null", async () => {
    const [file] = await findOutputFormat("JSON")!.encode({ a: [1, NaN, "x"] }, {});
    expect(JSON.parse(new TextDecoder().decode(file!.bytes))).toEqual({ a: [1, null, "x"] });
  });

  it("writes a raster cube nested along its dimensions, y and x last, with coordinates as labels", async () => {
    const [file] = await findOutputFormat("JSON")!.encode(cube(2, 2, [T1], ["a", "b"]), {});
    const written = JSON.parse(new TextDecoder().decode(file!.bytes));
    expect(written.order).toEqual(["t", "bands", "y", "x"]);
    expect(written.dimensions.x).toEqual({ type: "spatial", axis: "x", values: [500005, 500015], reference_system: "EPSG:32633" });
    expect(written.dimensions.bands).toEqual({ type: "bands", values: ["a", "b"] });
    // Plane 1 (t=T1, band b): 1000 + pixel index, pixel 1 no-data.
    expect(written.data[0][1]).toEqual([[1000, null], [1002, 1003]]);
  });

  it("writes a vector cube as GeoJSON features carrying their values, reprojected to WGS 84", async () => {
    const vector: VectorCube = {
      kind: "vector",
      crs: "EPSG:32633",
      geometries: [
        { type: "Feature", geometry: { type: "Point", coordinates: [500000, 0] }, properties: { name: "equator" } },
        { type: "Feature", geometry: null, properties: null },
      ],
      dims: [{ name: "t", type: "temporal", labels: [T1, T2] }],
      values: [Float64Array.of(0.5, NaN), Float64Array.of(0.25, 1)],
    };
    const [file] = await findOutputFormat("JSON")!.encode(vector, {});
    const written = JSON.parse(new TextDecoder().decode(file!.bytes));
    expect(written.type).toBe("FeatureCollection");
    // Easting 500000 on the equator is UTM 33N's central meridian, 15 degrees east.
    expect(written.features[0].geometry.coordinates[0]).toBeCloseTo(15, 9);
    expect(written.features[0].geometry.coordinates[1]).toBeCloseTo(0, 9);
    expect(written.features[0].properties).toEqual({ name: "equator", [T1]: 0.5, [T2]: 0.25 });
    expect(written.features[1].properties).toEqual({ [T1]: null, [T2]: 1 });
  });

  it("refuses cubes too large for JSON", () => {
    expect(findOutputFormat("JSON")!.unsuitable(cube(1001, 1000, null, null))).toMatch(/GTiff/);
  });
});

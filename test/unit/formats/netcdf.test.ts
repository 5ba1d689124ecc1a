import { describe, expect, it } from "vitest";
import type { LabelDimension, RasterCube } from "../../../src/cube/types";
import type { VectorCube } from "../../../src/cube/vector";
import { findOutputFormat, isEmptyCube } from "../../../src/formats";
import { writeNetcdf } from "../../../src/formats/netcdf-classic";
import { gridMapping } from "../../../src/formats/netcdf-grid-mapping";
import type { Grid } from "../../../src/raster/grid";
import { readNetcdf, strings, values, variable, type NetcdfFile } from "../../support/netcdf-reader";

// Cubes: plane p holds 1000 p + pixel index, and pixel 1 is no-data, so every value says where it came from.

const UTM_GRID: Grid = { crs: "EPSG:32633", bbox: [500000, 4999800, 500300, 5000000], width: 30, height: 20 };
const T1 = "2024-01-01T00:00:00Z";
const T2 = "2024-01-02T00:00:00Z";

function cube(grid: Grid, dims: LabelDimension[]): RasterCube {
  const count = dims.reduce((n, d) => n * d.labels.length, 1);
  const pixels = grid.width * grid.height;
  const planes = Array.from({ length: count }, (_, p) => Float32Array.from({ length: pixels }, (_, i) => (i === 1 ? NaN : 1000 * p + i)));
  return { kind: "raster", grid, axes: { x: "x", y: "y" }, dims, planes };
}
const time = (labels: string[], name = "t"): LabelDimension => ({ name, type: "temporal", labels });
const bands = (...names: string[]): LabelDimension => ({ name: "bands", type: "bands", labels: names.map((n) => ({ name: n })) });

const format = findOutputFormat("netCDF")!;
async function written(data: RasterCube): Promise<NetcdfFile> {
  const files = await format.encode(data, {});
  expect(files.map((f) => [f.name, f.mediaType])).toEqual([["result.nc", "application/netcdf"]]);
  return readNetcdf(files[0]!.bytes);
}

describe("netCDF", () => {
  it("is an output format without options, found in any letter case", () => {
    expect(findOutputFormat("NETCDF")).toBe(format);
    expect(format.options).toEqual({});
    expect(format.extension).toBe("nc");
  });

  it("writes each band as a (t, y, x) float variable holding the cube's planes", async () => {
    const data = cube(UTM_GRID, [time([T1, T2]), bands("B04", "B08")]);
    const file = await written(data);
    expect(file.version).toBe(1);
    expect(file.dimensions).toEqual([
      { name: "t", length: 2 },
      { name: "y", length: 20 },
      { name: "x", length: 30 },
    ]);
    expect(file.variables.map((v) => v.name)).toEqual(["t", "y", "x", "crs", "B04", "B08"]);
    const pixels = 20 * 30;
    for (const [b, band] of ["B04", "B08"].entries()) {
      const v = variable(file, band);
      expect(v.dimensions).toEqual(["t", "y", "x"]);
      expect(v.type).toBe(5);
      expect(v.attributes.long_name).toBe(band);
      expect(v.attributes.grid_mapping).toBe("crs");
      expect(v.attributes._FillValue).toEqual([NaN]);
      const read = values(file, band);
      // Planes are t-major: the plane of date k and band b is k * 2 + b.
      for (let k = 0; k < 2; k++) expect(read.slice(k * pixels, (k + 1) * pixels)).toEqual(Array.from(data.planes[k * 2 + b]!));
    }
    // Every variable starts on a 4-byte boundary after the previous one, with its padded size.
    for (let i = 1; i < file.variables.length; i++) {
      const [before, v] = [file.variables[i - 1]!, file.variables[i]!];
      expect(v.begin).toBe(before.begin + before.vsize);
    }
    expect(file.variables.at(-1)!.begin + file.variables.at(-1)!.vsize).toBe(file.bytes.length);
  });

  it("writes pixel-centre coordinates in metres, days since 1970 for dates, and CF global attributes", async () => {
    const file = await written(cube(UTM_GRID, [time([T1, T2]), bands("B04")]));
    // 10 m pixels from x = 500000 eastwards and from y = 5000000 southwards.
    expect(values(file, "x")).toEqual(Array.from({ length: 30 }, (_, i) => 500000 + 10 * i + 5));
    expect(values(file, "y")).toEqual(Array.from({ length: 20 }, (_, j) => 5000000 - 10 * j - 5));
    expect(variable(file, "x").attributes).toEqual({ standard_name: "projection_x_coordinate", long_name: "x coordinate of projection", units: "m", axis: "X" });
    expect(variable(file, "y").attributes.standard_name).toBe("projection_y_coordinate");
    expect(values(file, "t")).toEqual([T1, T2].map((label) => Date.parse(label) / 86_400_000));
    expect(values(file, "t")[0]).toBe(19723); // 2024-01-01
    expect(variable(file, "t").attributes).toEqual({ standard_name: "time", long_name: "time", units: "days since 1970-01-01 00:00:00", calendar: "standard", axis: "T" });
    expect(file.attributes).toMatchObject({ Conventions: "CF-1.8", title: "openEO result", source: "openeo-edge" });
    expect(file.attributes.history).toMatch(/^\d{4}-\d\d-\d\dT.*openeo-edge/);
  });

  it("writes the grid mapping: CF transverse Mercator parameters, WKT with the EPSG code, GDAL's GeoTransform", async () => {
    const crs = variable(await written(cube(UTM_GRID, [bands("B04")])), "crs");
    expect(crs.dimensions).toEqual([]);
    expect(crs.type).toBe(4);
    // UTM zone 33's central meridian: 33 * 6 - 183 = 15 degrees east.
    expect(crs.attributes).toMatchObject({
      grid_mapping_name: "transverse_mercator",
      longitude_of_central_meridian: [15],
      scale_factor_at_central_meridian: [0.9996],
      false_easting: [500000],
      false_northing: [0],
      latitude_of_projection_origin: [0],
      semi_major_axis: [6378137],
      inverse_flattening: [298.257223563],
      epsg_code: "EPSG:32633",
      GeoTransform: "500000 10 0 5000000 0 -10",
    });
    expect(crs.attributes.crs_wkt).toMatch(/^PROJCS\["WGS 84 \/ UTM zone 33N",.*PARAMETER\["central_meridian",15\].*AUTHORITY\["EPSG","32633"\]\]$/);
    expect(crs.attributes.spatial_ref).toBe(crs.attributes.crs_wkt);
  });

  it("writes longitude and latitude for a geographic CRS, and a cube without t or bands as (y, x) 'value'", async () => {
    const grid: Grid = { crs: "EPSG:4326", bbox: [10, 45, 10.5, 45.25], width: 2, height: 1 };
    const data = cube(grid, []);
    const file = await written(data);
    expect(file.dimensions.map((d) => d.name)).toEqual(["y", "x"]);
    expect(variable(file, "value").dimensions).toEqual(["y", "x"]);
    expect(values(file, "value")).toEqual(Array.from(data.planes[0]!));
    expect(values(file, "x")).toEqual([10.125, 10.375]);
    expect(values(file, "y")).toEqual([45.125]);
    expect(variable(file, "x").attributes).toMatchObject({ standard_name: "longitude", units: "degrees_east", axis: "X" });
    expect(variable(file, "y").attributes).toMatchObject({ standard_name: "latitude", units: "degrees_north", axis: "Y" });
    const crs = variable(file, "crs").attributes;
    expect(crs).toMatchObject({ grid_mapping_name: "latitude_longitude", epsg_code: "EPSG:4326", GeoTransform: "10 0.25 0 45.25 0 -0.25" });
    expect(crs.crs_wkt).toMatch(/^GEOGCS\["WGS 84",.*AUTHORITY\["EPSG","4326"\]\]$/);
  });

  it("writes seconds when times of the day differ from midnight, and names t 't' unless its name is a valid name", async () => {
    const labels = ["2024-01-01T10:30:00Z", "2024-01-02T00:00:00.5Z"];
    const file = await written(cube(UTM_GRID, [time(labels, "time steps")]));
    expect(file.dimensions[0]).toEqual({ name: "t", length: 2 });
    expect(variable(file, "t").attributes.units).toBe("seconds since 1970-01-01 00:00:00");
    expect(values(file, "t")).toEqual(labels.map((label) => Date.parse(label) / 1000));
    expect((await written(cube(UTM_GRID, [time([T1], "date")]))).dimensions[0]!.name).toBe("date");
  });

  it("writes period labels and other text labels as char label variables, numbers as a coordinate", async () => {
    const stat: LabelDimension = { name: "stat", type: "other", labels: ["min", "max"] };
    const q: LabelDimension = { name: "q", type: "other", labels: [0.1, 0.9] };
    const grid: Grid = { ...UTM_GRID, width: 3, height: 2 };
    const data = cube(grid, [time(["2024-djf", "2024-mam"]), bands("B04", "B08", "ndvi"), stat, q]);
    const file = await written(data);
    expect(file.dimensions.map((d) => d.name)).toEqual(["t", "t_strlen", "stat", "stat_strlen", "q", "y", "x"]);
    expect(strings(file, "t_label")).toEqual(["2024-djf", "2024-mam"]);
    expect(strings(file, "stat_label")).toEqual(["min", "max"]);
    expect(values(file, "q")).toEqual([0.1, 0.9]);
    const b08 = variable(file, "B08");
    expect(b08.dimensions).toEqual(["t", "stat", "q", "y", "x"]);
    expect(b08.attributes.coordinates).toBe("t_label stat_label");
    // The cube's planes are ordered (t, bands, stat, q): B08 (band 1) at t k, stat s, q r is plane ((k * 3 + 1) * 2 + s) * 2 + r.
    const read = values(file, "B08");
    const expected: number[] = [];
    for (let k = 0; k < 2; k++) for (let s = 0; s < 2; s++) for (let r = 0; r < 2; r++) expected.push(...data.planes[((k * 3 + 1) * 2 + s) * 2 + r]!);
    expect(read).toEqual(expected);
    // 2 x 3 chars of stat_label take 8 bytes: padded to 4.
    expect(variable(file, "stat_label").vsize).toBe(8);
  });

  it("names band variables with valid, unique names and keeps each band's name as long_name", async () => {
    const file = await written(cube({ ...UTM_GRID, width: 1, height: 1 }, [bands("ndvi-2", "2020", "x", "B 1", "B_1")]));
    const names = file.variables.filter((v) => v.attributes.grid_mapping).map((v) => [v.name, v.attributes.long_name]);
    expect(names).toEqual([
      ["ndvi_2", "ndvi-2"],
      ["band_2020", "2020"],
      ["x_2", "x"],
      ["B_1", "B 1"],
      ["B_1_2", "B_1"],
    ]);
  });

  it("describes the other CRSs the back-end reads onto", () => {
    expect(gridMapping("EPSG:32733")!.attributes).toMatchObject({ false_northing: { values: [10000000] }, epsg_code: "EPSG:32733" });
    expect(gridMapping("EPSG:25832")!.attributes).toMatchObject({ inverse_flattening: { values: [298.257222101] }, longitude_of_central_meridian: { values: [9] } });
    expect(gridMapping("EPSG:25832")!.attributes.crs_wkt).toMatch(/^PROJCS\["ETRS89 \/ UTM zone 32N",GEOGCS\["ETRS89"/);
    expect(gridMapping("EPSG:4269")!.attributes.crs_wkt).toMatch(/^GEOGCS\["NAD83",.*"4269"\]\]$/);
    // Web Mercator projects on a sphere, under its withdrawn codes too.
    expect(gridMapping("EPSG:900913")!.attributes).toMatchObject({ grid_mapping_name: "mercator", semi_minor_axis: { values: [6378137] }, epsg_code: "EPSG:3857" });
    expect(gridMapping("EPSG:5042")!.attributes).toMatchObject({ grid_mapping_name: "polar_stereographic", latitude_of_projection_origin: { values: [-90] } });
    expect(gridMapping("EPSG:2056")).toBeUndefined();
  });

  it("refuses what isn't a raster cube, and CRSs it can't describe", () => {
    const vector: VectorCube = { kind: "vector", crs: "EPSG:4326", geometries: [], dims: [], values: [] };
    expect(format.unsuitable(vector)).toMatch(/vector data cubes.*JSON/);
    expect(format.unsuitable([1, 2])).toMatch(/only raster data cubes/);
    expect(format.unsuitable({ kind: "lazy", collection: "c", bands: [], spatial: null, temporal: null, properties: {} })).toMatch(/only raster data cubes/);
    expect(format.unsuitable(cube({ ...UTM_GRID, crs: "EPSG:2056" }, []))).toMatch(/CRS EPSG:2056/);
    expect(format.unsuitable(cube(UTM_GRID, []))).toBeUndefined();
  });

  it("writes a cube without spatial dimensions (reduce_spatial's) as double variables over its label dimensions, without x, y and crs", async () => {
    // Value at (t, band) = 10 t + band + 0.1: double precision shows in the last digits.
    const dims = [time([T1, T2]), bands("B04", "B08")];
    const planes = [0, 1, 10, 11].map((v, p) => Float64Array.of(p === 2 ? NaN : v + 0.1));
    const reduced: VectorCube = { kind: "vector", crs: "EPSG:32633", geometries: null, dims, values: planes };
    expect(format.unsuitable(reduced)).toBeUndefined();
    const file = readNetcdf((await format.encode(reduced, {}))[0]!.bytes);
    expect(file.dimensions).toEqual([{ name: "t", length: 2 }]);
    expect(file.variables.map((v) => v.name)).toEqual(["t", "B04", "B08"]);
    expect(variable(file, "B04")).toMatchObject({ dimensions: ["t"], type: 6, attributes: { long_name: "B04", _FillValue: [NaN] } });
    expect(variable(file, "B04").attributes.grid_mapping).toBeUndefined();
    expect(values(file, "B04")).toEqual([0.1, NaN]);
    expect(values(file, "B08")).toEqual([1.1, 11.1]);
    expect(values(file, "t")).toEqual([Date.parse(T1) / 86400000, Date.parse(T2) / 86400000]);
  });

  it("refuses an empty cube without spatial dimensions", async () => {
    const reduced: VectorCube = { kind: "vector", crs: "EPSG:32633", geometries: null, dims: [time([])], values: [] };
    expect(format.storesEmptyCubes).toBe(false);
    expect(isEmptyCube(reduced)).toBe(true);
  });

  it("refuses (as a programming error) data that doesn't fill a variable", () => {
    const file = { dimensions: [{ name: "n", length: 3 }], attributes: {}, variables: [{ name: "v", dimensions: ["n"], type: "int" as const, attributes: {}, data: [[1, 2]] }] };
    expect(() => writeNetcdf(file)).toThrow(/2 values for 3 cells/);
  });
});

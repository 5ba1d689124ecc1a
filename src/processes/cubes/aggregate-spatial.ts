import { dataAccess } from "../../cube/context";
import { filterSpatial } from "../../cube/filters";
import { geometriesArgument, geometriesExtent, projectGeometry, type Geometry } from "../../cube/geojson";
import { materialize } from "../../cube/materialize";
import { cubeArgument } from "../../cube/parameters";
import { visitGeometryPixels } from "../../cube/rasterize";
import type { PartialAggregation, PartialVectorCube } from "../../cube/partial-aggregation";
import type { LabelDimension, RasterCube } from "../../cube/types";
import { GEOMETRY_DIMENSION, type VectorCube } from "../../cube/vector";
import { OpenEOError } from "../../errors";
import type { Callback, ProcessImplementation } from "../types";
import { DEPRECATED_GEOJSON, RASTER_CUBE, VECTOR_CUBE } from "./schemas";

/** The labels of the dimension target_dimension adds. */
const STATISTICS = ["value", "total_count", "valid_count"];

function toValue(result: unknown): number {
  if (result === null || result === undefined) return NaN;
  if (typeof result === "number") return result;
  if (typeof result === "boolean") return result ? 1 : 0;
  throw new OpenEOError("ProcessParameterInvalid", { process: "aggregate_spatial", parameter: "reducer", reason: `a geometry's result must be a number, boolean or null, not ${JSON.stringify(result)}` });
}

/** The indices of the pixels each geometry (in the cube's CRS, null when empty) covers, each pixel once. */
function pixelsOf(geometries: (Geometry | null)[], cube: RasterCube): number[][] {
  // seen[i] is the number of the last geometry that took pixel i: dedupes without clearing.
  const seen = new Int32Array(cube.grid.width * cube.grid.height).fill(-1);
  return geometries.map((geometry, g) => {
    const pixels: number[] = [];
    if (geometry) {
      visitGeometryPixels(geometry, cube.grid, (i) => {
        if (seen[i] !== g) pixels.push(i);
        seen[i] = g;
      });
    }
    return pixels;
  });
}

/** Sums, squared deviations, extremes and counts of each geometry's pixels per plane: one strip's share of the statistics. */
function partialStatistics(cube: RasterCube, pixels: number[][], base: Omit<PartialAggregation, "sum" | "m2" | "min" | "max" | "valid" | "total">): PartialVectorCube {
  const partial: PartialAggregation = { ...base, sum: [], m2: [], min: [], max: [], valid: [], total: [] };
  for (const plane of cube.planes) {
    const [sum, m2, min, max, valid]: [number[], number[], (number | null)[], (number | null)[], number[]] = [[], [], [], [], []];
    for (const covered of pixels) {
      let [s, lo, hi, n] = [0, Infinity, -Infinity, 0];
      for (const i of covered) {
        const v = plane[i]!;
        if (Number.isNaN(v)) continue;
        s += v;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
        n++;
      }
      // A second pass about the strip's mean: sums of squares less their square would cancel.
      let squares = 0;
      const mean = n > 0 ? s / n : 0;
      for (const i of covered) {
        const v = plane[i]!;
        if (!Number.isNaN(v)) squares += (v - mean) ** 2;
      }
      sum.push(s);
      m2.push(squares);
      min.push(n > 0 ? lo : null);
      max.push(n > 0 ? hi : null);
      valid.push(n);
    }
    partial.sum.push(sum);
    partial.m2.push(m2);
    partial.min.push(min);
    partial.max.push(max);
    partial.valid.push(valid);
    partial.total.push(pixels.map((covered) => covered.length));
  }
  // The sums stand in as values, so that save_result sees a vector cube of the whole's shape.
  return { kind: "vector", crs: base.crs, geometries: base.geometries, dims: base.dims, values: partial.sum.map((plane) => Float64Array.from(plane)), partial };
}

export const aggregateSpatial: ProcessImplementation = {
  spec: {
    id: "aggregate_spatial",
    summary: "Statistics per geometry (zonal statistics)",
    description:
      "Computes one value per geometry and per label combination of the cube's other dimensions (such as `t` and `bands`): the reducer gets the values of the pixels the geometry covers as an array (no-data as null, in no particular order). Polygons cover the pixels whose centre lies inside or on their edge (holes excluded), points the pixel they fall in (the closest centre), lines every pixel they cross; a pixel may count for several geometries. Geometries that cover no pixel (empty, or outside the cube) get no-data without calling the reducer.\n\nThe geometries are GeoJSON (one value per geometry or Feature, one per Feature of a FeatureCollection; longitude and latitude in WGS 84) or a vector data cube; GeometryCollections are not supported, and at least one geometry must not be empty. They are reprojected to the cube's CRS (edges densified) to find their pixels. The result is a vector data cube: a `geometry` dimension with the geometries as given (properties kept, in their own CRS) and the cube's other dimensions. With `target_dimension`, a dimension of that name is added last with the labels `value`, `total_count` (pixels covered) and `valid_count` (those not no-data). On a cube not read yet, only the bounding box of the geometries is read.",
    categories: ["cubes", "aggregate"],
    parameters: [
      { name: "data", description: "The raster data cube; only the part within the geometries' bounding box matters.", schema: RASTER_CUBE },
      {
        name: "geometries",
        description: "The geometries to compute values for: GeoJSON or a vector data cube. Feature properties are kept in the result.",
        schema: [VECTOR_CUBE, DEPRECATED_GEOJSON],
      },
      {
        name: "reducer",
        description: "Computes one value from the values of one geometry's pixels, e.g. mean or max.",
        schema: {
          type: "object",
          subtype: "process-graph",
          parameters: [
            { name: "data", description: "The values of the pixels the geometry covers (null for no-data), in no particular order.", schema: { type: "array", items: { description: "Any data type." } } },
            { name: "context", description: "The `context` given to aggregate_spatial.", schema: { description: "Any data type." }, optional: true, default: null },
          ],
          returns: { description: "The geometry's value in the vector data cube.", schema: { description: "Any data type." } },
        },
      },
      {
        name: "target_dimension",
        description: "null (the default): only the values. A name: also the pixel counts, in a new dimension of that name with the labels `value`, `total_count` and `valid_count`.",
        schema: { type: ["string", "null"] },
        default: null,
        optional: true,
      },
      { name: "context", description: "Extra data handed to the reducer.", schema: { description: "Any data type." }, optional: true, default: null },
    ],
    returns: { description: "A vector data cube: the geometries, and per geometry the values for every label combination of the cube's other dimensions.", schema: VECTOR_CUBE },
    exceptions: { TargetDimensionExists: { message: "A dimension with the specified target dimension name already exists." } },
    links: [
      { href: "https://openeo.org/documentation/1.0/datacubes.html#aggregate", rel: "about", title: "Aggregating data cubes (openEO documentation)" },
      { href: "http://www.opengeospatial.org/standards/sfa", rel: "about", title: "OGC Simple Features (what intersecting a geometry means)" },
    ],
  },
  run: async (args, ctx) => {
    const input = cubeArgument(args.data, "aggregate_spatial");
    const { crs, features } = geometriesArgument(args.geometries, "aggregate_spatial", "geometries");
    const target = (args.target_dimension ?? null) as string | null;
    const names = [GEOMETRY_DIMENSION, ...(input.kind === "lazy" ? ["t", "bands"] : input.dims.map((d) => d.name))];
    if (target !== null && names.includes(target)) throw OpenEOError.processException("TargetDimensionExists", `The result already has a dimension '${target}'.`);
    const extent = geometriesExtent(features.map((f) => f.geometry), crs);
    if (!extent) throw new OpenEOError("ProcessParameterInvalid", { process: "aggregate_spatial", parameter: "geometries", reason: "all geometries are empty" });
    const cube = await materialize(input.kind === "lazy" ? filterSpatial(input, extent) : input, dataAccess(ctx));
    const pixels = pixelsOf(features.map((f) => f.geometry && projectGeometry(f.geometry, crs, cube.grid.crs)), cube);
    if (dataAccess(ctx).partialAggregation) return partialStatistics(cube, pixels, { crs, geometries: features, dims: cube.dims, target });
    const reducer = args.reducer as Callback;
    const values: Float64Array[] = [];
    for (const plane of cube.planes) {
      const stats = STATISTICS.map(() => new Float64Array(features.length).fill(NaN));
      for (const [g, covered] of pixels.entries()) {
        const data = covered.map((i) => (Number.isNaN(plane[i]!) ? null : plane[i]!));
        if (covered.length) stats[0]![g] = toValue(await reducer({ data, context: args.context }));
        stats[1]![g] = covered.length;
        stats[2]![g] = data.filter((v) => v !== null).length;
      }
      values.push(...(target === null ? stats.slice(0, 1) : stats));
    }
    const dims: LabelDimension[] = target === null ? cube.dims : [...cube.dims, { name: target, type: "other", labels: STATISTICS }];
    const result: VectorCube = { kind: "vector", crs, geometries: features, dims, values };
    return result;
  },
};

import { budgetOf } from "../../budget";
import { dataAccess } from "../../cube/context";
import { filterSpatial } from "../../cube/filters";
import { geometriesArgument, geometriesExtent, projectGeometry, type Geometry } from "../../cube/geojson";
import { materialize } from "../../cube/materialize";
import { cubeArgument } from "../../cube/parameters";
import { visitGeometryPixels } from "../../cube/rasterize";
import type { RasterCube } from "../../cube/types";
import { GEOMETRY_DIMENSION } from "../../cube/vector";
import { zonalCube, type ZonalPlane } from "../../cube/zonal-values";
import { OpenEOError } from "../../errors";
import type { Callback, ProcessImplementation } from "../types";
import { partialStatistics } from "./aggregate-spatial-partials";
import { DEPRECATED_GEOJSON, RASTER_CUBE, VECTOR_CUBE } from "./schemas";

const invalid = (result: unknown, expected: string) =>
  new OpenEOError("ProcessParameterInvalid", { process: "aggregate_spatial", parameter: "reducer", reason: `a geometry's result must be ${expected}, not ${JSON.stringify(result)}` });

function toValue(result: unknown): number {
  if (result === null || result === undefined) return NaN;
  if (typeof result === "number") return result;
  if (typeof result === "boolean") return result ? 1 : 0;
  throw invalid(result, "a number, boolean or null");
}

/** A geometry's answer (undefined: it covers no pixel) as a number, or as an array like every other answer when the reducer answers arrays. */
function answerOf(result: unknown, arrayLength: number | null): number | number[] | null {
  if (result === undefined || result === null) return null;
  if (arrayLength === null) return toValue(result);
  if (!Array.isArray(result) || result.length !== arrayLength) throw invalid(result, `an array of ${arrayLength} numbers, as the others are`);
  return result.map(toValue);
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

export const aggregateSpatial: ProcessImplementation = {
  spec: {
    id: "aggregate_spatial",
    summary: "Statistics per geometry (zonal statistics)",
    description:
      "Computes one value per geometry and per label combination of the cube's other dimensions (such as `t` and `bands`): the reducer gets the values of the pixels the geometry covers as an array (no-data as null, in no particular order). Polygons cover the pixels whose centre lies inside or on their edge (holes excluded), points the pixel they fall in (the closest centre), lines every pixel they cross; a pixel may count for several geometries. Geometries that cover no pixel (empty, or outside the cube) get no-data without calling the reducer.\n\nThe geometries are GeoJSON (one value per geometry or Feature, one per Feature of a FeatureCollection; longitude and latitude in WGS 84) or a vector data cube; GeometryCollections are not supported, and at least one geometry must not be empty. They are reprojected to the cube's CRS (edges densified) to find their pixels. The result is a vector data cube: a `geometry` dimension with the geometries as given (properties kept, in their own CRS) and the cube's other dimensions. A reducer that answers arrays (such as quantiles) must answer arrays of one length for every geometry: their elements go along a dimension `index` (labels 0, 1, ...) added after the cube's dimensions (a geometry without pixels gets no-data in each). With `target_dimension`, a dimension of that name is added last with the labels `value`, `total_count` (pixels covered) and `valid_count` (those not no-data). On a cube not read yet, only the bounding box of the geometries is read.",
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
        description: "Computes one value (or an array of values, such as quantiles) from the values of one geometry's pixels, e.g. mean or max.",
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
    const partial = dataAccess(ctx).partialAggregation;
    if (partial) return partialStatistics(cube, pixels, { crs, geometries: features, dims: cube.dims, target }, partial === "quantiles");
    const reducer = args.reducer as Callback;
    const call = (data: (number | null)[]) => reducer({ data, context: args.context });
    const planes: (ZonalPlane & { results: unknown[] })[] = [];
    for (const plane of cube.planes) {
      const [results, valid]: [unknown[], number[]] = [[], []];
      for (const covered of pixels) {
        const data = covered.map((i) => (Number.isNaN(plane[i]!) ? null : plane[i]!));
        results.push(covered.length ? await call(data) : undefined);
        valid.push(data.filter((v) => v !== null).length);
      }
      planes.push({ results, answers: [], total: pixels.map((covered) => covered.length), valid });
    }
    // The first answer with a value tells whether the reducer answers arrays; without any, its answer to
    // no pixels (asked only for that: a reducer failing on it answers numbers, as before it was asked).
    const first = planes.flatMap((p) => p.results).find((r) => r !== undefined && r !== null) ?? (await call([]).catch(() => null));
    const arrayLength = Array.isArray(first) ? first.length : null;
    if (arrayLength !== null) budgetOf(ctx).reserveElements(planes.length * arrayLength * features.length, "the zonal statistics");
    for (const plane of planes) plane.answers = plane.results.map((r) => answerOf(r, arrayLength));
    return zonalCube({ crs, geometries: features, dims: cube.dims, target }, planes, arrayLength);
  },
};

import { budgetOf } from "../../budget";
import { vertexCount } from "../../cube/geometry/planar";
import { regularPoints, regularPointsAtMost } from "../../cube/geometry/regular-points";
import { OpenEOError } from "../../errors";
import type { ProcessImplementation } from "../types";
import { VECTOR_CUBE } from "../cubes/schemas";
import { partsAndTolerance, POINTS_CUBE, requireMetres, sampledCube, vectorCubeArgument } from "./vector-cube";

export const vectorToRegularPoints: ProcessImplementation = {
  spec: {
    id: "vector_to_regular_points",
    summary: "Points at regular spacing in geometries",
    description:
      "Replaces each geometry of a vector data cube by points spaced `distance` metres apart, in the plane of the cube's CRS:\n\n" +
      "- in a polygon, the centres of a grid of `distance`-sized square cells laid from the upper-left corner of its bounding box, those inside it or on its edge (not in a hole);\n- along a line, its first position, then each position where the straight-line distance from the previous point reaches `distance` again, walking along the line;\n- points stay as they are.\n\n" +
      "A geometry too small for any point gives its first position. Multi-part geometries are sampled part by part. Empty geometries are passed through without points. The CRS must be in metres (such as a UTM zone): geometries in degrees (load_geojson's WGS 84) are refused with UnitMismatch, naming the UTM zone to reproject them to with vector_reproject. The number of points is checked against the run's budget before sampling.",
    categories: ["cubes", "vector"],
    experimental: true,
    parameters: [
      { name: "data", description: "The vector data cube whose geometries to sample.", schema: VECTOR_CUBE },
      {
        name: "distance",
        description: "The spacing of the points in metres (the CRS's units): the grid's cell size in polygons, the straight-line step along lines.",
        schema: { type: "number", minimumExclusive: 0 },
      },
      {
        name: "group",
        description: "true (the default): one MultiPoint per geometry, keeping its id, properties and values. false: a Point per sample without id, with its geometry's properties and values.",
        schema: { type: "boolean" },
        default: true,
        optional: true,
      },
    ],
    returns: { description: "The vector data cube of the sampled points.", schema: POINTS_CUBE },
    exceptions: { UnitMismatch: { message: "The unit of the spatial reference system is not meters, but the given distance is in meters." } },
  },
  run: (args, ctx) => {
    const cube = vectorCubeArgument(args.data, "vector_to_regular_points");
    const distance = args.distance as number;
    if (!(distance > 0) || !Number.isFinite(distance)) throw new OpenEOError("ProcessParameterInvalid", { process: "vector_to_regular_points", parameter: "distance", reason: "the distance must be a positive number" });
    requireMetres(cube, "vector_to_regular_points");
    const { parts, tolerance } = partsAndTolerance(cube.geometries);
    const budget = budgetOf(ctx);
    const most = parts.map((p) => regularPointsAtMost(p, distance));
    budget.reserveElements(2 * most.reduce((n, m) => n + m.points, 0), "the sampled points");
    budget.spend(most.reduce((n, m) => n + m.tests, 0), "sampling points");
    const points = parts.map((p) => (vertexCount(p) ? regularPoints(p, distance, tolerance) : null));
    return sampledCube(cube, points, args.group !== false, ctx);
  },
};

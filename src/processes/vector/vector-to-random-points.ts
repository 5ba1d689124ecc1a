import { budgetOf } from "../../budget";
import { partsOf, vertexCount } from "../../cube/geometry/planar";
import { randomPoints, randomPointsCost, seededRandom } from "../../cube/geometry/random-points";
import { OpenEOError } from "../../errors";
import type { ProcessImplementation } from "../types";
import { VECTOR_CUBE } from "../cubes/schemas";
import { POINTS_CUBE, sampledCube, vectorCubeArgument } from "./vector-cube";

const COUNT_SCHEMA = [
  { type: "integer", minimum: 1 },
  { title: "Unrestricted", type: "null" },
];

/** How many points each of `n` geometries gets: one by default, else up to geometry_count, total_count shared out evenly (the first ones get the remainder). */
function counts(n: number, geometryCount: number | null, totalCount: number | null): number[] {
  if (geometryCount === null && totalCount === null) return Array<number>(n).fill(1);
  const cap = geometryCount ?? Infinity;
  if (totalCount === null) return Array<number>(n).fill(cap);
  return Array.from({ length: n }, (_, i) => Math.min(cap, Math.floor(totalCount / n) + (i < totalCount % n ? 1 : 0)));
}

export const vectorToRandomPoints: ProcessImplementation = {
  spec: {
    id: "vector_to_random_points",
    summary: "Random points in geometries",
    description:
      "Replaces each geometry of a vector data cube by points drawn at random, uniformly: in polygons by area (holes excluded), on lines by length, and among the positions of points (each at most once, so a MultiPoint gives at most as many points as it has). Parts without area or length count only when the geometry has nothing larger. Positions are in the cube's CRS and uniform in its plane.\n\n" +
      "How many: one per geometry when neither count is given; `geometry_count` per geometry; `total_count` shared out evenly among the non-empty geometries (the first ones get the remainder), each at most `geometry_count` when both are given. A `total_count` below the number of non-empty geometries fails with CountMismatch, since each gets at least one point. Empty geometries are passed through without points.\n\n" +
      "The same `seed` gives the same points every time (our own generator, SplitMix32, in the order of the geometries); without one, each run draws others. The number of points is checked against the run's budget before drawing.",
    categories: ["cubes", "vector"],
    experimental: true,
    parameters: [
      { name: "data", description: "The vector data cube whose geometries to sample.", schema: VECTOR_CUBE },
      { name: "geometry_count", description: "The most points per geometry; null (the default) for no limit per geometry.", schema: COUNT_SCHEMA, default: null, optional: true },
      { name: "total_count", description: "The most points overall, shared out among the geometries; null (the default) for no overall limit. Must not be below the number of non-empty geometries.", schema: COUNT_SCHEMA, default: null, optional: true },
      {
        name: "group",
        description: "true (the default): one MultiPoint per geometry, keeping its id, properties and values. false: a Point per sample without id, with its geometry's properties and values.",
        schema: { type: "boolean" },
        default: true,
        optional: true,
      },
      { name: "seed", description: "Any integer, for the same points every time; null (the default) draws different points each run.", schema: { type: ["integer", "null"] }, default: null, optional: true },
    ],
    returns: { description: "The vector data cube of the drawn points.", schema: POINTS_CUBE },
    exceptions: { CountMismatch: { message: "The total number of points is lower than the number of geometries." } },
  },
  run: (args, ctx) => {
    const cube = vectorCubeArgument(args.data, "vector_to_random_points");
    const [geometryCount, totalCount] = [(args.geometry_count ?? null) as number | null, (args.total_count ?? null) as number | null];
    const parts = cube.geometries.map((f) => partsOf(f.geometry));
    const filled = parts.flatMap((p, g) => (vertexCount(p) ? [g] : []));
    if (totalCount !== null && totalCount < filled.length) {
      throw OpenEOError.processException("CountMismatch", `vector_to_random_points: total_count ${totalCount} is lower than the number of geometries (${filled.length} not empty), each of which gets at least one point.`);
    }
    const perGeometry = counts(filled.length, geometryCount, totalCount);
    // Points can be drawn once each: a point geometry gives no more than it has.
    const wanted = filled.map((g, i) => (parts[g]!.polygons.length || parts[g]!.lines.length ? perGeometry[i]! : Math.min(perGeometry[i]!, parts[g]!.points.length)));
    const budget = budgetOf(ctx);
    budget.reserveElements(2 * wanted.reduce((n, c) => n + c, 0), "the drawn points");
    budget.spend(
      filled.reduce((n, g, i) => n + randomPointsCost(parts[g]!, wanted[i]!), 0),
      "drawing random points",
    );
    const seed = args.seed ?? null;
    const random = seededRandom(seed === null ? Math.floor(Math.random() * 2 ** 32) : (seed as number));
    const points = parts.map(() => null as ReturnType<typeof randomPoints> | null);
    filled.forEach((g, i) => (points[g] = randomPoints(parts[g]!, wanted[i]!, random)));
    return sampledCube(cube, points, args.group !== false, ctx);
  },
};

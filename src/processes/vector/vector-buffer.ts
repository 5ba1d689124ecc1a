import { budgetOf } from "../../budget";
import { buffer, bufferEdgeCount, CIRCLE_SEGMENTS } from "../../cube/geometry/buffer";
import { EDGE_COST, partsOf } from "../../cube/geometry/planar";
import type { VectorCube } from "../../cube/vector";
import { OpenEOError } from "../../errors";
import type { ProcessImplementation } from "../types";
import { VECTOR_CUBE } from "../cubes/schemas";
import { requireMetres, vectorCubeArgument } from "./vector-cube";

export const vectorBuffer: ProcessImplementation = {
  spec: {
    id: "vector_buffer",
    summary: "Grow or shrink geometries by a distance",
    description:
      `Replaces every geometry of a vector data cube by its buffer, computed in the plane of the cube's CRS: with a positive distance, every point at most that far from the geometry (points become disks, lines strips with round ends, polygons grow with round corners); with a negative distance, what remains of a polygon after taking away everything that close to its outline (points and lines vanish). Round parts are drawn with ${CIRCLE_SEGMENTS} edges per full circle, their corners on the true circle. The results are Polygons, or MultiPolygons where parts stay apart; a geometry shrunk away, and an empty one, becomes an empty geometry. Values, ids and properties stay.\n\n` +
      "The distance is in metres, so the CRS must be in metres (such as a UTM zone or Web Mercator, whose metres are true only at the equator); geometries in degrees (load_geojson's WGS 84) are refused with UnitMismatch, naming the UTM zone to reproject them to with vector_reproject.",
    categories: ["vector"],
    experimental: true,
    parameters: [
      { name: "geometries", description: "The vector data cube whose geometries to buffer; its values, ids and properties are kept.", schema: VECTOR_CUBE },
      {
        name: "distance",
        description: "How far to buffer, in metres (the CRS's units): positive grows the geometries, negative shrinks polygons.",
        schema: { type: "number", not: { const: 0 } },
      },
    ],
    returns: { description: "The vector data cube with the buffers as its geometries (empty ones where nothing remains).", schema: VECTOR_CUBE },
    exceptions: { UnitMismatch: { message: "The unit of the spatial reference system is not meters, but the given distance is in meters." } },
  },
  run: (args, ctx) => {
    const cube = vectorCubeArgument(args.geometries, "vector_buffer", "geometries");
    requireMetres(cube, "vector_buffer");
    const distance = args.distance as number;
    // Validation refuses a literal 0; another node's result arrives unchecked.
    if (distance === 0 || !Number.isFinite(distance)) throw new OpenEOError("ProcessParameterInvalid", { process: "vector_buffer", parameter: "distance", reason: "the distance must be a number other than 0" });
    const budget = budgetOf(ctx);
    // Every edge is cut against its neighbours and walked: the work and the memory grow with the edges.
    const edges = cube.geometries.reduce((n, f) => n + bufferEdgeCount(partsOf(f.geometry)), 0);
    budget.reserveElements(8 * edges, "the buffers' edges");
    budget.spend(EDGE_COST * edges, "buffering the geometries");
    const geometries = cube.geometries.map((f) => ({ ...f, geometry: buffer(f.geometry, distance, budget) }));
    return { ...cube, geometries } satisfies VectorCube;
  },
};

import { budgetOf } from "../../budget";
import { projectGeometry, type Feature } from "../../cube/geojson";
import { mergeParts, vertexCount } from "../../cube/geometry/planar";
import { Relater, type Relation } from "../../cube/geometry/relate";
import { OpenEOError } from "../../errors";
import type { ProcessImplementation } from "../types";
import { VECTOR_CUBE } from "../cubes/schemas";
import { partsAndTolerance, vectorCubeArgument, withRows } from "./vector-cube";

const RELATIONS: Relation[] = ["intersects", "disjoint", "equals", "touches", "crosses", "overlaps", "contains", "within"];

export const filterVector: ProcessImplementation = {
  spec: {
    id: "filter_vector",
    summary: "Keep the geometries of a vector cube that relate to others",
    description:
      "Keeps the geometries of the vector data cube `data` (the candidates), with their values, for which `candidate <relation> base` holds, where the base is the union of all geometries of `geometries`: with `within`, the candidates that lie within the base; with `contains`, those that contain it. The relations are those of the OGC Simple Features standard, decided exactly (up to a billionth of the geometries' extent) from their DE-9IM matrix for points, lines and polygons in any mix, multi-part geometries and holes included:\n\n" +
      "- `intersects`: they share a point; `disjoint`: they share none.\n- `equals`: the same point set (vertices may differ).\n- `touches`: they meet only on their boundaries.\n- `crosses`: their interiors meet in a set of lower dimension than the larger of the two, and neither contains the other (a line through a polygon, two lines crossing at a point).\n- `overlaps`: of the same dimension, their interiors meet in that dimension and neither contains the other.\n- `contains` / `within`: one lies in the other and their interiors meet.\n\n" +
      "The base geometries are transformed to the CRS of `data` first, and the tests are planar in it. Empty candidates are removed; the other dimensions stay as they are. At least one base geometry must not be empty.",
    categories: ["cubes", "filter", "vector"],
    experimental: true,
    parameters: [
      { name: "data", description: "The vector data cube whose geometries are the candidates to keep or drop.", schema: VECTOR_CUBE },
      { name: "geometries", description: "A vector data cube whose geometries, taken together as one, are the base the candidates are compared with.", schema: VECTOR_CUBE },
      {
        name: "relation",
        description: "The relation a candidate must have to the base to be kept (`candidate <relation> base`); `intersects` by default.",
        schema: { type: "string", enum: RELATIONS },
        optional: true,
        default: "intersects",
      },
    ],
    returns: { description: "The vector data cube with only the geometries (and their values) that have the relation.", schema: VECTOR_CUBE },
    links: [
      { href: "https://openeo.org/documentation/1.0/datacubes.html#filter", rel: "about", title: "Filtering data cubes (openEO documentation)" },
      { href: "http://www.opengeospatial.org/standards/sfa", rel: "about", title: "OGC Simple Features (the spatial relations)" },
    ],
  },
  run: (args, ctx) => {
    const cube = vectorCubeArgument(args.data, "filter_vector");
    const baseCube = vectorCubeArgument(args.geometries, "filter_vector", "geometries");
    const relation = (args.relation ?? "intersects") as Relation;
    const base: Feature[] = baseCube.geometries.flatMap((f) => (f.geometry ? [{ ...f, geometry: projectGeometry(f.geometry, baseCube.crs, cube.crs) }] : []));
    const { parts, tolerance } = partsAndTolerance([...cube.geometries, ...base]);
    const baseParts = mergeParts(parts.slice(cube.geometries.length));
    if (vertexCount(baseParts) === 0) throw new OpenEOError("ProcessParameterInvalid", { process: "filter_vector", parameter: "geometries", reason: "all geometries are empty" });
    const budget = budgetOf(ctx);
    // Each candidate's edges are cut against the base's near it (charged as it goes): here their reading.
    budget.spend(parts.reduce((n, p) => n + vertexCount(p), 0), "relating the geometries");
    const relater = new Relater(baseParts, tolerance);
    const rows = cube.geometries.flatMap((_, g) => (relater.holds(relation, parts[g]!, budget) ? [g] : []));
    return withRows(
      cube,
      rows.map((g) => cube.geometries[g]!),
      rows,
      ctx,
    );
  },
};

import { budgetOf } from "../../budget";
import { MAX_PIECES, projectGeometry } from "../../cube/geojson";
import { partsOf, vertexCount } from "../../cube/geometry/planar";
import { crsOf } from "../../cube/parameters";
import { GEOMETRY_DIMENSION, type VectorCube } from "../../cube/vector";
import { OpenEOError } from "../../errors";
import type { ProcessImplementation } from "../types";
import { VECTOR_CUBE } from "../cubes/schemas";
import { vectorCubeArgument } from "./vector-cube";

export const vectorReproject: ProcessImplementation = {
  spec: {
    id: "vector_reproject",
    summary: "Change the CRS of a vector cube's geometries",
    description:
      "Transforms the positions of every geometry of a vector data cube into another coordinate reference system. Edges, straight in the old CRS, are curved in the new one: long edges get extra vertices on the way (every 0.05° or 5 km of the old CRS, at most 100 per edge), so that the outline follows the curve. Positions that can't be transformed (outside the new projection's domain) are dropped. Values, properties and the other dimensions stay as they are.\n\n" +
      "The CRS is an EPSG code or a WKT2 definition with its EPSG `ID`; WGS 84, Web Mercator and the UTM zones are among those supported. GeoJSON and CSV always write WGS 84 longitude and latitude, whatever the cube's CRS.",
    categories: ["cubes", "reproject", "vector"],
    experimental: true,
    parameters: [
      { name: "data", description: "The vector data cube.", schema: VECTOR_CUBE },
      {
        name: "projection",
        description: "The CRS to transform to: an EPSG code, or a WKT2 definition with its EPSG ID.",
        schema: [
          { title: "EPSG Code", type: "integer", subtype: "epsg-code", minimum: 1000, examples: [3857] },
          { title: "WKT2", type: "string", subtype: "wkt2-definition" },
        ],
      },
      {
        name: "dimension",
        description: "The geometry dimension to transform, `geometry` (the only one a vector cube has here); null (the default) transforms all.",
        schema: { type: ["string", "null"] },
        default: null,
        optional: true,
      },
    ],
    returns: { description: "The vector data cube with its geometries in the new CRS.", schema: VECTOR_CUBE },
    exceptions: { DimensionNotAvailable: { message: "A dimension with the specified name does not exist." } },
    links: [
      { href: "https://openeo.org/documentation/1.0/datacubes.html#resample", rel: "about", title: "Resampling and reprojecting (openEO documentation)" },
      { href: "https://spatialreference.org/ref/epsg", rel: "about", title: "The EPSG registry of coordinate reference systems" },
    ],
  },
  run: (args, ctx) => {
    const cube = vectorCubeArgument(args.data, "vector_reproject");
    const dimension = (args.dimension ?? null) as string | null;
    if (dimension !== null && dimension !== GEOMETRY_DIMENSION) {
      throw OpenEOError.processException("DimensionNotAvailable", `vector_reproject: the vector data cube has no geometry dimension '${dimension}'; its geometries are in '${GEOMETRY_DIMENSION}'.`);
    }
    const crs = crsOf(args.projection, "vector_reproject", "projection");
    const vertices = cube.geometries.reduce((n, f) => n + vertexCount(partsOf(f.geometry)), 0);
    const budget = budgetOf(ctx);
    budget.reserveElements(2 * vertices * MAX_PIECES, "the reprojected geometries");
    budget.spend(vertices * MAX_PIECES, "reprojecting the geometries");
    const geometries = cube.geometries.map((f) => (f.geometry ? { ...f, geometry: projectGeometry(f.geometry, cube.crs, crs) } : f));
    return { ...cube, crs, geometries } satisfies VectorCube;
  },
};

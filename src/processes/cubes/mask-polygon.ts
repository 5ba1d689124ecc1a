import { dataAccess } from "../../cube/context";
import { geometriesArgument, projectGeometry, type Geometry } from "../../cube/geojson";
import { materialize } from "../../cube/materialize";
import { cubeArgument } from "../../cube/parameters";
import { coverage } from "../../cube/rasterize";
import { OpenEOError } from "../../errors";
import type { ProcessImplementation } from "../types";
import { replacementValue } from "./mask";
import { DEPRECATED_GEOJSON, RASTER_CUBE } from "./schemas";

/** The non-empty polygons of the mask argument; any other geometry type is refused. */
function polygons(value: unknown): { crs: string; geometries: Geometry[] } {
  const { crs, features } = geometriesArgument(value, "mask_polygon", "mask");
  const geometries = features.flatMap((f) => (f.geometry ? [f.geometry] : []));
  for (const g of geometries) {
    if (g.type !== "Polygon" && g.type !== "MultiPolygon") throw new OpenEOError("ProcessParameterInvalid", { process: "mask_polygon", parameter: "mask", reason: `only polygons can mask, not a ${g.type}` });
  }
  return { crs, geometries };
}

export const maskPolygon: ProcessImplementation = {
  spec: {
    id: "mask_polygon",
    summary: "Mask a cube with polygons",
    description:
      "Replaces the values of the pixels whose centre lies outside every polygon (or, with `inside` set to true, inside any polygon). A centre on a polygon's edge counts as inside; holes are outside. The replacement is `replacement`, no-data by default; no-data pixels stay no-data. The extent of the cube doesn't change (filter_spatial also cuts it).\n\nThe polygons are GeoJSON (a Polygon or MultiPolygon, a Feature with one, or a FeatureCollection of such Features; longitude and latitude in WGS 84) or a vector data cube of polygons; empty geometries are ignored, GeometryCollections are not supported. They are reprojected to the cube's CRS, their edges densified on the way. Reads the cube if it was not read yet.",
    categories: ["cubes", "masks"],
    parameters: [
      { name: "data", description: "The raster data cube to mask.", schema: RASTER_CUBE },
      {
        name: "mask",
        description: "The polygons: GeoJSON (Polygon, MultiPolygon, or Features of them) or a vector data cube of polygons.",
        schema: [
          { title: "Vector data cube", type: "object", subtype: "datacube", dimensions: [{ type: "geometry", geometry_type: ["Polygon", "MultiPolygon"] }] },
          DEPRECATED_GEOJSON,
        ],
      },
      {
        name: "replacement",
        description: "The value masked pixels get; null (the default) makes them no-data. Booleans are stored as 1 and 0; text is not supported.",
        schema: [{ type: "number" }, { type: "boolean" }, { type: "string" }, { type: "null" }],
        default: null,
        optional: true,
      },
      { name: "inside", description: "false (the default): replace the pixels outside the polygons; true: those inside.", schema: { type: "boolean" }, default: false, optional: true },
    ],
    returns: { description: "The data cube with the masked pixels replaced; its dimensions, labels and extent are those of `data`.", schema: RASTER_CUBE },
    links: [{ href: "http://www.opengeospatial.org/standards/sfa", rel: "about", title: "OGC Simple Features (what intersecting a polygon means)" }],
  },
  run: async (args, ctx) => {
    const { crs, geometries } = polygons(args.mask);
    const replacement = replacementValue(args.replacement, "mask_polygon");
    const cube = await materialize(cubeArgument(args.data, "mask_polygon"), dataAccess(ctx));
    const covered = coverage(geometries.map((g) => projectGeometry(g, crs, cube.grid.crs)), cube.grid);
    const replaced = args.inside === true ? 1 : 0;
    const planes = cube.planes.map((plane) => {
      const out = Float32Array.from(plane);
      for (let i = 0; i < out.length; i++) if (covered[i] === replaced && !Number.isNaN(out[i]!)) out[i] = replacement;
      return out;
    });
    return { ...cube, planes };
  },
};

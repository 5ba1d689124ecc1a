import { dataAccess } from "../../cube/context";
import { filterSpatial } from "../../cube/filters";
import { geometriesArgument, geometriesBBox, geometriesExtent, projectGeometry } from "../../cube/geojson";
import { materialize } from "../../cube/materialize";
import { cubeArgument } from "../../cube/parameters";
import { coverage } from "../../cube/rasterize";
import type { RasterCube } from "../../cube/types";
import { OpenEOError } from "../../errors";
import type { BBox, Grid } from "../../raster/grid";
import type { ProcessImplementation } from "../types";
import { DEPRECATED_GEOJSON, RASTER_CUBE, VECTOR_CUBE } from "./schemas";

/** A range of pixels [c0, c1) x [r0, r1); empty when c0 >= c1 or r0 >= r1. */
type Window = [number, number, number, number];

// A pixel centre a rounding error outside the box counts as on its edge (as filter_bbox does).
const EDGE = 1e-9;

/** The pixels whose centre lies in `box` (in the grid's CRS; edges included). */
function centresIn(box: BBox, grid: Grid): Window {
  const [minX, minY, maxX, maxY] = grid.bbox;
  const px = (maxX - minX) / grid.width;
  const py = (maxY - minY) / grid.height;
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  return [
    clamp(Math.ceil((box[0] - minX) / px - 0.5 - EDGE), grid.width),
    clamp(Math.floor((box[2] - minX) / px - 0.5 + EDGE) + 1, grid.width),
    clamp(Math.ceil((maxY - box[3]) / py - 0.5 - EDGE), grid.height),
    clamp(Math.floor((maxY - box[1]) / py - 0.5 + EDGE) + 1, grid.height),
  ];
}

/** The window grown to hold every covered pixel (points and lines may cover pixels whose centre is outside their box). */
function withCovered(window: Window, covered: Uint8Array, width: number): Window {
  let [c0, c1, r0, r1] = window[0] < window[1] && window[2] < window[3] ? window : [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < covered.length; i++) {
    if (!covered[i]) continue;
    const [col, row] = [i % width, Math.floor(i / width)];
    [c0, c1, r0, r1] = [Math.min(c0, col), Math.max(c1, col + 1), Math.min(r0, row), Math.max(r1, row + 1)];
  }
  return c0 < c1 ? [c0, c1, r0, r1] : [0, 0, 0, 0];
}

/** The pixels of the window, cut out (through filterSpatial, with a box whose edges are the window's pixel edges). */
function cut(cube: RasterCube, [c0, c1, r0, r1]: Window): RasterCube {
  const [minX, minY, maxX, maxY] = cube.grid.bbox;
  const px = (maxX - minX) / cube.grid.width;
  const py = (maxY - minY) / cube.grid.height;
  const box: BBox = [minX + c0 * px, maxY - r1 * py, minX + c1 * px, maxY - r0 * py];
  return filterSpatial(cube, { bbox: box, crs: cube.grid.crs }) as RasterCube;
}

export const filterSpatialProcess: ProcessImplementation = {
  spec: {
    id: "filter_spatial",
    summary: "Limit a cube to geometries",
    description:
      "Cuts a raster data cube down to the bounding box of the geometries (the pixels whose centre lies in it) and makes every pixel no geometry covers no-data. Polygons cover the pixels whose centre lies inside or on their edge (holes excluded), points the pixel they fall in (the closest centre), lines every pixel they cross (whose centre is closest to some point of the line). mask_polygon masks without cutting.\n\nThe geometries are GeoJSON (a geometry, a Feature or a FeatureCollection; longitude and latitude in WGS 84) or a vector data cube; empty geometries are ignored, and at least one must not be empty. GeometryCollections are not supported. They are reprojected to the cube's CRS, their edges densified on the way. On a cube not read yet, the bounding box narrows what is read first.",
    categories: ["cubes", "filter"],
    parameters: [
      { name: "data", description: "The raster data cube.", schema: RASTER_CUBE },
      {
        name: "geometries",
        description: "The geometries to keep: GeoJSON or a vector data cube.",
        schema: [VECTOR_CUBE, DEPRECATED_GEOJSON],
      },
    ],
    returns: { description: "The data cube cut to the geometries' bounding box, no-data outside the geometries; other dimensions are unchanged.", schema: RASTER_CUBE },
    links: [
      { href: "https://openeo.org/documentation/1.0/datacubes.html#filter", rel: "about", title: "Filtering data cubes (openEO documentation)" },
      { href: "http://www.opengeospatial.org/standards/sfa", rel: "about", title: "OGC Simple Features (what intersecting a geometry means)" },
    ],
  },
  run: async (args, ctx) => {
    const input = cubeArgument(args.data, "filter_spatial");
    const { crs, features } = geometriesArgument(args.geometries, "filter_spatial", "geometries");
    const geometries = features.flatMap((f) => (f.geometry ? [f.geometry] : []));
    const extent = geometriesExtent(geometries, crs);
    if (!extent) throw new OpenEOError("ProcessParameterInvalid", { process: "filter_spatial", parameter: "geometries", reason: "all geometries are empty" });
    const cube = await materialize(input.kind === "lazy" ? filterSpatial(input, extent) : input, dataAccess(ctx));
    const projected = geometries.map((g) => projectGeometry(g, crs, cube.grid.crs));
    const covered = coverage(projected, cube.grid);
    const box = geometriesBBox(projected);
    const window = withCovered(box ? centresIn(box, cube.grid) : [0, 0, 0, 0], covered, cube.grid.width);
    const planes = cube.planes.map((plane) => plane.map((v, i) => (covered[i] ? v : NaN)));
    return cut({ ...cube, planes }, window);
  },
};

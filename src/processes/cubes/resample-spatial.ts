import { dataAccess } from "../../cube/context";
import { materialize } from "../../cube/materialize";
import { cubeArgument, crsOf } from "../../cube/parameters";
import { DEFAULT_MAX_CUBE_BYTES } from "../../cube/plan";
import { readableMethod, resampleLazy, warpCube } from "../../cube/resample";
import { resampledGrid } from "../../cube/target-grid";
import type { SpatialAlign } from "../../cube/types";
import type { ProcessImplementation } from "../types";
import { METHOD_PARAMETER, warpMethod } from "./resample-method";
import { RASTER_CUBE } from "./schemas";

const ALIGNS = ["lower-left", "upper-left", "lower-right", "upper-right"];

export const resampleSpatial: ProcessImplementation = {
  spec: {
    id: "resample_spatial",
    summary: "Change a cube's pixel size or projection",
    description:
      "Puts the data cube on a new grid: pixels of another size (`resolution`), in another coordinate reference system (`projection`), or both. The new grid starts at the `align` corner of the cube's extent (reprojected when the projection changes) and covers the whole extent, so the opposite edges may reach a little further. With neither a resolution nor a projection the cube is returned unchanged.\n\n" +
      "On a cube not read yet, `near` and `bilinear` are pushed down to the read: the data is read once, straight from the files onto the new grid (using the files' overviews when the pixels get coarser), and no native-resolution copy is made. Every other method, and a resolution that keeps one axis (`[0, r]`), reads the cube first and then resamples it in memory. A projection is given as an EPSG code or as WKT2 with its EPSG `ID`; the UTM zones, WGS 84 and Web Mercator are among the supported ones. When the projection changes and no resolution is given, the pixel size is chosen so that the diagonal of the extent holds as many pixels as before (as gdalwarp does).",
    categories: ["cubes", "reproject"],
    parameters: [
      { name: "data", description: "The raster data cube to resample.", schema: RASTER_CUBE },
      {
        name: "resolution",
        description: "The new pixel size in units of the target projection: one number for both axes, or [x, y]. 0 (the default, or per axis) keeps the current size, or in a new projection takes the suggested size.",
        schema: [
          { description: "The pixel size along both x and y.", type: "number", minimum: 0 },
          { description: "The pixel sizes along x and along y.", type: "array", minItems: 2, maxItems: 2, items: { type: "number", minimum: 0 } },
        ],
        default: 0,
        optional: true,
      },
      {
        name: "projection",
        description: "The coordinate reference system to warp to, as an EPSG code or a WKT2 definition; null (the default) keeps the current one.",
        schema: [
          { title: "EPSG Code", type: "integer", subtype: "epsg-code", minimum: 1000, examples: [3857] },
          { title: "WKT2", type: "string", subtype: "wkt2-definition" },
          { title: "Keep the projection", type: "null" },
        ],
        default: null,
        optional: true,
      },
      METHOD_PARAMETER,
      {
        name: "align",
        description: "The corner of the cube's extent where the new grid starts: its first pixel has that corner; the default is the upper left.",
        schema: { type: "string", enum: ALIGNS },
        default: "upper-left",
        optional: true,
      },
    ],
    returns: {
      description: "The data cube on the new grid: x and y keep their names but get new coordinates (and possibly reference system and pixel size); all other dimensions are unchanged.",
      schema: RASTER_CUBE,
    },
  },
  run: async (args, ctx) => {
    const cube = cubeArgument(args.data, "resample_spatial");
    const resolution: [number, number] = Array.isArray(args.resolution) ? [args.resolution[0] as number, args.resolution[1] as number] : [args.resolution as number, args.resolution as number];
    const crs = args.projection === null ? null : crsOf(args.projection, "resample_spatial", "projection");
    const align = args.align as SpatialAlign;
    const method = warpMethod(args.method);
    if (crs === null && resolution[0] === 0 && resolution[1] === 0) return cube;
    if (cube.kind === "lazy" && readableMethod(method) && (resolution[0] === 0) === (resolution[1] === 0)) return resampleLazy(cube, { crs, resolution, align, method });
    const data = dataAccess(ctx);
    const raster = await materialize(cube, data);
    return warpCube(raster, resampledGrid(raster.grid, crs ?? raster.grid.crs, resolution, align), method, data.maxBytes ?? DEFAULT_MAX_CUBE_BYTES);
  },
};

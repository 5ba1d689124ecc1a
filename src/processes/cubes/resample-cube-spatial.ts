import { dataAccess, type DataAccess } from "../../cube/context";
import { materialize } from "../../cube/materialize";
import { cubeArgument } from "../../cube/parameters";
import { DEFAULT_MAX_CUBE_BYTES, planRead } from "../../cube/plan";
import { readableMethod, readOnto, warpCube } from "../../cube/resample";
import type { DataCube, LazyCube, SpatialExtent } from "../../cube/types";
import { transformBBox } from "../../raster/crs";
import type { Grid } from "../../raster/grid";
import type { ProcessImplementation } from "../types";
import { METHOD_PARAMETER, warpMethod } from "./resample-method";
import { RASTER_CUBE } from "./schemas";

// A grid edge a rounding error outside an extent still counts as inside.
const TOLERANCE = 1e-9;

/** The grid of a cube: a read cube's own, or the one a lazy cube would be read onto (item metadata only). */
async function gridOf(cube: DataCube, data: DataAccess): Promise<Grid> {
  return cube.kind === "raster" ? cube.grid : (await planRead(cube, data)).grid;
}

function covers(extent: SpatialExtent, grid: Grid): boolean {
  const [w, s, e, n] = transformBBox(grid.bbox, grid.crs, extent.crs);
  const [cw, cs, ce, cn] = extent.bbox;
  const slack = TOLERANCE * Math.max(Math.abs(ce - cw), Math.abs(cn - cs));
  return w >= cw - slack && s >= cs - slack && e <= ce + slack && n <= cn + slack;
}

/**
 * Whether reading `cube` straight onto `grid` gives what reading it first and then warping would:
 * when the grid lies within the cube's extent (else the warp leaves no-data outside that extent,
 * which a read onto the grid would fill).
 */
async function readableOnto(cube: LazyCube, grid: Grid, data: DataAccess): Promise<boolean> {
  if (!cube.spatial || covers(cube.spatial, grid)) return true;
  const own = await gridOf(cube, data);
  return covers({ bbox: own.bbox, crs: own.crs }, grid);
}

export const resampleCubeSpatial: ProcessImplementation = {
  spec: {
    id: "resample_cube_spatial",
    summary: "Put a cube on the grid of another cube",
    description:
      "Resamples the x and y dimensions of `data` onto the grid of `target`: its coordinate reference system, pixel size and extent, pixel for pixel, so that the two cubes can then be merged or compared. Pixels of the target grid outside the data are no-data. Only the spatial grid of `target` is used; its other dimensions and its values don't matter.\n\n" +
      "When `data` is not read yet and the method is `near` or `bilinear`, it is read straight from the files onto the target grid (pushed down into the read), as long as the target grid lies within the data's spatial extent; otherwise `data` is read first and then resampled in memory. A target that is not read yet is never read: its grid follows from its item metadata.",
    categories: ["cubes", "reproject"],
    parameters: [
      { name: "data", description: "The raster data cube to resample.", schema: RASTER_CUBE },
      { name: "target", description: "The raster data cube whose spatial grid the data takes.", schema: RASTER_CUBE },
      METHOD_PARAMETER,
    ],
    returns: {
      description: "The data on the target's grid: x and y have the target's coordinates, reference system and pixel size; every other dimension, and all labels of the data's other dimensions, are unchanged.",
      schema: RASTER_CUBE,
    },
  },
  run: async (args, ctx) => {
    const cube = cubeArgument(args.data, "resample_cube_spatial");
    const target = cubeArgument(args.target, "resample_cube_spatial", "target");
    const method = warpMethod(args.method);
    const data = dataAccess(ctx);
    const grid = await gridOf(target, data);
    if (cube.kind === "lazy" && readableMethod(method) && (await readableOnto(cube, grid, data))) return readOnto(cube, grid, method);
    return warpCube(await materialize(cube, data), grid, method, data.maxBytes ?? DEFAULT_MAX_CUBE_BYTES);
  },
};

import { dataAccess } from "../../cube/context";
import { labelValues } from "../../cube/dimensions";
import { materialize } from "../../cube/materialize";

import { cubeArgument } from "../../cube/parameters";
import type { LabelDimension, RasterCube } from "../../cube/types";
import { OpenEOError } from "../../errors";
import { resample } from "../../raster/resample";
import { sourcePixelCoordinates } from "../../raster/transform";
import type { ProcessImplementation } from "../types";
import { RASTER_CUBE } from "./schemas";
import { sameGrid } from "../../raster/grid";

/** The cell value of a `replacement` argument (mask and mask_polygon): null is no-data, booleans 1/0. */
export function replacementValue(value: unknown, process: string, parameter = "replacement"): number {
  if (value === null || value === undefined) return NaN;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return value;
  throw new OpenEOError("ProcessParameterInvalid", { process, parameter, reason: "cells hold numbers: a text replacement is not supported" });
}

function incompatible(reason: string): OpenEOError {
  return OpenEOError.processException("IncompatibleDataCubes", `The mask doesn't fit the data cube: ${reason}.`);
}

/** The mask's planes on the data's grid: as they are on the same grid, else the nearest mask pixel per data pixel centre. */
function alignedPlanes(mask: RasterCube, data: RasterCube): Float32Array[] {
  if (sameGrid(mask.grid, data.grid)) return mask.planes;
  const coords = sourcePixelCoordinates(data.grid, mask.grid);
  const { width, height } = mask.grid;
  return mask.planes.map((plane) => {
    const out = new Float32Array(data.grid.width * data.grid.height);
    resample({ data: plane, width, height, x0: 0, y0: 0, nodata: null }, coords, "nearest", out, NaN);
    return out;
  });
}

function sameLabels(a: LabelDimension, b: LabelDimension): boolean {
  const [x, y] = [labelValues(a), labelValues(b)];
  const same = a.type === "temporal" ? (u: unknown, v: unknown) => Date.parse(String(u)) === Date.parse(String(v)) : (u: unknown, v: unknown) => u === v;
  return x.length === y.length && x.every((label, i) => same(label, y[i]));
}

/** For each data plane, the index of the mask plane that applies to it (the mask may lack dimensions of the data). */
function maskPlaneIndices(data: RasterCube, mask: RasterCube): number[] {
  const positions = mask.dims.map((dim) => {
    const index = data.dims.findIndex((d) => d.name === dim.name);
    const own = data.dims[index];
    if (!own) throw incompatible(`the data cube has no dimension '${dim.name}'`);
    if (own.type !== dim.type) throw incompatible(`dimension '${dim.name}' is of type ${dim.type} in the mask but ${own.type} in the data cube`);
    if (!sameLabels(own, dim)) throw incompatible(`the labels of dimension '${dim.name}' differ`);
    return index;
  });
  return data.planes.map((_, plane) => {
    // The label index along each data dimension: planes are row-major, the last dimension fastest.
    const at: number[] = new Array(data.dims.length);
    let rest = plane;
    for (let d = data.dims.length - 1; d >= 0; d--) {
      const n = data.dims[d]!.labels.length;
      at[d] = rest % n;
      rest = Math.floor(rest / n);
    }
    return positions.reduce((index, d, k) => index * mask.dims[k]!.labels.length + at[d]!, 0);
  });
}

export const mask: ProcessImplementation = {
  spec: {
    id: "mask",
    summary: "Mask a cube with another cube",
    description:
      "Replaces the values of `data` wherever the corresponding pixel of `mask` is non-zero (or true); pixels where the mask is zero, false or no-data keep their value. The replacement is `replacement`, no-data by default; no-data pixels of `data` under a non-zero mask get the replacement too.\n\nA mask on another grid is aligned to the grid of `data` first, taking for every pixel centre of `data` the mask pixel it falls in (nearest neighbour, as resample_cube_spatial does by default); data pixels outside the mask are not replaced. Every other dimension of the mask must exist in `data` with the same type and labels; a dimension the mask lacks (such as `t` for a single mask for all dates) applies the mask to every label of it. Otherwise the process fails with `IncompatibleDataCubes`. Reads both cubes if they were not read yet.",
    categories: ["cubes", "masks"],
    parameters: [
      { name: "data", description: "The raster data cube to mask.", schema: RASTER_CUBE },
      { name: "mask", description: "The mask, a raster data cube: non-zero or true pixels are replaced in `data`.", schema: RASTER_CUBE },
      {
        name: "replacement",
        description: "The value masked pixels get; null (the default) makes them no-data. Booleans are stored as 1 and 0; text is not supported.",
        schema: { type: ["number", "boolean", "string", "null"] },
        default: null,
        optional: true,
      },
    ],
    returns: { description: "The data cube with the masked pixels replaced; its dimensions and labels are those of `data`.", schema: RASTER_CUBE },
    exceptions: { IncompatibleDataCubes: { message: "The data cube and the mask are incompatible, e.g. because of different dimensions or labels." } },
  },
  run: async (args, ctx) => {
    const access = dataAccess(ctx);
    const replacement = replacementValue(args.replacement, "mask");
    const data = await materialize(cubeArgument(args.data, "mask"), access);
    const maskCube = await materialize(cubeArgument(args.mask, "mask", "mask"), access);
    const masks = alignedPlanes(maskCube, data);
    const planes = maskPlaneIndices(data, maskCube).map((m, p) => {
      const [values, masking] = [data.planes[p]!, masks[m]!];
      const out = Float32Array.from(values);
      // NaN (no-data) in the mask is neither non-zero nor true: it masks nothing.
      for (let i = 0; i < out.length; i++) if (masking[i] !== 0 && !Number.isNaN(masking[i]!)) out[i] = replacement;
      return out;
    });
    return { ...data, planes };
  },
};

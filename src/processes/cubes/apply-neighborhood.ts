import { budgetOf } from "../../budget";
import { dataAccess } from "../../cube/context";
import { dimensionMissing, findDimension } from "../../cube/dimensions";
import { materialize, planCube } from "../../cube/materialize";
import { cubeArgument } from "../../cube/parameters";
import type { RasterCube } from "../../cube/types";
import { crsDefinition } from "../../raster/crs";
import { OpenEOError } from "../../errors";
import { pixelSize, sameGrid, subGrid, type Grid } from "../../raster/grid";
import { planRead } from "../../cube/plan";
import { windowPixels, type PixelBox } from "../../cube/target-grid";
import { literalArgs } from "../literal-args";
import { stripRefusal } from "../strip-refusal";
import type { Callback, ProcessImplementation } from "../types";

const SPATIAL_CUBE = { type: "object", subtype: "datacube", dimensions: [{ type: "spatial", axis: ["x", "y"] }] };

const DURATION = {
  type: "string",
  subtype: "duration",
  pattern: "^(-?)P(?=\\d|T\\d)(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)([DW]))?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:\\.\\d+)?)S)?)?$",
};
const UNIT = { default: null, anyOf: [{ title: "Default unit", type: "null" }, { title: "Specific unit", type: "string", enum: ["px", "m"] }] };
const chunkSizes = (nullTitle: string) => ({
  type: "array",
  items: {
    type: "object",
    subtype: "chunk-size",
    required: ["dimension", "value"],
    properties: {
      dimension: { type: "string" },
      value: { default: null, anyOf: [{ type: "null", title: nullTitle }, { type: "number", minimum: 0 }, DURATION] },
      unit: UNIT,
    },
  },
});

/** The largest neighbourhood side in pixels, so that one sub cube stays a sensible size. */
const MAX_SIDE = 4096;

const invalid = (parameter: string, reason: string) => new OpenEOError("ProcessParameterInvalid", { process: "apply_neighborhood", parameter, reason });

interface ChunkSize {
  dimension: string;
  value: number | string | null;
  unit?: "px" | "m" | null;
}

/** Pixels along x and y for `size` or `overlap`: px as given, m or no unit (the CRS's units: metres or degrees) by the pixel size. */
function spatialPixels(list: ChunkSize[] | null, cube: RasterCube, parameter: "size" | "overlap"): { x: number; y: number } {
  const pixels = { x: parameter === "size" ? cube.grid.width : 0, y: parameter === "size" ? cube.grid.height : 0 };
  const sizes = pixelSize(cube.grid);
  const geographic = crsDefinition(cube.grid.crs).geographic;
  for (const entry of list ?? []) {
    const ref = findDimension(cube, entry.dimension);
    if (!ref) throw dimensionMissing(entry.dimension);
    if (ref.kind === "labels") {
      // Other dimensions are handed whole: a size of all their labels (or more), no overlap.
      const all = ref.dim.labels.length;
      const whole = parameter === "size" ? entry.value === null || (typeof entry.value === "number" && entry.value >= all && entry.unit !== "m") : entry.value === null || entry.value === 0;
      if (!whole) throw invalid(parameter, `along '${entry.dimension}' only ${parameter === "size" ? "all labels (null)" : "no overlap (null or 0)"} is supported; neighbourhoods are spatial`);
      continue;
    }
    if (entry.value === null) continue;
    if (typeof entry.value !== "number") throw invalid(parameter, `'${entry.dimension}' is spatial: give a number of pixels or metres, not a duration`);
    if (entry.unit === "m" && geographic) throw invalid(parameter, `the cube's CRS ${cube.grid.crs} counts degrees: give '${entry.dimension}' in pixels (unit px) or degrees (no unit)`);
    const inUnits = entry.unit !== "px";
    const count = inUnits ? entry.value / sizes[ref.axis] : entry.value;
    const unit = entry.unit === "px" ? "px" : geographic ? "degrees" : "m";
    if (!Number.isInteger(Math.round(count * 1e6) / 1e6)) throw invalid(parameter, `${entry.value} ${unit} along '${entry.dimension}' is not a whole number of pixels`);
    pixels[ref.axis] = Math.round(count);
  }
  if (parameter === "size" && (pixels.x < 1 || pixels.y < 1)) throw invalid("size", "a neighbourhood must be at least one pixel wide and high");
  if (pixels.x > MAX_SIDE || pixels.y > MAX_SIDE) throw invalid(parameter, `at most ${MAX_SIDE} pixels along x and y`);
  return pixels;
}

/** The window [left, top, w, h] of the cube with `overlap` around it: no-data beyond the cube's edges. */
function neighbourhood(cube: RasterCube, left: number, top: number, w: number, h: number): RasterCube {
  const { width, height } = cube.grid;
  const planes = cube.planes.map((plane) => {
    const out = new Float32Array(w * h).fill(NaN);
    for (let row = 0; row < h; row++) {
      const y = top + row;
      if (y < 0 || y >= height) continue;
      for (let col = 0; col < w; col++) {
        const x = left + col;
        if (x >= 0 && x < width) out[row * w + col] = plane[y * width + x]!;
      }
    }
    return out;
  });
  return { ...cube, grid: subGrid(cube.grid, left, top, w, h), planes };
}

/** The process's answer: a data cube of the neighbourhood's grid, dimensions and labels. */
async function processed(answer: unknown, sub: RasterCube, ctx: Parameters<ProcessImplementation["run"]>[1]): Promise<RasterCube> {
  const result = await materialize(cubeArgument(answer, "apply_neighborhood"), dataAccess(ctx));
  const same =
    result.grid.width === sub.grid.width &&
    result.grid.height === sub.grid.height &&
    result.grid.crs === sub.grid.crs &&
    result.planes.length === sub.planes.length &&
    JSON.stringify(result.dims) === JSON.stringify(sub.dims);
  if (!same) throw OpenEOError.processException("DataCubePropertiesImmutable", "apply_neighborhood's process must answer a data cube with the neighbourhood's dimensions, labels, extent and resolution.");
  return result;
}

export const applyNeighborhood: ProcessImplementation = {
  spec: {
    id: "apply_neighborhood",
    summary: "Compute over neighbourhoods of pixels",
    description:
      "Cuts the cube into neighbourhoods of `size` pixels along x and y, from its top-left corner, and runs `process` on each, widened by `overlap` pixels on every side: a sub data cube with all labels of the other dimensions, no-data where it reaches beyond the cube (also where the last neighbourhoods pass its right or bottom edge; only the cube's own pixels are kept). What the process answers for the neighbourhood itself (not its overlap) goes into the result, which keeps the cube's dimensions and labels. The process must answer a cube of the same pixels, dimensions and labels (else DataCubePropertiesImmutable).\n\nSizes and overlaps are given per dimension: for x and y in pixels (`px`), metres (`m`) or, without a unit, the CRS's own units (metres, or degrees in a geographic CRS); whole pixels only; other dimensions are always handed whole (size null, or at least their number of labels; no overlap). Neighbourhoods of at most 4096 pixels a side; reads the cube if it was not read yet.",
    categories: ["cubes"],
    parameters: [
      { name: "data", description: "The raster data cube.", schema: SPATIAL_CUBE },
      {
        name: "process",
        description: "Computes a neighbourhood's new values from it and its overlap.",
        schema: {
          type: "object",
          subtype: "process-graph",
          parameters: [
            {
              name: "data",
              description: "The neighbourhood with its overlap, as a data cube (a one-dimensional one would be a labeled array; neighbourhoods here always keep x and y).",
              schema: [
                { title: "Multi-dimensional data", type: "object", subtype: "datacube", dimensions: [{ type: "spatial", axis: ["x", "y"] }] },
                { title: "One-dimensional data", type: "array", subtype: "labeled-array" },
              ],
            },
            { name: "context", description: "The `context` given to apply_neighborhood.", schema: { description: "Any data type." }, optional: true, default: null },
          ],
          returns: {
            description: "The new values: a data cube of the same dimensions, labels, extent and resolution.",
            schema: [
              { title: "Multi-dimensional data", type: "object", subtype: "datacube", dimensions: [{ type: "spatial", axis: ["x", "y"] }] },
              { title: "One-dimensional data", type: "array" },
            ],
          },
        },
      },
      { name: "size", description: "The neighbourhood's size per dimension: x and y in px or m; other dimensions whole.", schema: chunkSizes("All values") },
      {
        name: "overlap",
        description: "What is added before and after the neighbourhood per dimension (x and y in px or m); null (the default) for none.",
        schema: [{ title: "Without overlap", type: "null" }, { title: "With overlap", ...chunkSizes("No values") }],
        optional: true,
        default: null,
      },
      { name: "context", description: "Extra data handed to the process.", schema: { description: "Any data type." }, optional: true, default: null },
    ],
    returns: { description: "The data cube with the computed values; dimensions and labels as in `data`.", schema: SPATIAL_CUBE },
    exceptions: {
      DimensionNotAvailable: { message: "There is no dimension of this name." },
      DataCubePropertiesImmutable: { message: "The process changed the neighbourhood's dimensions, labels, extent or resolution." },
    },
  },
  // In a strip of a larger result it reads the rows of the neighbourhoods that reach the strip (and their overlap) itself.
  worksInStrips: () => true,
  // Strips of whole rows of neighbourhoods: each is computed once, and a strip reads its rows and the overlap.
  stripShape: (args, grid) => {
    const literal = literalArgs(args, ["size", "overlap"]);
    if (!literal) return undefined;
    const spatial = (list: unknown) => (Array.isArray(list) ? (list as ChunkSize[]).filter((entry) => entry.dimension === "x" || entry.dimension === "y") : null);
    const shape: RasterCube = { kind: "raster", grid, axes: { x: "x", y: "y" }, dims: [], planes: [] };
    try {
      const { size, overlap } = { size: spatialPixels(spatial(literal.size), shape, "size"), overlap: spatialPixels(spatial(literal.overlap), shape, "overlap") };
      // Beyond the cube's rows a neighbourhood and its overlap read nothing.
      return { rows: Math.min(size.y, grid.height), margin: Math.min(overlap.y, grid.height) };
    } catch {
      // What the run refuses, it refuses with its own message.
      return undefined;
    }
  },
  run: async (args, ctx) => {
    const data = dataAccess(ctx);
    const input = cubeArgument(args.data, "apply_neighborhood");
    if (!data.window) {
      const cube = await materialize(input, data);
      const area = { left: 0, top: 0, width: cube.grid.width, height: cube.grid.height };
      return applyOver(cube, { left: 0, top: 0 }, area, sizes(args, cube), args, ctx);
    }
    if (input.kind !== "lazy") throw refuse("its data must come straight from load_collection or load_stac to be read with the neighbourhoods' overlap");
    const plan = await planRead(input, { ...data, window: undefined });
    const whole = plan.grid;
    const shape = sizes(args, planCube(plan));
    const strip = pixelBox(whole, data.window);
    const { size, overlap } = shape;
    const left = Math.max(0, Math.floor(strip.left / size.x) * size.x - overlap.x);
    const top = Math.max(0, Math.floor(strip.top / size.y) * size.y - overlap.y);
    const right = Math.min(whole.width, Math.ceil((strip.left + strip.width) / size.x) * size.x + overlap.x);
    const bottom = Math.min(whole.height, Math.ceil((strip.top + strip.height) / size.y) * size.y + overlap.y);
    const read = subGrid(whole, left, top, right - left, bottom - top);
    const cube = await materialize(input, { ...data, window: read });
    if (!sameGrid(cube.grid, read)) throw refuse("the cube it reads is not on the result's grid");
    const area = { left: strip.left - left, top: strip.top - top, width: strip.width, height: strip.height };
    return applyOver(cube, { left, top }, area, shape, args, ctx);
  },
};

/** The neighbourhood's size and overlap along x and y in pixels. */
function sizes(args: Record<string, unknown>, cube: RasterCube): { size: { x: number; y: number }; overlap: { x: number; y: number } } {
  return { size: spatialPixels(args.size as ChunkSize[], cube, "size"), overlap: spatialPixels(args.overlap as ChunkSize[] | null, cube, "overlap") };
}

/** Where `window` lies in `grid`, in whole pixels. */
function pixelBox(grid: Grid, window: Grid): PixelBox {
  const box = windowPixels(grid, window);
  if (!box) throw refuse("its strip lies outside the result's grid");
  return box;
}

const refuse = (reason: string) => stripRefusal("apply_neighborhood", reason);

/**
 * The process over the neighbourhoods that reach `area` (pixels of `cube`), laid out from a corner
 * `origin` pixels up and left of the cube's (the whole result's top-left corner, when the cube is a
 * strip of it): the values of `area`, as a cube of its grid.
 */
async function applyOver(
  cube: RasterCube,
  origin: { left: number; top: number },
  area: { left: number; top: number; width: number; height: number },
  { size, overlap }: ReturnType<typeof sizes>,
  args: Record<string, unknown>,
  ctx: Parameters<ProcessImplementation["run"]>[1],
): Promise<RasterCube> {
  const [w, h] = [size.x + 2 * overlap.x, size.y + 2 * overlap.y];
  // Neighbourhood k along x starts at k * size.x from the origin: cube column k * size.x - origin.left.
  const [firstX, lastX] = [Math.floor((origin.left + area.left) / size.x), Math.ceil((origin.left + area.left + area.width) / size.x)];
  const [firstY, lastY] = [Math.floor((origin.top + area.top) / size.y), Math.ceil((origin.top + area.top + area.height) / size.y)];
  const budget = budgetOf(ctx);
  budget.reserve(area.width * area.height * cube.planes.length * 4, "apply_neighborhood's result");
  budget.reserve(w * h * cube.planes.length * 4, "a neighbourhood with its overlap");
  // Every neighbourhood is copied with its overlap: a small size with a wide overlap copies the cube many times over.
  const neighbourhoods = (lastX - firstX) * (lastY - firstY);
  budget.spend(neighbourhoods * w * h * cube.planes.length, () => `copying ${neighbourhoods} neighbourhoods of ${w} x ${h} px with their overlap`);
  const planes = cube.planes.map(() => new Float32Array(area.width * area.height));
  for (let ky = firstY; ky < lastY; ky++) {
    for (let kx = firstX; kx < lastX; kx++) {
      const [left, top] = [kx * size.x - origin.left, ky * size.y - origin.top];
      const sub = neighbourhood(cube, left - overlap.x, top - overlap.y, w, h);
      const result = await processed(await (args.process as Callback)({ data: sub, context: args.context ?? null }), sub, ctx);
      // The neighbourhood's own pixels that lie in the area.
      const [c0, c1] = [Math.max(left, area.left), Math.min(left + size.x, area.left + area.width, cube.grid.width)];
      const [r0, r1] = [Math.max(top, area.top), Math.min(top + size.y, area.top + area.height, cube.grid.height)];
      for (const [p, plane] of planes.entries()) {
        const values = result.planes[p]!;
        for (let row = r0; row < r1; row++) {
          const from = (overlap.y + row - top) * w + overlap.x + (c0 - left);
          plane.set(values.subarray(from, from + (c1 - c0)), (row - area.top) * area.width + (c0 - area.left));
        }
      }
    }
  }
  return { ...cube, grid: subGrid(cube.grid, area.left, area.top, area.width, area.height), planes };
}

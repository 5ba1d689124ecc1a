import { budgetOf, type WorkBudget } from "../../budget";
import { dataAccess } from "../../cube/context";
import { materialize } from "../../cube/materialize";
import { cubeArgument } from "../../cube/parameters";
import type { RasterCube } from "../../cube/types";
import { reduceLane, toCell, type Reducer } from "../../cube/pixels";
import { OpenEOError } from "../../errors";
import { pixelSize, subGrid, type Grid } from "../../raster/grid";
import { literalArgs } from "../literal-args";
import type { Callback, ProcessImplementation } from "../types";

const SPATIAL_CUBE = { type: "object", subtype: "datacube", dimensions: [{ type: "spatial", axis: ["x", "y"] }] };

/** The reducer over a window's values: a plain array (the definition's data has no labels), by columns where the engine can. */
function windowReducer(callback: Callback, context: unknown): Reducer {
  const reducer: Reducer = (values) => callback({ data: values, context });
  const { columns } = callback;
  if (columns) reducer.columns = (inputs, _labels, length) => columns({ data: { kind: "array", columns: inputs, labels: [] } }, { context }, length);
  return reducer;
}

/** Windows of more pixels than this are reduced one by one, not as columns (an array per pixel of the window). */
const MAX_COLUMNS = 4096;

interface Windows {
  x0: number;
  y0: number;
  sx: number;
  sy: number;
  ow: number;
  oh: number;
}

/** Large windows: each window's values as one array through the reducer (no-data as null). */
async function windowByWindow(cube: RasterCube, { x0, y0, sx, sy, ow, oh }: Windows, reducer: Reducer, budget: WorkBudget): Promise<Float32Array[]> {
  budget.reserveElements(sx * sy, "one window's values");
  budget.spend(cube.planes.length * ow * oh * sx * sy, "gathering the windows' values");
  const { width, height } = cube.grid;
  const values: (number | null)[] = new Array(sx * sy);
  const planes: Float32Array[] = [];
  for (const plane of cube.planes) {
    const out = new Float32Array(ow * oh);
    for (let j = 0; j < oh; j++) {
      for (let i = 0; i < ow; i++) {
        for (let dy = 0; dy < sy; dy++) {
          for (let dx = 0; dx < sx; dx++) {
            const [x, y] = [x0 + i * sx + dx, y0 + j * sy + dy];
            const v = x >= 0 && x < width && y >= 0 && y < height ? plane[y * width + x]! : NaN;
            values[dy * sx + dx] = Number.isNaN(v) ? null : v;
          }
        }
        out[j * ow + i] = toCell(await reducer([...values], []), "aggregate_spatial_window", "reducer", "a window's");
      }
    }
    planes.push(out);
  }
  return planes;
}

export const aggregateSpatialWindow: ProcessImplementation = {
  spec: {
    id: "aggregate_spatial_window",
    summary: "Reduce blocks of pixels to one",
    description:
      "Divides x and y into windows of `size` pixels (x first, then y) that don't overlap, and replaces each window by what `reducer` computes from its values (no-data as null, row by row), separately for every label of the other dimensions. Where the cube's width or height is not a multiple of the window, `boundary` pads the last windows with no-data (`pad`, the default) or leaves them out (`trim`), and `align` says which corner the windows start from (`upper-left` by default: padding or trimming happens at the right and bottom). The result's pixels are the windows: their centres are the new x and y labels, the other dimensions stay as they are. Reads the cube if it was not read yet.",
    categories: ["cubes", "aggregate"],
    experimental: true,
    parameters: [
      { name: "data", description: "The raster data cube.", schema: SPATIAL_CUBE },
      {
        name: "reducer",
        description: "Computes one value from the values of a window, e.g. mean or max.",
        schema: {
          type: "object",
          subtype: "process-graph",
          parameters: [
            { name: "data", description: "The window's values, row by row, no-data as null.", schema: { type: "array", items: { description: "Any data type." } } },
            { name: "context", description: "The `context` given to aggregate_spatial_window.", schema: { description: "Any data type." }, optional: true, default: null },
          ],
          returns: { description: "The window's new value.", schema: { description: "Any data type." } },
        },
      },
      { name: "size", description: "The window's width and height in pixels.", schema: { type: "array", minItems: 2, maxItems: 2, items: { type: "integer", minimum: 1 } } },
      { name: "boundary", description: "`pad` (the default): the last windows reach beyond the cube, with no-data there; `trim`: windows that would are left out.", schema: { type: "string", enum: ["pad", "trim"] }, optional: true, default: "pad" },
      {
        name: "align",
        description: "The corner the windows start from, where no padding or trimming happens (`upper-left` by default).",
        schema: { type: "string", enum: ["lower-left", "upper-left", "lower-right", "upper-right"] },
        default: "upper-left",
        optional: true,
      },
      { name: "context", description: "Extra data handed to the reducer.", schema: { description: "Any data type." }, optional: true, default: null },
    ],
    returns: { description: "The data cube of the windows' values: x and y at the windows' centres, the other dimensions unchanged.", schema: SPATIAL_CUBE },
  },
  // Strips of the result are strips of whole windows: each reads the rows of its windows.
  worksInStrips: (args) => literalArgs(args, ["size", "boundary", "align"]) !== undefined,
  stripShape: (args, grid) => {
    const literal = literalArgs(args, ["size", "boundary", "align"]);
    if (!literal || !Array.isArray(literal.size)) return undefined;
    const layout = windowsOf(grid, literal);
    // Strips of no windows would each fail differently: the whole fails as one read does.
    if (!layout) throw nothingLeft(literal.size as [number, number], grid);
    // Rows of windows as many as make about 64 rows of the cube: tall windows still fit a strip.
    return { grid: resultGrid(grid, layout), rows: Math.ceil(64 / layout.sy) };
  },
  run: async (args, ctx) => {
    const data = dataAccess(ctx);
    const cube = await materialize(cubeArgument(args.data, "aggregate_spatial_window"), data);
    const [sx, sy] = args.size as [number, number];
    const { width, height } = cube.grid;
    let windows: Windows;
    let grid: Grid;
    if (data.window) {
      // A strip of the result: the windows are its pixels, wherever the strip's rows of the cube begin.
      windows = windowsOfStrip(cube.grid, data.window, sx, sy);
      grid = data.window;
    } else {
      const layout = windowsOf(cube.grid, args);
      if (!layout) throw nothingLeft([sx, sy], cube.grid);
      windows = layout;
      grid = resultGrid(cube.grid, layout);
    }
    const { x0, y0, ow, oh } = windows;
    const count = ow * oh;
    const budget = budgetOf(ctx);
    budget.reserve(count * cube.planes.length * 4, "aggregate_spatial_window's result");
    const reducer = windowReducer(args.reducer as Callback, args.context ?? null);
    if (sx * sy > MAX_COLUMNS) return { ...cube, grid, planes: await windowByWindow(cube, windows, reducer, budget) };
    budget.reserve(count * sx * sy * 4, "aggregate_spatial_window's windows of one plane");
    const planes: Float32Array[] = [];
    for (const plane of cube.planes) {
      // inputs[k][w]: the k-th value (row by row) of window w.
      const inputs = Array.from({ length: sx * sy }, () => new Float32Array(count).fill(NaN));
      for (let j = 0; j < oh; j++) {
        for (let dy = 0; dy < sy; dy++) {
          const y = y0 + j * sy + dy;
          if (y < 0 || y >= height) continue;
          for (let i = 0; i < ow; i++) {
            for (let dx = 0; dx < sx; dx++) {
              const x = x0 + i * sx + dx;
              if (x >= 0 && x < width) inputs[dy * sx + dx]![j * ow + i] = plane[y * width + x]!;
            }
          }
        }
      }
      planes.push(await reduceLane(inputs, [], reducer, "aggregate_spatial_window"));
    }
    return { ...cube, grid, planes };
  },
};

/** The windows over a cube of `grid` for the arguments `size`, `boundary` and `align`; undefined when trimming leaves none. */
function nothingLeft([sx, sy]: [number, number], { width, height }: Grid): OpenEOError {
  return new OpenEOError("ProcessParameterInvalid", { process: "aggregate_spatial_window", parameter: "size", reason: `windows of ${sx} x ${sy} px are larger than the cube (${width} x ${height} px): trimming leaves nothing` });
}

function windowsOf(grid: Grid, args: Record<string, unknown>): Windows | undefined {
  const [sx, sy] = args.size as [number, number];
  const trim = args.boundary === "trim";
  const align = (args.align as string | undefined) ?? "upper-left";
  const { width, height } = grid;
  const [ow, oh] = [trim ? Math.floor(width / sx) : Math.ceil(width / sx), trim ? Math.floor(height / sy) : Math.ceil(height / sy)];
  if (ow === 0 || oh === 0) return undefined;
  // Where the first window starts: before the cube's first column or row when padding there, after it when trimming.
  const x0 = align.endsWith("right") ? width - ow * sx : 0;
  const y0 = align.startsWith("lower") ? height - oh * sy : 0;
  return { x0, y0, sx, sy, ow, oh };
}

/** The grid of the windows' values: one pixel per window. */
function resultGrid(grid: Grid, { x0, y0, sx, sy, ow, oh }: Windows): Grid {
  return { ...subGrid(grid, x0, y0, ow * sx, oh * sy), width: ow, height: oh };
}

/** The windows of a strip `window` of the result, over a cube of `grid` on the same lattice. */
function windowsOfStrip(grid: Grid, window: Grid, sx: number, sy: number): Windows {
  const cell = pixelSize(grid);
  const windowCell = pixelSize(window);
  const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.abs(b);
  if (window.crs !== grid.crs || !near(windowCell.x, sx * cell.x) || !near(windowCell.y, sy * cell.y)) {
    throw new OpenEOError("ProcessGraphComplexity", {}, { message: "aggregate_spatial_window can't be computed in strips here: the strip is not made of its windows." });
  }
  return { x0: Math.round((window.bbox[0] - grid.bbox[0]) / cell.x), y0: Math.round((grid.bbox[3] - window.bbox[3]) / cell.y), sx, sy, ow: window.width, oh: window.height };
}

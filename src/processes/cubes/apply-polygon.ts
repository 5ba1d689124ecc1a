import { budgetOf } from "../../budget";
import { dataAccess } from "../../cube/context";
import { geometriesArgument, projectGeometry, type Geometry } from "../../cube/geojson";
import { CubeTooLarge, materialize, planCube } from "../../cube/materialize";
import { planRead, windowOf } from "../../cube/plan";
import { windowPixels, type PixelBox } from "../../cube/target-grid";
import { cubeArgument } from "../../cube/parameters";
import { visitGeometryPixels } from "../../cube/rasterize";
import type { RasterCube } from "../../cube/types";
import { OpenEOError } from "../../errors";
import { pixelSize, sameGrid, subGrid, type Grid } from "../../raster/grid";
import { stripRefusal } from "../strip-refusal";
import type { Callback, ProcessImplementation } from "../types";
import { replacementValue } from "./mask";

const SPATIAL_CUBE = { type: "object", subtype: "datacube", dimensions: [{ type: "spatial", axis: ["x", "y"] }] };

const invalid = (parameter: string, reason: string) => new OpenEOError("ProcessParameterInvalid", { process: "apply_polygon", parameter, reason });

/** The non-empty polygons of `geometries`; other geometry types are refused. */
function polygons(value: unknown): { crs: string; geometries: Geometry[] } {
  const { crs, features } = geometriesArgument(value, "apply_polygon", "geometries");
  const geometries = features.flatMap((f) => (f.geometry ? [f.geometry] : []));
  for (const g of geometries) if (g.type !== "Polygon" && g.type !== "MultiPolygon") throw invalid("geometries", `only polygons can be applied to, not a ${g.type}`);
  if (geometries.length === 0) throw invalid("geometries", "there is no polygon (empty geometries are ignored)");
  return { crs, geometries };
}

/** Each polygon's pixels (their centres inside or on an edge), and the box of rows and columns around them. */
interface Segment {
  pixels: number[];
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The polygons' pixels in `area` of `grid` (indices within the area): rasterized over the whole
 * grid, as in one read, so that a strip's polygons cover exactly the pixels they cover there.
 */
function segments(geometries: Geometry[], grid: Grid, area: PixelBox): Segment[] {
  // owner[i]: the polygon that has pixel i, to refuse overlaps as the definition does.
  const owner = new Int32Array(area.width * area.height).fill(-1);
  return geometries.map((geometry, g) => {
    const segment: Segment = { pixels: [], left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
    visitGeometryPixels(geometry, grid, (at) => {
      const [x, y] = [(at % grid.width) - area.left, Math.floor(at / grid.width) - area.top];
      if (x < 0 || y < 0 || x >= area.width || y >= area.height) return;
      const i = y * area.width + x;
      if (owner[i] === g) return;
      if (owner[i] !== -1) throw OpenEOError.processException("GeometriesOverlap", `Polygons ${owner[i]! + 1} and ${g + 1} both cover the pixel in row ${y + area.top}, column ${x + area.left}; apply_polygon's polygons must not overlap.`);
      owner[i] = g;
      segment.pixels.push(i);
      [segment.left, segment.right, segment.top, segment.bottom] = [Math.min(segment.left, x), Math.max(segment.right, x + 1), Math.min(segment.top, y), Math.max(segment.bottom, y + 1)];
    });
    return segment;
  });
}

/** A polygon's or multi-polygon's positions, all rings together. */
function vertices(geometry: Geometry): number[][] {
  return geometry.type === "Polygon" ? geometry.coordinates.flat() : geometry.type === "MultiPolygon" ? geometry.coordinates.flat(2) : [];
}

/** The pixels of `grid` whose centres the polygon's outline box holds (a pixel more on each side, for rounding), clipped to the grid; undefined outside it. */
function outlineBox(geometry: Geometry, grid: Grid): PixelBox | undefined {
  const positions = vertices(geometry);
  if (positions.length === 0) return undefined;
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of positions) [minX, minY, maxX, maxY] = [Math.min(minX, x!), Math.min(minY, y!), Math.max(maxX, x!), Math.max(maxY, y!)];
  const { x: px, y: py } = pixelSize(grid);
  const left = Math.max(0, Math.floor((minX - grid.bbox[0]) / px - 0.5) - 1);
  const right = Math.min(grid.width, Math.ceil((maxX - grid.bbox[0]) / px + 0.5) + 1);
  const top = Math.max(0, Math.floor((grid.bbox[3] - maxY) / py - 0.5) - 1);
  const bottom = Math.min(grid.height, Math.ceil((grid.bbox[3] - minY) / py + 0.5) + 1);
  return right > left && bottom > top ? { left, top, width: right - left, height: bottom - top } : undefined;
}

function union(a: PixelBox, b: PixelBox): PixelBox {
  const [left, top] = [Math.min(a.left, b.left), Math.min(a.top, b.top)];
  return { left, top, width: Math.max(a.left + a.width, b.left + b.width) - left, height: Math.max(a.top + a.height, b.top + b.height) - top };
}

/** The sub cube of a segment: its box of the cube, pixels outside the polygon set to `mask`. */
function subCube(cube: RasterCube, segment: Segment, mask: number): RasterCube {
  const { width } = cube.grid;
  const [w, h] = [segment.right - segment.left, segment.bottom - segment.top];
  const inside = new Uint8Array(w * h);
  for (const i of segment.pixels) inside[(Math.floor(i / width) - segment.top) * w + (i % width) - segment.left] = 1;
  const planes = cube.planes.map((plane) => {
    const out = new Float32Array(w * h);
    for (let row = 0; row < h; row++) {
      for (let col = 0; col < w; col++) {
        const k = row * w + col;
        out[k] = inside[k] ? plane[(segment.top + row) * width + segment.left + col]! : mask;
      }
    }
    return out;
  });
  return { ...cube, grid: subGrid(cube.grid, segment.left, segment.top, w, h), planes };
}

/** The callback's answer for a segment: a raster cube of the sub cube's grid and as many planes. */
async function processed(answer: unknown, sub: RasterCube, ctx: Parameters<ProcessImplementation["run"]>[1]): Promise<RasterCube> {
  const result = await materialize(cubeArgument(answer, "apply_polygon"), dataAccess(ctx));
  const sameShape = result.grid.width === sub.grid.width && result.grid.height === sub.grid.height && result.planes.length === sub.planes.length;
  if (!sameShape || result.dims.length !== sub.dims.length || result.dims.some((d, i) => d.name !== sub.dims[i]!.name || d.labels.length !== sub.dims[i]!.labels.length)) {
    throw invalid("process", "the process must answer a data cube of the sub cube's pixels, dimensions and numbers of labels");
  }
  return result;
}

export const applyPolygon: ProcessImplementation = {
  spec: {
    id: "apply_polygon",
    summary: "Compute within each polygon on its own",
    description:
      "Runs `process` once per polygon, on a sub data cube of its own: the smallest box of whole pixels around the polygon, with every pixel whose centre lies outside the polygon set to `mask_value` (no-data when null). A centre on an edge counts as inside; holes are outside. What the process answers for the pixels inside the polygon goes into the result; pixels inside no polygon are no-data. The process must answer a cube of the same pixels and dimensions (labels may change, not their number); the result keeps the input's dimensions and labels.\n\nPolygons may not share a pixel: if two cover the same one, the process fails with GeometriesOverlap. The polygons come as a vector data cube, or as GeoJSON (a Polygon or MultiPolygon, a Feature of one, or a FeatureCollection of such Features; longitude and latitude in WGS 84); empty geometries are ignored, GeometryCollections are not supported. They are reprojected to the cube's CRS, edges densified. Reads the cube if it was not read yet.",
    categories: ["cubes"],
    parameters: [
      { name: "data", description: "The raster data cube.", schema: SPATIAL_CUBE },
      {
        name: "geometries",
        description: "The polygons: a vector data cube of them, or GeoJSON.",
        schema: { type: "object", subtype: "datacube", dimensions: [{ type: "geometry", geometry_type: ["Polygon", "MultiPolygon"] }] },
      },
      {
        name: "process",
        description: "Computes a new sub data cube from a polygon's sub data cube.",
        schema: {
          type: "object",
          subtype: "process-graph",
          parameters: [
            { name: "data", description: "The polygon's sub data cube: the box of pixels around it, those outside it set to `mask_value`.", schema: SPATIAL_CUBE },
            { name: "context", description: "The `context` given to apply_polygon.", schema: { description: "Any data type." }, optional: true, default: null },
          ],
          returns: { description: "The new sub data cube: the same pixels, dimensions and numbers of labels.", schema: { description: "A data cube.", schema: SPATIAL_CUBE } },
        },
      },
      {
        name: "mask_value",
        description: "What the pixels of a sub cube outside its polygon are set to: a number, or a boolean (1 or 0); null (the default) makes them no-data. Text is not supported.",
        schema: [{ type: "number" }, { type: "boolean" }, { type: "string" }, { type: "null" }],
        default: null,
        optional: true,
      },
      { name: "context", description: "Extra data handed to the process.", schema: { description: "Any data type." }, optional: true, default: null },
    ],
    returns: { description: "The data cube with the values the process computed inside the polygons, no-data elsewhere; dimensions and labels as in `data`.", schema: SPATIAL_CUBE },
    exceptions: { GeometriesOverlap: { message: "Two polygons cover the same pixel." } },
    links: [{ href: "http://www.opengeospatial.org/standards/sfa", rel: "about", title: "OGC Simple Features (what intersecting a polygon means)" }],
  },
  // In a strip of a larger result it reads the polygons reaching the strip whole, and keeps their pixels in the strip.
  worksInStrips: () => true,
  run: async (args, ctx) => {
    const { crs, geometries } = polygons(args.geometries);
    const mask = replacementValue(args.mask_value, "apply_polygon", "mask_value");
    const data = dataAccess(ctx);
    const input = cubeArgument(args.data, "apply_polygon");
    if (!data.window) {
      const cube = await materialize(input, data);
      const all = { left: 0, top: 0, width: cube.grid.width, height: cube.grid.height };
      const projected = geometries.map((g) => projectGeometry(g, crs, cube.grid.crs));
      return applyWithin(cube, { whole: cube.grid, box: all, area: all }, projected, mask, args, ctx);
    }
    if (input.kind !== "lazy") throw refuse("its data must come straight from load_collection or load_stac to be read polygon by polygon");
    const plan = await planRead(input, { ...data, window: undefined });
    const whole = plan.grid;
    const strip = windowPixels(whole, data.window);
    if (!strip) throw refuse("its strip lies outside the result's grid");
    // The polygons that may reach the strip's rows, read whole: the box around them all.
    const reaching = geometries.map((g) => projectGeometry(g, crs, whole.crs)).flatMap((geometry) => {
      const box = outlineBox(geometry, whole);
      return box && box.top < strip.top + strip.height && box.top + box.height > strip.top ? [{ geometry, box }] : [];
    });
    if (reaching.length === 0) {
      // No polygon here: no-data, without reading a pixel.
      return planCube(windowOf(plan, data.window), Array.from({ length: plan.bands.length * plan.dates.length }, () => new Float32Array(strip.width * strip.height).fill(NaN)));
    }
    const box = reaching.map((r) => r.box).reduce(union);
    const read = subGrid(whole, box.left, box.top, box.width, box.height);
    const cube = await materialize(input, { ...data, window: read }).catch((error: unknown) => {
      if (!(error instanceof CubeTooLarge)) throw error;
      throw refuse(`the polygons reaching rows ${strip.top}-${strip.top + strip.height - 1} span ${box.width} x ${box.height} px (${Math.ceil(error.bytes / 2 ** 20)} MiB), more than one read; smaller polygons, fewer bands or dates fit`);
    });
    if (!sameGrid(cube.grid, read)) throw refuse("the cube it reads is not on the result's grid");
    return applyWithin(cube, { whole, box, area: strip }, reaching.map((r) => r.geometry), mask, args, ctx);
  },
};

const refuse = (reason: string) => stripRefusal("apply_polygon", reason);

/**
 * The process over each polygon with pixels in `area` (of the `whole` grid): `cube` holds the
 * pixels of `box` of the whole, every polygon's included. Answers the cube of `area`.
 */
async function applyWithin(
  cube: RasterCube,
  { whole, box, area }: { whole: Grid; box: PixelBox; area: PixelBox },
  geometries: Geometry[],
  mask: number,
  args: Record<string, unknown>,
  ctx: Parameters<ProcessImplementation["run"]>[1],
): Promise<RasterCube> {
  const budget = budgetOf(ctx);
  budget.reserve(area.width * area.height * cube.planes.length * 4, "apply_polygon's result");
  const count = geometries.reduce((n, g) => n + vertices(g).length, 0);
  budget.spend(count * whole.height, "rasterizing the polygons (their vertices on every row)");
  const found = segments(geometries, whole, box);
  const reaches = (s: Segment) => s.pixels.length > 0 && s.top + box.top < area.top + area.height && s.bottom + box.top > area.top;
  // Each polygon's sub cube copies its box of every plane: thin diagonal polygons copy much of the cube each.
  budget.spend(found.reduce((n, s) => n + (reaches(s) ? (s.right - s.left) * (s.bottom - s.top) : 0), 0) * cube.planes.length, "apply_polygon's sub cubes");
  const planes = cube.planes.map(() => new Float32Array(area.width * area.height).fill(NaN));
  for (const segment of found) {
    if (!reaches(segment)) continue;
    const sub = subCube(cube, segment, mask);
    const result = await processed(await (args.process as Callback)({ data: sub, context: args.context ?? null }), sub, ctx);
    const w = sub.grid.width;
    for (const [p, plane] of planes.entries()) {
      const values = result.planes[p]!;
      for (const i of segment.pixels) {
        const [x, y] = [i % box.width, Math.floor(i / box.width)];
        const [ax, ay] = [x + box.left - area.left, y + box.top - area.top];
        if (ax >= 0 && ay >= 0 && ax < area.width && ay < area.height) plane[ay * area.width + ax] = values[(y - segment.top) * w + x - segment.left]!;
      }
    }
  }
  const grid = area === box ? cube.grid : subGrid(whole, area.left, area.top, area.width, area.height);
  return { ...cube, grid, planes };
}

import { budgetOf } from "../../budget";
import { dataAccess } from "../../cube/context";
import { geometriesArgument, projectGeometry, type Geometry } from "../../cube/geojson";
import { materialize } from "../../cube/materialize";
import { cubeArgument } from "../../cube/parameters";
import { visitGeometryPixels } from "../../cube/rasterize";
import type { RasterCube } from "../../cube/types";
import { OpenEOError } from "../../errors";
import { subGrid, type Grid } from "../../raster/grid";
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

function segments(geometries: Geometry[], grid: Grid): Segment[] {
  // owner[i]: the polygon that has pixel i, to refuse overlaps as the definition does.
  const owner = new Int32Array(grid.width * grid.height).fill(-1);
  return geometries.map((geometry, g) => {
    const segment: Segment = { pixels: [], left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
    visitGeometryPixels(geometry, grid, (i) => {
      if (owner[i] === g) return;
      if (owner[i] !== -1) throw OpenEOError.processException("GeometriesOverlap", `Polygons ${owner[i]! + 1} and ${g + 1} both cover the pixel in row ${Math.floor(i / grid.width)}, column ${i % grid.width}; apply_polygon's polygons must not overlap.`);
      owner[i] = g;
      segment.pixels.push(i);
      const [x, y] = [i % grid.width, Math.floor(i / grid.width)];
      [segment.left, segment.right, segment.top, segment.bottom] = [Math.min(segment.left, x), Math.max(segment.right, x + 1), Math.min(segment.top, y), Math.max(segment.bottom, y + 1)];
    });
    return segment;
  });
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
  run: async (args, ctx) => {
    const { crs, geometries } = polygons(args.geometries);
    const mask = replacementValue(args.mask_value, "apply_polygon", "mask_value");
    const cube = await materialize(cubeArgument(args.data, "apply_polygon"), dataAccess(ctx));
    const pixels = cube.grid.width * cube.grid.height;
    budgetOf(ctx).reserve(pixels * cube.planes.length * 4, "apply_polygon's result");
    const projected = geometries.map((g) => projectGeometry(g, crs, cube.grid.crs));
    const vertices = projected.reduce((n, g) => n + (g.type === "Polygon" ? g.coordinates.flat().length : g.type === "MultiPolygon" ? g.coordinates.flat(2).length : 0), 0);
    budgetOf(ctx).spend(vertices * cube.grid.height, "rasterizing the polygons (their vertices on every row)");
    const found = segments(projected, cube.grid);
    // Each polygon's sub cube copies its box of every plane: thin diagonal polygons copy much of the cube each.
    budgetOf(ctx).spend(found.reduce((n, s) => n + (s.pixels.length ? (s.right - s.left) * (s.bottom - s.top) : 0), 0) * cube.planes.length, "apply_polygon's sub cubes");
    const planes = cube.planes.map(() => new Float32Array(pixels).fill(NaN));
    for (const segment of found) {
      if (segment.pixels.length === 0) continue;
      const sub = subCube(cube, segment, mask);
      const result = await processed(await (args.process as Callback)({ data: sub, context: args.context ?? null }), sub, ctx);
      const w = sub.grid.width;
      for (const [p, plane] of planes.entries()) {
        const values = result.planes[p]!;
        for (const i of segment.pixels) plane[i] = values[(Math.floor(i / cube.grid.width) - segment.top) * w + (i % cube.grid.width) - segment.left]!;
      }
    }
    return { ...cube, planes };
  },
};

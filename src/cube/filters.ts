/**
 * Narrowing a cube by extent, time or bands. A lazy cube only changes its description (pushed down
 * to the read); a raster cube is cut.
 */
import { transformBBox } from "../raster/crs";
import type { BBox } from "../raster/grid";
import { dimensionOfType, keepLabels, labelValues } from "./dimensions";
import type { BandLabel, DataCube, RasterCube, SpatialExtent, TemporalExtent } from "./types";

function later(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null ? a : Date.parse(a) >= Date.parse(b) ? a : b;
}

function earlier(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null ? a : Date.parse(a) <= Date.parse(b) ? a : b;
}

export function filterSpatial(cube: DataCube, extent: SpatialExtent): DataCube {
  if (cube.kind === "raster") return crop(cube, transformBBox(extent.bbox, extent.crs, cube.grid.crs));
  if (!cube.spatial) return { ...cube, spatial: extent };
  const [w, s, e, n] = transformBBox(extent.bbox, extent.crs, cube.spatial.crs);
  const [cw, cs, ce, cn] = cube.spatial.bbox;
  const bbox: BBox = [Math.max(w, cw), Math.max(s, cs), Math.min(e, ce), Math.min(n, cn)];
  return { ...cube, spatial: { bbox, crs: cube.spatial.crs } };
}

/** Keeps the labels of temporal dimension `dimension` (of a raster cube) inside the interval. */
export function filterTime(cube: DataCube, interval: TemporalExtent, dimension = "t"): DataCube {
  if (cube.kind === "lazy") {
    const current = cube.temporal ?? { start: null, end: null };
    return { ...cube, temporal: { start: later(current.start, interval.start), end: earlier(current.end, interval.end) } };
  }
  const index = cube.dims.findIndex((d) => d.name === dimension);
  const keep = (cube.dims[index]!.labels as string[]).flatMap((label, i) => {
    const t = Date.parse(label);
    const inside = (!interval.start || t >= Date.parse(interval.start)) && (!interval.end || t < Date.parse(interval.end));
    return inside ? [i] : [];
  });
  return keepLabels(cube, index, keep);
}

/** Keeps `bands` (labels of the cube's bands dimension), in that order. */
export function selectBands(cube: DataCube, bands: BandLabel[]): DataCube {
  if (cube.kind === "lazy") return { ...cube, bands };
  const { index, dim } = dimensionOfType(cube, "bands")!;
  const names = labelValues(dim);
  return keepLabels(cube, index, bands.map((band) => names.indexOf(band.name)));
}

// A pixel centre a rounding error outside the box counts as on its edge.
const EDGE = 1e-9;

/** The pixels of a raster cube whose centre lies in `bbox` (in the grid's CRS; edges included), as filter_bbox defines. */
function crop(cube: RasterCube, bbox: BBox): RasterCube {
  const { grid } = cube;
  const px = (grid.bbox[2] - grid.bbox[0]) / grid.width;
  const py = (grid.bbox[3] - grid.bbox[1]) / grid.height;
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  // Pixel i's centre is at (i + 0.5) pixels from the left (x) or top (y) edge.
  const x0 = clamp(Math.ceil((bbox[0] - grid.bbox[0]) / px - 0.5 - EDGE), grid.width);
  const x1 = clamp(Math.floor((bbox[2] - grid.bbox[0]) / px - 0.5 + EDGE) + 1, grid.width);
  const y0 = clamp(Math.ceil((grid.bbox[3] - bbox[3]) / py - 0.5 - EDGE), grid.height);
  const y1 = clamp(Math.floor((grid.bbox[3] - bbox[1]) / py - 0.5 + EDGE) + 1, grid.height);
  const width = Math.max(0, x1 - x0);
  const height = Math.max(0, y1 - y0);
  const planes = cube.planes.map((plane) => {
    const out = new Float32Array(width * height);
    for (let y = 0; y < height; y++) out.set(plane.subarray((y0 + y) * grid.width + x0, (y0 + y) * grid.width + x0 + width), y * width);
    return out;
  });
  const cropped: BBox = [grid.bbox[0] + x0 * px, grid.bbox[3] - y1 * py, grid.bbox[0] + x1 * px, grid.bbox[3] - y0 * py];
  return { ...cube, grid: { crs: grid.crs, bbox: cropped, width, height }, planes };
}

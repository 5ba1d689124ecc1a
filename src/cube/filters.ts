/**
 * Narrowing a cube by extent, time or bands. A lazy cube only changes its description (pushed down
 * to the read); a raster cube is cut.
 */
import { transformBBox } from "../raster/crs";
import type { BBox } from "../raster/grid";
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

export function filterTime(cube: DataCube, interval: TemporalExtent): DataCube {
  if (cube.kind === "lazy") {
    const current = cube.temporal ?? { start: null, end: null };
    return { ...cube, temporal: { start: later(current.start, interval.start), end: earlier(current.end, interval.end) } };
  }
  const times = cube.times ?? [];
  const keep = times.flatMap((label, i) => {
    const t = Date.parse(label);
    const inside = (!interval.start || t >= Date.parse(interval.start)) && (!interval.end || t < Date.parse(interval.end));
    return inside ? [i] : [];
  });
  const nb = cube.bands?.length ?? 1;
  return { ...cube, times: keep.map((i) => times[i]!), planes: keep.flatMap((i) => cube.planes.slice(i * nb, (i + 1) * nb)) };
}

/** Keeps `bands` (labels of the cube), in that order. */
export function selectBands(cube: DataCube, bands: BandLabel[]): DataCube {
  if (cube.kind === "lazy") return { ...cube, bands };
  const old = cube.bands ?? [];
  const nb = old.length;
  const indices = bands.map((band) => old.findIndex((b) => b.name === band.name));
  const planes: Float32Array[] = [];
  for (let t = 0; t < cube.planes.length / nb; t++) for (const i of indices) planes.push(cube.planes[t * nb + i]!);
  return { ...cube, bands, planes };
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

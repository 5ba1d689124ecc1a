/**
 * The grid a lazy cube is read onto: the native CRS and pixel size of the collection's first band
 * (unless the cube sets a target), covering the requested extent snapped outwards to the native
 * pixel lattice, so reads at native resolution copy pixels instead of resampling them. A target
 * (resample_spatial, resample_cube_spatial) moves the lattice to another CRS or pixel size.
 */
import { locateBand, spatialExtent, type BandRef } from "../catalog/collection-metadata";
import type { StacItem } from "../catalog/stac-types";
import { OpenEOError } from "../errors";
import { sameCrs, transformBBox } from "../raster/crs";
import { pixelSize, subGrid, type BBox, type Grid } from "../raster/grid";
import type { ReadTarget, SpatialAlign, SpatialExtent } from "./types";

export interface Lattice {
  crs: string;
  /** Pixel width; also the height unless `resolutionY` is set. */
  resolution: number;
  resolutionY?: number;
  /** A pixel corner: the top-left of the native image. */
  origin: [number, number];
}

/** The native lattice of `band` in the first item that has it with projection metadata. */
export function nativeLattice(items: StacItem[], band: BandRef): Lattice | undefined {
  for (const item of items) {
    const location = locateBand(item, band);
    const asset = location && item.assets[location.asset];
    const epsg = asset?.["proj:epsg"] ?? (item.properties["proj:epsg"] as number | null | undefined);
    const t = asset?.["proj:transform"];
    if (typeof epsg === "number" && t && t.length >= 6) {
      const [x, y] = [Math.abs(t[0]!), Math.abs(t[4]!)];
      return { crs: `EPSG:${epsg}`, resolution: x, ...(y > 0 && y !== x ? { resolutionY: y } : {}), origin: [t[2]!, t[5]!] };
    }
  }
  return undefined;
}

// Coordinates a rounding error away from a pixel edge count as on it.
const EDGE = 1e-9;

/** The smallest grid on the lattice covering `extent`. */
export function snappedGrid(extent: SpatialExtent, lattice: Lattice): Grid {
  const [minX, minY, maxX, maxY] = transformBBox(extent.bbox, extent.crs, lattice.crs);
  const { resolution: rx, origin: [ox, oy] } = lattice;
  const ry = lattice.resolutionY ?? rx;
  const left = Math.floor((minX - ox) / rx + EDGE);
  const right = Math.ceil((maxX - ox) / rx - EDGE);
  const top = Math.floor((oy - maxY) / ry + EDGE);
  const bottom = Math.ceil((oy - minY) / ry - EDGE);
  const width = right - left;
  const height = bottom - top;
  if (!(width > 0 && height > 0)) throw new OpenEOError("ProcessParameterInvalid", { process: "load_collection", parameter: "spatial_extent", reason: "the extent is empty" });
  const bbox: BBox = [ox + left * rx, oy - bottom * ry, ox + right * rx, oy - top * ry];
  return { crs: lattice.crs, bbox, width, height };
}

/** The box `band` covers in an item, in its own CRS, from proj:epsg, proj:transform and proj:shape. */
function nativeFootprint(item: StacItem, band: BandRef): SpatialExtent | undefined {
  const location = locateBand(item, band);
  const asset = location && item.assets[location.asset];
  const epsg = asset?.["proj:epsg"] ?? (item.properties["proj:epsg"] as number | null | undefined);
  const t = asset?.["proj:transform"];
  const shape = asset?.["proj:shape"] ?? (item.properties["proj:shape"] as [number, number] | undefined);
  if (typeof epsg !== "number" || !t || t.length < 6 || !shape) return undefined;
  const [rows, cols] = shape;
  const xs = [t[2]!, t[2]! + cols * t[0]!];
  const ys = [t[5]!, t[5]! + rows * t[4]!];
  return { bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], crs: `EPSG:${epsg}` };
}

/**
 * The box of all items (when no spatial extent was asked for): the union of `band`'s native
 * footprints when they share a CRS, so the grid covers exactly their pixels; else the items' WGS84
 * boxes, which a projected grid covers with a margin.
 */
export function itemsExtent(items: StacItem[], band: BandRef): SpatialExtent {
  const footprints = items.map((item) => nativeFootprint(item, band));
  const first = footprints[0];
  if (first && footprints.every((f) => f && sameCrs(f.crs, first.crs))) {
    const boxes = footprints.map((f) => f!.bbox);
    return { bbox: [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))], crs: first.crs };
  }
  return { bbox: spatialExtent(items) ?? [Infinity, Infinity, -Infinity, -Infinity], crs: "EPSG:4326" };
}

/** The corner of a box that `align` names, as [x, y]. */
function corner(bbox: BBox, align: SpatialAlign): [number, number] {
  const [minX, minY, maxX, maxY] = bbox;
  return [align.endsWith("left") ? minX : maxX, align.startsWith("upper") ? maxY : minY];
}

/**
 * The lattice a grid is resampled onto (resample_spatial): `crs` with pixels of `resolution`
 * ([x, y]; 0 keeps the grid's pixel size in its own CRS, or in another CRS takes GDAL's suggestion:
 * as many pixels along the diagonal as before), anchored at the `align` corner of the grid's
 * extent (reprojected), so the new grid covers the old one from that corner.
 */
export function resampledLattice(grid: Grid, crs: string, resolution: [number, number], align: SpatialAlign): Lattice {
  const same = sameCrs(crs, grid.crs);
  const extent = same ? grid.bbox : transformBBox(grid.bbox, grid.crs, crs);
  const pixel = pixelSize(grid);
  const suggested = Math.hypot(extent[2] - extent[0], extent[3] - extent[1]) / Math.hypot(grid.width, grid.height);
  const rx = resolution[0] || (same ? pixel.x : suggested);
  const ry = resolution[1] || (same ? pixel.y : suggested);
  return { crs: same ? grid.crs : crs, resolution: rx, ...(ry !== rx ? { resolutionY: ry } : {}), origin: corner(extent, align) };
}

/** The grid covering `grid` on its resampled lattice. */
export function resampledGrid(grid: Grid, crs: string, resolution: [number, number], align: SpatialAlign): Grid {
  return snappedGrid({ bbox: grid.bbox, crs: grid.crs }, resampledLattice(grid, crs, resolution, align));
}

/**
 * The lattice of a lazy cube with a target: an exact one (an origin, from resample_cube_spatial)
 * as it is; otherwise the grid the cube would be read onto natively (`extent` on `native`)
 * resampled as resample_spatial would resample it after reading, so that reading straight onto
 * the target gives the same pixels. Without native projection metadata the lattice starts at the
 * `align` corner of `extent`, which needs a CRS and a resolution.
 */
export function targetLattice(target: ReadTarget, native: Lattice | undefined, extent: SpatialExtent): Lattice | undefined {
  const crs = target.crs ?? native?.crs;
  const resolution: [number, number] = [target.resolution ?? 0, target.resolutionY ?? target.resolution ?? 0];
  if (!crs) return undefined;
  if (target.origin && resolution[0] && resolution[1]) return { crs, resolution: resolution[0], resolutionY: resolution[1], origin: target.origin };
  const align = target.align ?? "upper-left";
  if (native) return resampledLattice(snappedGrid(extent, native), crs, resolution, align);
  if (!resolution[0] || !resolution[1]) return undefined;
  return { crs, resolution: resolution[0], resolutionY: resolution[1], origin: corner(transformBBox(extent.bbox, extent.crs, crs), align) };
}

/**
 * The part of `grid` inside `window` (a strip of a larger result, usually on the same lattice):
 * the window's box in the grid's CRS, rounded to the grid's pixel edges. Undefined when they don't overlap.
 */
export function windowed(grid: Grid, window: Grid): Grid | undefined {
  const box = windowPixels(grid, window);
  return box && subGrid(grid, box.left, box.top, box.width, box.height);
}

/** A box of whole pixels of a grid. */
export interface PixelBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Where `window` lies in `grid` (as windowed cuts it), in whole pixels; undefined when they don't overlap. */
export function windowPixels(grid: Grid, window: Grid): PixelBox | undefined {
  const [wx0, wy0, wx1, wy1] = transformBBox(window.bbox, window.crs, grid.crs);
  const { x: px, y: py } = pixelSize(grid);
  const [gx0, , , gy1] = grid.bbox;
  const left = Math.max(0, Math.round((wx0 - gx0) / px));
  const right = Math.min(grid.width, Math.round((wx1 - gx0) / px));
  const top = Math.max(0, Math.round((gy1 - wy1) / py));
  const bottom = Math.min(grid.height, Math.round((gy1 - wy0) / py));
  if (right <= left || bottom <= top) return undefined;
  return { left, top, width: right - left, height: bottom - top };
}

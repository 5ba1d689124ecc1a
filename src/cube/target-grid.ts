/**
 * The grid a lazy cube is read onto: the native CRS and pixel size of the collection's first band
 * (unless the cube sets a target), covering the requested extent snapped outwards to the native
 * pixel lattice, so reads at native resolution copy pixels instead of resampling them.
 */
import { locateBand, spatialExtent } from "../catalog/collection-metadata";
import type { StacItem } from "../catalog/stac-types";
import { OpenEOError } from "../errors";
import { transformBBox } from "../raster/crs";
import type { BBox, Grid } from "../raster/grid";
import type { SpatialExtent } from "./types";

export interface Lattice {
  crs: string;
  resolution: number;
  /** A pixel corner: the top-left of the native image. */
  origin: [number, number];
}

/** The native lattice of `band` in the first item that has it with projection metadata. */
export function nativeLattice(items: StacItem[], band: string): Lattice | undefined {
  for (const item of items) {
    const location = locateBand(item, band);
    const asset = location && item.assets[location.asset];
    const epsg = asset?.["proj:epsg"] ?? (item.properties["proj:epsg"] as number | null | undefined);
    const t = asset?.["proj:transform"];
    if (typeof epsg === "number" && t && t.length >= 6) return { crs: `EPSG:${epsg}`, resolution: Math.abs(t[0]!), origin: [t[2]!, t[5]!] };
  }
  return undefined;
}

// Coordinates a rounding error away from a pixel edge count as on it.
const EDGE = 1e-9;

/** The smallest grid on the lattice covering `extent`. */
export function snappedGrid(extent: SpatialExtent, lattice: Lattice): Grid {
  const [minX, minY, maxX, maxY] = transformBBox(extent.bbox, extent.crs, lattice.crs);
  const { resolution: r, origin: [ox, oy] } = lattice;
  const left = Math.floor((minX - ox) / r + EDGE);
  const right = Math.ceil((maxX - ox) / r - EDGE);
  const top = Math.floor((oy - maxY) / r + EDGE);
  const bottom = Math.ceil((oy - minY) / r - EDGE);
  const width = right - left;
  const height = bottom - top;
  if (!(width > 0 && height > 0)) throw new OpenEOError("ProcessParameterInvalid", { process: "load_collection", parameter: "spatial_extent", reason: "the extent is empty" });
  const bbox: BBox = [ox + left * r, oy - bottom * r, ox + right * r, oy - top * r];
  return { crs: lattice.crs, bbox, width, height };
}

/** WGS84 box of all items (when no spatial extent was asked for). */
export function itemsExtent(items: StacItem[]): SpatialExtent {
  return { bbox: spatialExtent(items) ?? [Infinity, Infinity, -Infinity, -Infinity], crs: "EPSG:4326" };
}

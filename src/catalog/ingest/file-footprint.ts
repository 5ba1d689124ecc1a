import { pointTransform, transformBBox } from "../../raster/crs";
import type { BBox } from "../../raster/grid";
import type { Geometry } from "../stac-types";
import type { CogFacts } from "./cog-facts";

/** Degrees an item's box may reach past its files before its geometry counts as wrong (some 100 m). */
const TOLERANCE_DEGREES = 0.001;
/** Points per side of the footprint polygon: UTM edges curve slightly in WGS84. */
const POINTS_PER_SIDE = 8;

export interface Footprint {
  bbox: BBox;
  geometry: Geometry;
}

/** The box a grid of `width` x `height` pixels covers in its own CRS, from its affine transform [a, b, c, d, e, f]. */
export function gridBox(transform: readonly number[], width: number, height: number): BBox {
  const [a, , c, , e, f] = transform as [number, number, number, number, number, number];
  const xs = [c, c + a * width];
  const ys = [f, f + e * height];
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** The box a file covers in its own CRS. */
const nativeBox = (facts: CogFacts): BBox => gridBox(facts.transform, facts.width, facts.height);

function ring([minX, minY, maxX, maxY]: BBox, crs: string): number[][] {
  const toWgs84 = pointTransform(crs, "EPSG:4326");
  const along = (x0: number, y0: number, x1: number, y1: number) =>
    Array.from({ length: POINTS_PER_SIDE }, (_, i) => toWgs84(x0 + ((x1 - x0) * i) / POINTS_PER_SIDE, y0 + ((y1 - y0) * i) / POINTS_PER_SIDE));
  const points = [...along(minX, minY, maxX, minY), ...along(maxX, minY, maxX, maxY), ...along(maxX, maxY, minX, maxY), ...along(minX, maxY, minX, minY)];
  return [...points, points[0]!].map(([x, y]) => [x, y]);
}

/**
 * Where an item's files hold pixels, in WGS84: the union of the files' boxes (they share a CRS in
 * an item; with several CRSs, or none, there is no single footprint and the answer is null).
 */
export function filesFootprint(files: CogFacts[]): Footprint | null {
  const codes = new Set(files.map((f) => f.epsg));
  if (files.length === 0 || codes.size !== 1 || files[0]!.epsg === null) return null;
  const crs = `EPSG:${files[0]!.epsg}`;
  const boxes = files.map(nativeBox);
  const union: BBox = [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
  return { bbox: transformBBox(union, crs, "EPSG:4326"), geometry: { type: "Polygon", coordinates: [ring(union, crs)] } };
}

/**
 * Whether an item's box reaches past its files' footprint: a crop of a scene keeps the scene's
 * geometry, and searches would then find the item where it has no pixels.
 */
export function reachesPast(itemBBox: number[], footprint: BBox): boolean {
  const [w, s, e, n] = itemBBox.length === 6 ? [itemBBox[0]!, itemBBox[1]!, itemBBox[3]!, itemBBox[4]!] : itemBBox;
  return w! < footprint[0] - TOLERANCE_DEGREES || s! < footprint[1] - TOLERANCE_DEGREES || e! > footprint[2] + TOLERANCE_DEGREES || n! > footprint[3] + TOLERANCE_DEGREES;
}

/**
 * The raw files of ../shared/data read with geotiff.js (not the project's reader), and the small
 * bits of geometry the real-data tests use to recompute expected values on their own.
 */
import { join } from "node:path";
import { fromFile } from "geotiff";
import proj4 from "proj4";
import type { RawItem } from "./raw-stac";

/** One band of a raw GeoTIFF: its pixels (row-major) and its north-up pixel grid. */
export interface RawRaster {
  width: number;
  height: number;
  originX: number;
  originY: number;
  /** Pixel size along x and y, both positive. */
  pixelWidth: number;
  pixelHeight: number;
  /** The file's projected CRS (its ProjectedCSTypeGeoKey). */
  epsg: number;
  values: ArrayLike<number>;
}

export async function readRawRaster(path: string): Promise<RawRaster> {
  const image = await (await fromFile(path)).getImage();
  const [originX, originY] = image.getOrigin();
  const [resX, resY] = image.getResolution();
  const [values] = (await image.readRasters()) as unknown as ArrayLike<number>[];
  const epsg = image.getGeoKeys()?.ProjectedCSTypeGeoKey;
  if (typeof epsg !== "number") throw new Error(`${path} names no projected CRS by EPSG code`);
  return { width: image.getWidth(), height: image.getHeight(), originX: originX!, originY: originY!, pixelWidth: resX!, pixelHeight: Math.abs(resY!), epsg, values: values! };
}

/** The raw file `name` (such as "B04.tif") beside an item. */
export const readItemBand = (item: RawItem, name: string) => readRawRaster(join(item.dir, name));

/** Map coordinates of the centre of pixel (col, row). */
export function pixelCentre(raster: RawRaster, col: number, row: number): [number, number] {
  return [raster.originX + (col + 0.5) * raster.pixelWidth, raster.originY - (row + 0.5) * raster.pixelHeight];
}

/** The value of the pixel that contains map point (x, y) (nearest neighbour), or undefined outside the raster. */
export function valueAtPoint(raster: RawRaster, x: number, y: number): number | undefined {
  const col = Math.floor((x - raster.originX) / raster.pixelWidth);
  const row = Math.floor((raster.originY - y) / raster.pixelHeight);
  if (col < 0 || row < 0 || col >= raster.width || row >= raster.height) return undefined;
  return raster.values[row * raster.width + col];
}

/** The Sentinel-2 reflectance scale of the 33TWL files (offset 0: see the data README). */
export const REFLECTANCE_SCALE = 0.0001;
/** Sentinel-2 L2A's no-data value for B04, B08 and SCL. */
export const S2_NODATA = 0;

/** A raw digital number as the back-end holds it: float32 reflectance, NaN for no-data or outside the file. */
export const reflectanceOf = (dn: number | undefined) => (dn === undefined || dn === S2_NODATA ? NaN : Math.fround(dn * REFLECTANCE_SCALE));

/** NDVI of one pixel from its raw red and NIR numbers, scaled; NaN when either is no-data or missing. */
export function ndviFromDigitalNumbers(red: number | undefined, nir: number | undefined): number {
  if (red === undefined || nir === undefined || red === S2_NODATA || nir === S2_NODATA) return NaN;
  const r = red * REFLECTANCE_SCALE;
  const n = nir * REFLECTANCE_SCALE;
  return (n - r) / (n + r);
}

/** SCL classes treated as cloud: 3 cloud shadow, 8 and 9 cloud (medium, high probability), 10 thin cirrus. */
export const SCL_CLOUD_CLASSES = [3, 8, 9, 10];

/** WGS 84 / UTM zone 33N as a proj4 definition written out here, not taken from the project. */
export const UTM_33N = "+proj=utm +zone=33 +datum=WGS84 +units=m +no_defs";
const WGS84 = "+proj=longlat +datum=WGS84 +no_defs";

export const utmToLonLat = (x: number, y: number): [number, number] => proj4(UTM_33N, WGS84, [x, y]) as [number, number];
export const lonLatToUtm = (lon: number, lat: number): [number, number] => proj4(WGS84, UTM_33N, [lon, lat]) as [number, number];

export type Ring = [number, number][];

/** Whether a point lies inside a closed ring (even-odd rule; first point repeated last). */
export function pointInRing([x, y]: [number, number], ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The shortest distance from a point to the edges of a ring. */
export function distanceToRing([x, y]: [number, number], ring: Ring): number {
  let best = Infinity;
  for (let i = 1; i < ring.length; i++) {
    const [ax, ay] = ring[i - 1]!;
    const [bx, by] = ring[i]!;
    const length2 = (bx - ax) ** 2 + (by - ay) ** 2;
    const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / length2));
    best = Math.min(best, Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))));
  }
  return best;
}

/**
 * A lon/lat ring in UTM 33N with `steps` points per edge: GeoJSON edges are straight in lon/lat,
 * which in UTM is a slight curve (about 1.4 m off the chord over 8 km here).
 */
export function densifiedUtmRing(lonLatRing: Ring, steps = 32): Ring {
  const ring: Ring = [];
  for (let i = 1; i < lonLatRing.length; i++) {
    const [lon0, lat0] = lonLatRing[i - 1]!;
    const [lon1, lat1] = lonLatRing[i]!;
    for (let k = 0; k < steps; k++) ring.push(lonLatToUtm(lon0 + ((lon1 - lon0) * k) / steps, lat0 + ((lat1 - lat0) * k) / steps));
  }
  ring.push(ring[0]!);
  return ring;
}

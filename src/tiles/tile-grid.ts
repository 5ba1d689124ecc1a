/** Web map tiles (the XYZ scheme of OpenStreetMap, Google and Leaflet) in Web Mercator, EPSG:3857. */
import type { Grid } from "../raster/grid";

/** Half the width of the Web Mercator square, in metres: the projection's x at 180 degrees. */
export const WEB_MERCATOR_HALF = 20037508.342789244;

/** The deepest zoom a service renders (about 2 cm pixels); deeper tiles don't exist. */
export const MAX_ZOOM = 24;

export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

export function isTile({ z, x, y }: TileAddress): boolean {
  const n = 2 ** z;
  return [z, x, y].every(Number.isInteger) && z >= 0 && z <= MAX_ZOOM && x >= 0 && x < n && y >= 0 && y < n;
}

/** The grid of a tile: `size` pixels square, x growing east and y (rows) south from the top-left corner. */
export function tileGrid({ z, x, y }: TileAddress, size: number): Grid {
  const span = (2 * WEB_MERCATOR_HALF) / 2 ** z;
  const west = -WEB_MERCATOR_HALF + x * span;
  const north = WEB_MERCATOR_HALF - y * span;
  return { crs: "EPSG:3857", bbox: [west, north - span, west + span, north], width: size, height: size };
}

/**
 * A scene larger than one read in the tests (SYNC_MAX_CUBE_BYTES = 4 MiB): 512 x 1100 px of red and
 * nir, 4.3 MiB of float32 planes, so results of it are computed in strips or chunks; with its NDVI
 * recomputed from the raw numbers as the back-end scales them (DN * 0.0001 - 0.1, in float32).
 */
import { utmGrid } from "./raster-fixtures";

export const LARGE_GRID = utmGrid(512, 1100);
const scaled = (dn: number) => Math.fround(dn * 0.0001 - 0.1);
export const largeRed = (x: number, y: number) => 1000 + ((x + 3 * y) % 500);
export const largeNir = (x: number, y: number) => 3000 + ((7 * x + y) % 800);
export const largeNdvi = (x: number, y: number) => {
  const [n, r] = [scaled(largeNir(x, y)), scaled(largeRed(x, y))];
  return (n - r) / (n + r);
};

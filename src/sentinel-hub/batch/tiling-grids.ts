/**
 * The tiling grids of the Batch Processing API (GET /api/v1/batch/tilinggrids): UTM grids whose
 * tiles are squares aligned on multiples of their side in each zone's eastings and northings, and
 * a WGS84 grid of 1-degree cells. A grid's resolutions divide its tile side into whole pixels, and
 * none gives a tile wider than one run's output (MAX_OUTPUT_SIDE).
 */
export interface TilingGrid {
  id: number;
  name: string;
  kind: "utm" | "wgs84";
  /** The tile's side in the grid's unit (metres in UTM, degrees in WGS84). */
  size: number;
  resolutions: number[];
}

export const TILING_GRIDS: readonly TilingGrid[] = [
  { id: 0, name: "20km grid", kind: "utm", size: 20040, resolutions: [10, 20, 60] },
  { id: 1, name: "10km grid", kind: "utm", size: 10000, resolutions: [10, 20, 50] },
  { id: 2, name: "100,08km grid", kind: "utm", size: 100080, resolutions: [60, 120, 240, 360] },
  { id: 3, name: "WGS84 1 degree grid", kind: "wgs84", size: 1, resolutions: [0.0004, 0.0005, 0.001, 0.002] },
];

export function tilingGrid(id: number): TilingGrid | undefined {
  return TILING_GRIDS.find((grid) => grid.id === id);
}

/** A grid's tile side in pixels at one of its resolutions. */
export function tilePixels(grid: TilingGrid, resolution: number): number {
  return Math.round(grid.size / resolution);
}

/** The grid as Sentinel Hub describes it: {id, name, properties: {tileWidth, tileHeight, resolutions, unit}}. */
export function describeGrid(grid: TilingGrid) {
  const { id, name, size, resolutions } = grid;
  return { id, name, properties: { tileWidth: size, tileHeight: size, resolutions, unit: grid.kind === "utm" ? "METRE" : "DEGREE" } };
}

/** [minX, minY, maxX, maxY] in the units of a grid's CRS. */
export type BBox = [number, number, number, number];

/**
 * A north-up raster grid: pixel (0, 0) is the top-left corner of `bbox`, pixels are
 * (maxX - minX) / width wide and (maxY - minY) / height tall. `crs` is "EPSG:<code>".
 */
export interface Grid {
  crs: string;
  bbox: BBox;
  width: number;
  height: number;
}

export function pixelSize(grid: Grid): { x: number; y: number } {
  const [minX, minY, maxX, maxY] = grid.bbox;
  return { x: (maxX - minX) / grid.width, y: (maxY - minY) / grid.height };
}

/**
 * The part of a grid from column `left` and row `top`, `width` x `height` pixels, on the same
 * lattice; it may reach beyond the grid (negative offsets, more pixels than it has).
 */
export function subGrid(grid: Grid, left: number, top: number, width: number, height: number): Grid {
  const { x, y } = pixelSize(grid);
  const [minX, , , maxY] = grid.bbox;
  return { crs: grid.crs, bbox: [minX + left * x, maxY - (top + height) * y, minX + (left + width) * x, maxY - top * y], width, height };
}

export type TypedArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

export type DataType = "uint8" | "int8" | "uint16" | "int16" | "uint32" | "int32" | "float32" | "float64";

/** One band of raster values on a grid, row-major; `nodata` marks missing values (NaN in float arrays). */
export interface Raster {
  grid: Grid;
  data: TypedArray;
  dataType: DataType;
  nodata: number | null;
}

/** Whether two grids are the same pixels (same CRS, size and, within a rounding error, extent). */
export function sameGrid(a: Grid, b: Grid): boolean {
  if (a.crs !== b.crs || a.width !== b.width || a.height !== b.height) return false;
  const size = Math.max(Math.abs(a.bbox[2] - a.bbox[0]) / a.width, Math.abs(a.bbox[3] - a.bbox[1]) / a.height);
  return a.bbox.every((v, i) => Math.abs(v - b.bbox[i]!) <= 1e-6 * size);
}

const ALIGNED = 1e-6;

/**
 * The target's top-left pixel in the source grid when the target is on that grid's pixels (same
 * CRS, same pixel size, origin on a pixel corner; it may reach beyond the source); null otherwise.
 * Such reads copy pixels without a transform.
 */
export function alignedOffset(target: Grid, source: Grid): { x: number; y: number } | null {
  if (target.crs !== source.crs) return null;
  const sx = (source.bbox[2] - source.bbox[0]) / source.width;
  const sy = (source.bbox[3] - source.bbox[1]) / source.height;
  const tx = (target.bbox[2] - target.bbox[0]) / target.width;
  const ty = (target.bbox[3] - target.bbox[1]) / target.height;
  if (Math.abs(tx - sx) > sx * ALIGNED || Math.abs(ty - sy) > sy * ALIGNED) return null;
  const x = (target.bbox[0] - source.bbox[0]) / sx;
  const y = (source.bbox[3] - target.bbox[3]) / sy;
  if (Math.abs(x - Math.round(x)) > ALIGNED || Math.abs(y - Math.round(y)) > ALIGNED) return null;
  return { x: Math.round(x), y: Math.round(y) };
}

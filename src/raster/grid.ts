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

import { allocate } from "../../src/raster/data-types";
import type { DataType, Grid, Raster } from "../../src/raster/grid";

/** A band whose pixel (x, y) holds value(x, y), on `grid`. */
export function band(grid: Grid, dataType: DataType, value: (x: number, y: number) => number, nodata: number | null = null): Raster {
  const data = allocate(dataType, grid.width * grid.height);
  for (let y = 0; y < grid.height; y++) for (let x = 0; x < grid.width; x++) data[y * grid.width + x] = value(x, y);
  return { grid, data, dataType, nodata };
}

/** A UTM zone 33N grid of 10 m pixels with its top-left corner at (500000, 5000000). */
export function utmGrid(width: number, height: number, pixel = 10): Grid {
  return { crs: "EPSG:32633", bbox: [500000, 5000000 - height * pixel, 500000 + width * pixel, 5000000], width, height };
}

const SCALE: Record<DataType, number> = {
  uint8: 2,
  int8: 2,
  uint16: 600,
  int16: 600,
  uint32: 40_000_000,
  int32: 40_000_000,
  float32: 1.5,
  float64: 1.000123456789,
};

/**
 * Values that vary at every pixel and band and use most of each data type's range, so that
 * predictors wrap and every byte of a sample matters: k = (x + 7y + 50b) mod 101, scaled;
 * centred on zero for signed types and floats (which also get a fraction).
 */
export function pattern(dataType: DataType, b: number): (x: number, y: number) => number {
  const scale = SCALE[dataType];
  const k = (x: number, y: number): number => (x + 7 * y + 50 * b) % 101;
  if (dataType.startsWith("float")) return (x, y) => (k(x, y) - 50) * scale + 0.25;
  if (dataType.startsWith("int")) return (x, y) => (k(x, y) - 50) * scale;
  return (x, y) => k(x, y) * scale;
}

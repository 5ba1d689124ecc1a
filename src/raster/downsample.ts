import { allocate, isFloat } from "./data-types";
import type { DataType, TypedArray } from "./grid";

export type OverviewResampling = "average" | "nearest";

/**
 * Reduces a band to `outWidth` x `outHeight`. Output pixel i covers source columns
 * [floor(i * W / outW), floor((i + 1) * W / outW)) — exactly factor x factor blocks when the size
 * divides — matching the overview's geometry (same extent as the full image, as GDAL assumes).
 * "average" is the mean of the block's valid values (nodata and NaN are skipped; integers are
 * rounded half up); "nearest" takes the source pixel under the output pixel's centre.
 */
export function downsample(
  data: TypedArray,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
  dataType: DataType,
  nodata: number | null,
  method: OverviewResampling,
): TypedArray {
  const out = allocate(dataType, outWidth * outHeight);
  const xs = boundaries(width, outWidth);
  const ys = boundaries(height, outHeight);
  if (method === "nearest") {
    for (let j = 0; j < outHeight; j++) {
      const row = Math.floor(((j + 0.5) * height) / outHeight) * width;
      for (let i = 0; i < outWidth; i++) out[j * outWidth + i] = data[row + Math.floor(((i + 0.5) * width) / outWidth)]!;
    }
    return out;
  }
  const round = !isFloat(dataType);
  const hasNodata = nodata !== null && !Number.isNaN(nodata);
  const fill = nodata ?? NaN;
  for (let j = 0; j < outHeight; j++) {
    const y0 = ys[j]!;
    const y1 = ys[j + 1]!;
    for (let i = 0; i < outWidth; i++) {
      const x0 = xs[i]!;
      const x1 = xs[i + 1]!;
      let sum = 0;
      let count = 0;
      for (let y = y0; y < y1; y++) {
        for (let k = y * width + x0, end = y * width + x1; k < end; k++) {
          const v = data[k]!;
          // v === v skips NaN.
          if (v === v && !(hasNodata && v === nodata)) {
            sum += v;
            count++;
          }
        }
      }
      out[j * outWidth + i] = count === 0 ? fill : round ? Math.floor(sum / count + 0.5) : sum / count;
    }
  }
  return out;
}

function boundaries(size: number, outSize: number): Int32Array {
  const b = new Int32Array(outSize + 1);
  for (let i = 0; i <= outSize; i++) b[i] = Math.floor((i * size) / outSize);
  return b;
}

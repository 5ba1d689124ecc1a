import type { JpegComponent } from "./decoder";

/**
 * Brings a subsampled component to full resolution as libjpeg does by default (do_fancy_upsampling,
 * which GDAL leaves on): "fancy" triangular interpolation for 2x2 and 2x1 subsampling, with
 * libjpeg's alternating rounding biases and its replication of edge rows and columns; plain
 * replication for other factors. Answers a plane of `width` x `height` samples.
 */
export function upsample(c: JpegComponent, maxH: number, maxV: number, width: number, height: number): Uint8Array {
  const stride = c.blocksAcross * 8;
  const sx = maxH / c.h;
  const sy = maxV / c.v;
  if (sx === 1 && sy === 1) return crop(c.plane, stride, width, height);
  if (sx === 2 && sy === 2 && c.width > 2) return h2v2Fancy(c, stride, width, height);
  if (sx === 2 && sy === 1 && c.width > 2) return h2v1Fancy(c, stride, width, height);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / sy) * stride;
    for (let x = 0; x < width; x++) out[y * width + x] = c.plane[row + Math.floor(x / sx)]!;
  }
  return out;
}

function crop(plane: Uint8Array, stride: number, width: number, height: number): Uint8Array {
  if (stride === width) return plane.subarray(0, width * height);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) out.set(plane.subarray(y * stride, y * stride + width), y * width);
  return out;
}

/** Each output sample: 9/16 of the nearest input, 3/16 of each next nearest, 1/16 of the diagonal. */
function h2v2Fancy(c: JpegComponent, stride: number, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const inWidth = c.width;
  const line = new Uint8Array(inWidth * 2);
  for (let y = 0; y < height; y++) {
    const row = y >> 1;
    // Even output rows lean on the input row above, odd ones on the row below (edges repeat).
    const other = y & 1 ? Math.min(row + 1, c.height - 1) : Math.max(row - 1, 0);
    const near = row * stride;
    const far = other * stride;
    let last = 0;
    let sum = c.plane[near]! * 3 + c.plane[far]!;
    let next = c.plane[near + 1]! * 3 + c.plane[far + 1]!;
    line[0] = (sum * 4 + 8) >> 4;
    line[1] = (sum * 3 + next + 7) >> 4;
    for (let x = 1; x < inWidth - 1; x++) {
      last = sum;
      sum = next;
      next = c.plane[near + x + 1]! * 3 + c.plane[far + x + 1]!;
      line[2 * x] = (sum * 3 + last + 8) >> 4;
      line[2 * x + 1] = (sum * 3 + next + 7) >> 4;
    }
    last = sum;
    sum = next;
    line[2 * inWidth - 2] = (sum * 3 + last + 8) >> 4;
    line[2 * inWidth - 1] = (sum * 4 + 7) >> 4;
    out.set(line.subarray(0, width), y * width);
  }
  return out;
}

/** Each output sample: 3/4 of the nearest input, 1/4 of the next nearest. */
function h2v1Fancy(c: JpegComponent, stride: number, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const inWidth = c.width;
  const line = new Uint8Array(inWidth * 2);
  for (let y = 0; y < height; y++) {
    const p = y * stride;
    const plane = c.plane;
    line[0] = plane[p]!;
    line[1] = (plane[p]! * 3 + plane[p + 1]! + 2) >> 2;
    for (let x = 1; x < inWidth - 1; x++) {
      const v = plane[p + x]! * 3;
      line[2 * x] = (v + plane[p + x - 1]! + 1) >> 2;
      line[2 * x + 1] = (v + plane[p + x + 1]! + 2) >> 2;
    }
    const end = plane[p + inWidth - 1]!;
    line[2 * inWidth - 2] = (end * 3 + plane[p + inWidth - 2]! + 1) >> 2;
    line[2 * inWidth - 1] = end;
    out.set(line.subarray(0, width), y * width);
  }
  return out;
}

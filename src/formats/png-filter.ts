/**
 * PNG scanline filtering (filter method 0). Each row is written with the filter type (None, Sub,
 * Up, Average or Paeth) whose output has the smallest sum of absolute values, taking bytes as
 * signed: the heuristic the PNG spec recommends (section 12.8), which makes rows of smooth
 * imagery mostly small differences that DEFLATE compresses far better than raw samples.
 */

/** The Paeth predictor: whichever of left, above and upper-left is closest to left + above - upper-left. */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Row `row` filtered with `type` into `out`; `prior` is the row above (zeros for the first). */
function filterRow(type: number, row: Uint8Array, prior: Uint8Array, bpp: number, out: Uint8Array): void {
  // One loop per type, the first pixel (no left neighbour: 0) apart, rather than tests per byte:
  // this runs five times over every row. Storing into a Uint8Array takes the difference modulo
  // 256, as the spec's filters do.
  const n = row.length;
  const first = Math.min(bpp, n);
  switch (type) {
    case 0:
      out.set(row);
      return;
    case 1:
      for (let i = 0; i < first; i++) out[i] = row[i]!;
      for (let i = first; i < n; i++) out[i] = row[i]! - row[i - bpp]!;
      return;
    case 2:
      for (let i = 0; i < n; i++) out[i] = row[i]! - prior[i]!;
      return;
    case 3:
      for (let i = 0; i < first; i++) out[i] = row[i]! - (prior[i]! >> 1);
      for (let i = first; i < n; i++) out[i] = row[i]! - ((row[i - bpp]! + prior[i]!) >> 1);
      return;
    default:
      // Paeth of (0, up, 0) is up.
      for (let i = 0; i < first; i++) out[i] = row[i]! - prior[i]!;
      for (let i = first; i < n; i++) out[i] = row[i]! - paeth(row[i - bpp]!, prior[i]!, prior[i - bpp]!);
  }
}

/** How far a filtered row is from all zeros, bytes taken as signed. */
function cost(filtered: Uint8Array): number {
  let sum = 0;
  // An indexed loop: iterating the array is several times slower in V8, and this sees every byte five times.
  for (let i = 0; i < filtered.length; i++) {
    const b = filtered[i]!;
    sum += b < 128 ? b : 256 - b;
  }
  return sum;
}

/**
 * The scanlines of `pixels` (`height` rows of `rowBytes`, `bpp` bytes per pixel), each preceded by
 * its filter type byte. `above` is the row before the first (a block of a larger image), else zeros.
 */
export function filterScanlines(pixels: Uint8Array, rowBytes: number, height: number, bpp: number, above?: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(height * (rowBytes + 1));
  const candidates = Array.from({ length: 5 }, () => new Uint8Array(rowBytes));
  let prior: Uint8Array = above ?? new Uint8Array(rowBytes);
  for (let y = 0; y < height; y++) {
    const row = pixels.subarray(y * rowBytes, (y + 1) * rowBytes);
    let best = 0;
    let bestCost = Infinity;
    for (let type = 0; type < 5; type++) {
      filterRow(type, row, prior, bpp, candidates[type]!);
      const c = cost(candidates[type]!);
      if (c < bestCost) [best, bestCost] = [type, c];
    }
    out[y * (rowBytes + 1)] = best;
    out.set(candidates[best]!, y * (rowBytes + 1) + 1);
    prior = row;
  }
  return out;
}

/** The filter types a whole image may be written with instead of choosing per row. */
export type FixedFilter = "none" | "sub" | "up";
const FIXED_TYPES: Record<FixedFilter, number> = { none: 0, sub: 1, up: 2 };

/** The scanlines of `pixels` as filterScanlines, every row with the same filter: one pass, no trials. */
export function filterScanlinesWith(filter: FixedFilter, pixels: Uint8Array, rowBytes: number, height: number, bpp: number): Uint8Array<ArrayBuffer> {
  const type = FIXED_TYPES[filter];
  const out = new Uint8Array(height * (rowBytes + 1));
  const zeros = new Uint8Array(rowBytes);
  for (let y = 0; y < height; y++) {
    const row = pixels.subarray(y * rowBytes, (y + 1) * rowBytes);
    out[y * (rowBytes + 1)] = type;
    filterRow(type, row, y > 0 ? pixels.subarray((y - 1) * rowBytes, y * rowBytes) : zeros, bpp, out.subarray(y * (rowBytes + 1) + 1, (y + 1) * (rowBytes + 1)));
  }
  return out;
}

import { allocate, isFloat } from "./data-types";
import type { DataType, TypedArray } from "./grid";

export type OverviewResampling = "average" | "nearest";

function boundaries(size: number, outSize: number): Int32Array {
  const b = new Int32Array(outSize + 1);
  for (let i = 0; i <= outSize; i++) b[i] = Math.floor((i * size) / outSize);
  return b;
}

/**
 * Reduces a band to `outWidth` x `outHeight` while its rows arrive, so a COG's overviews can be
 * built from strips without the whole band in memory. Output pixel i covers source columns
 * [floor(i * W / outW), floor((i + 1) * W / outW)) — exactly factor x factor blocks when the size
 * divides — matching the overview's geometry (same extent as the full image, as GDAL assumes), and
 * likewise for rows. "average" is the mean of the block's valid values (nodata and NaN are
 * skipped; integers are rounded half up); "nearest" takes the source pixel under the output
 * pixel's centre. Only the source rows an unfinished output row still needs are kept.
 */
export class Downsampler {
  private readonly xs: Int32Array;
  private readonly ys: Int32Array;
  /** Source rows from `first` on, each a view of `width` values; rows no output row reads are skipped. */
  private rows: TypedArray[] = [];
  private first = 0;
  private received = 0;
  private next = 0;

  constructor(
    private readonly width: number,
    private readonly height: number,
    readonly outWidth: number,
    readonly outHeight: number,
    private readonly dataType: DataType,
    private readonly nodata: number | null,
    private readonly method: OverviewResampling,
  ) {
    this.xs = boundaries(width, outWidth);
    this.ys = boundaries(height, outHeight);
  }

  /** The source row the nearest method reads for output row j. */
  private nearestRow(j: number): number {
    return Math.floor(((j + 0.5) * this.height) / this.outHeight);
  }

  /** The last source row output row j needs, plus one. */
  private needs(j: number): number {
    return this.method === "nearest" ? this.nearestRow(j) + 1 : this.ys[j + 1]!;
  }

  /** The lowest source row output row j reads. */
  private lowest(j: number): number {
    return this.method === "nearest" ? this.nearestRow(j) : this.ys[j]!;
  }

  /** Adds the next `count` source rows (row-major in `data`); answers the output rows they complete, row-major. */
  push(data: TypedArray, count: number): TypedArray {
    for (let r = 0; r < count; r++) {
      if (this.received + r >= this.first) this.rows.push(data.subarray(r * this.width, (r + 1) * this.width));
    }
    const received = (this.received += count);
    let done = 0;
    while (this.next + done < this.outHeight && this.needs(this.next + done) <= received) done++;
    const out = allocate(this.dataType, done * this.outWidth);
    for (let k = 0; k < done; k++) this.row(this.next + k, out.subarray(k * this.outWidth, (k + 1) * this.outWidth));
    this.next += done;
    const keepFrom = this.next < this.outHeight ? this.lowest(this.next) : received;
    // Rows kept for the next push are copied: views would keep the caller's whole strip alive.
    this.rows = this.rows.slice(Math.max(0, keepFrom - this.first)).map((row) => (row.buffer === data.buffer ? row.slice() : row));
    this.first = Math.max(this.first, keepFrom);
    return out;
  }

  /** Whether every output row has been answered. */
  get complete(): boolean {
    return this.next === this.outHeight;
  }

  private row(j: number, out: TypedArray): void {
    const { xs, outWidth, width } = this;
    if (this.method === "nearest") {
      const row = this.rows[this.nearestRow(j) - this.first]!;
      for (let i = 0; i < outWidth; i++) out[i] = row[Math.floor(((i + 0.5) * width) / outWidth)]!;
      return;
    }
    const round = !isFloat(this.dataType);
    const nodata = this.nodata;
    const hasNodata = nodata !== null && !Number.isNaN(nodata);
    const fill = nodata ?? NaN;
    const y0 = this.ys[j]!;
    const y1 = this.ys[j + 1]!;
    if (y1 - y0 === 2 && width === 2 * outWidth) return this.pairs(this.rows[y0 - this.first]!, this.rows[y0 + 1 - this.first]!, out, round, fill);
    for (let i = 0; i < outWidth; i++) {
      const x0 = xs[i]!;
      const x1 = xs[i + 1]!;
      let sum = 0;
      let count = 0;
      for (let y = y0; y < y1; y++) {
        const row = this.rows[y - this.first]!;
        for (let k = x0; k < x1; k++) {
          const v = row[k]!;
          // v === v skips NaN.
          if (v === v && !(hasNodata && v === nodata)) {
            sum += v;
            count++;
          }
        }
      }
      out[i] = count === 0 ? fill : round ? Math.floor(sum / count + 0.5) : sum / count;
    }
  }

  /**
   * The average of 2 x 2 blocks (every overview after the first halves the level before): the
   * same arithmetic as row()'s loops, unrolled, about twice as fast.
   */
  private pairs(above: TypedArray, below: TypedArray, out: TypedArray, round: boolean, fill: number): void {
    const nodata = this.nodata;
    const skip = nodata !== null && !Number.isNaN(nodata) ? nodata : NaN;
    for (let i = 0, k = 0; i < this.outWidth; i++, k += 2) {
      const a = above[k]!;
      const b = above[k + 1]!;
      const c = below[k]!;
      const d = below[k + 1]!;
      let sum = 0;
      let count = 0;
      // v === v skips NaN.
      if (a === a && a !== skip) {
        sum += a;
        count++;
      }
      if (b === b && b !== skip) {
        sum += b;
        count++;
      }
      if (c === c && c !== skip) {
        sum += c;
        count++;
      }
      if (d === d && d !== skip) {
        sum += d;
        count++;
      }
      out[i] = count === 0 ? fill : round ? Math.floor(sum / count + 0.5) : sum / count;
    }
  }
}

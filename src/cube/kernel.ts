/**
 * 2D convolution of one plane with a kernel of odd width and height (apply_kernel): each output
 * pixel is the sum of the kernel weights times the pixels under them, the kernel centred on the
 * pixel (weights are not flipped: kernel[j][i] meets the pixel j - cy rows down and i - cx columns
 * right), times a factor. Pixels beyond the edges come from the border rule.
 */

/** A constant for every pixel beyond the edge, or how the plane is extended. */
export type Border = number | "replicate" | "reflect" | "reflect_pixel" | "wrap";

export interface ConvolveOptions {
  factor: number;
  border: Border;
  /** Replaces no-data and infinite values before convolving. */
  replaceInvalid: number;
}

const mod = (a: number, n: number) => ((a % n) + n) % n;

/** The index within [0, n) that index p (possibly outside) reads, or -1 for the constant border. */
export function borderIndex(p: number, n: number, border: Border): number {
  if (p >= 0 && p < n) return p;
  switch (border) {
    case "replicate":
      return p < 0 ? 0 : n - 1;
    case "reflect": {
      // fedcba|abcdefgh|hgfedc: mirrored at the edge, the edge pixel repeated; period 2n.
      const q = mod(p, 2 * n);
      return q < n ? q : 2 * n - 1 - q;
    }
    case "reflect_pixel": {
      // gfedcb|abcdefgh|gfedcb: mirrored at the edge pixel's centre; period 2n - 2.
      if (n === 1) return 0;
      const q = mod(p, 2 * n - 2);
      return q < n ? q : 2 * n - 2 - q;
    }
    case "wrap":
      return mod(p, n);
    default:
      return -1;
  }
}

/** Convolves a row-major plane of `width` x `height`; the kernel must have odd dimensions. */
export function convolve(plane: Float32Array, width: number, height: number, kernel: number[][], options: ConvolveOptions): Float32Array {
  const rows = kernel.length;
  const cols = kernel[0]!.length;
  const cy = (rows - 1) / 2;
  const cx = (cols - 1) / 2;
  const constant = typeof options.border === "number" ? options.border : 0;
  // The plane padded by the kernel's reach on every side, invalid values replaced once.
  const paddedWidth = width + 2 * cx;
  const padded = new Float64Array(paddedWidth * (height + 2 * cy));
  for (let y = -cy; y < height + cy; y++) {
    const row = borderIndex(y, height, options.border);
    for (let x = -cx; x < width + cx; x++) {
      const col = borderIndex(x, width, options.border);
      const v = row < 0 || col < 0 ? constant : plane[row * width + col]!;
      padded[(y + cy) * paddedWidth + x + cx] = Number.isFinite(v) ? v : options.replaceInvalid;
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let j = 0; j < rows; j++) {
        const start = (y + j) * paddedWidth + x;
        const weights = kernel[j]!;
        for (let i = 0; i < cols; i++) sum += weights[i]! * padded[start + i]!;
      }
      out[y * width + x] = sum * options.factor;
    }
  }
  return out;
}

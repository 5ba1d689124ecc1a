/**
 * Resampling with interpolation kernels as GDAL defines them: cubic (Keys, a = -0.5, 4 x 4
 * pixels), cubicspline (cubic B-spline, 4 x 4) and lanczos (windowed sinc, 6 x 6). Weights are
 * separable, computed from the distance between the target pixel centre and each source pixel
 * centre; when a target pixel spans more than one source pixel the kernel is stretched by that
 * factor (as GDAL does), so downsampling filters instead of skipping pixels. No-data (non-finite)
 * neighbours are left out and the weights of the others renormalised.
 */
import { footprint, type Box, type SourcePlane } from "./footprint";
import type { PixelCoordinates } from "../raster/transform";

export type InterpolateMethod = "cubic" | "cubicspline" | "lanczos";

interface Kernel {
  /** Weights are 0 from this distance (in source pixels) on. */
  radius: number;
  weight: (distance: number) => number;
}

function keysCubic(d: number): number {
  const x = Math.abs(d);
  if (x <= 1) return 1.5 * x ** 3 - 2.5 * x ** 2 + 1;
  return x < 2 ? -0.5 * x ** 3 + 2.5 * x ** 2 - 4 * x + 2 : 0;
}

function bSpline(d: number): number {
  const x = Math.abs(d);
  if (x < 1) return 2 / 3 - x ** 2 + x ** 3 / 2;
  return x < 2 ? (2 - x) ** 3 / 6 : 0;
}

function sinc(x: number): number {
  return x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
}

const KERNELS: Record<InterpolateMethod, Kernel> = {
  cubic: { radius: 2, weight: keysCubic },
  cubicspline: { radius: 2, weight: bSpline },
  lanczos: { radius: 3, weight: (d) => (Math.abs(d) < 3 ? sinc(d) * sinc(d / 3) : 0) },
};

// Weights summing to less than this leave too little valid data to renormalise.
const MIN_WEIGHT = 1e-6;

/** The source indices along one axis within reach of `centre`, with their weights. */
function axisWeights(kernel: Kernel, centre: number, scale: number, size: number): { first: number; weights: number[] } {
  const first = Math.max(0, Math.ceil(centre - 0.5 - kernel.radius * scale));
  const last = Math.min(size - 1, Math.floor(centre - 0.5 + kernel.radius * scale));
  const weights: number[] = [];
  for (let p = first; p <= last; p++) weights.push(kernel.weight((p + 0.5 - centre) / scale));
  return { first, weights };
}

/**
 * Fills `out` (the target pixels whose corners are `corners`, `width` per row) from `source`,
 * NaN where a pixel centre falls outside the source or too little valid data surrounds it.
 */
export function interpolateOnto(source: SourcePlane, corners: PixelCoordinates, width: number, method: InterpolateMethod, out: Float32Array): void {
  const kernel = KERNELS[method];
  const box: Box = { x0: 0, y0: 0, x1: 0, y1: 0 };
  for (let i = 0; i < out.length; i++) {
    out[i] = NaN;
    if (!footprint(corners, width, i, box)) continue;
    const cx = (box.x0 + box.x1) / 2;
    const cy = (box.y0 + box.y1) / 2;
    if (!(cx >= 0 && cx < source.width && cy >= 0 && cy < source.height)) continue;
    const xs = axisWeights(kernel, cx, Math.max(1, box.x1 - box.x0), source.width);
    const ys = axisWeights(kernel, cy, Math.max(1, box.y1 - box.y0), source.height);
    let sum = 0;
    let weights = 0;
    ys.weights.forEach((wy, r) => {
      const row = (ys.first + r) * source.width + xs.first;
      xs.weights.forEach((wx, c) => {
        const v = source.data[row + c]!;
        if (!Number.isFinite(v) || wx * wy === 0) return;
        sum += v * wx * wy;
        weights += wx * wy;
      });
    });
    if (weights > MIN_WEIGHT) out[i] = sum / weights;
  }
}

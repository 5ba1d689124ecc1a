import type { CogHeader } from "./cog-header";

// A 16 x 16 lattice of sample pixels gives stable medians at negligible cost.
const SAMPLES = 16;

/**
 * How many full-resolution source pixels one target pixel spans, for choosing an overview: at a
 * lattice of target pixels, the distance in source pixel space to the next pixel along the row and
 * down the column; the median of each (robust to jumps such as the antimeridian) and the finer of
 * the two, so the level chosen is fine enough along both axes (unlike an area-based scale).
 * NaN when no neighbouring centres are transformable.
 */
export function targetResolutionInSourcePixels(coords: { x: Float64Array; y: Float64Array }, width: number, height: number): number {
  const { x, y } = coords;
  const alongRows: number[] = [];
  const alongColumns: number[] = [];
  const rows = Math.min(SAMPLES, height);
  const cols = Math.min(SAMPLES, width);
  for (let r = 0; r < rows; r++) {
    const row = Math.floor(((r + 0.5) * height) / rows);
    for (let c = 0; c < cols; c++) {
      const col = Math.floor(((c + 0.5) * width) / cols);
      const i = row * width + col;
      // Step back at the last column or row so every sample has a neighbour.
      const right = width < 2 ? -1 : col + 1 < width ? i + 1 : i - 1;
      const below = height < 2 ? -1 : row + 1 < height ? i + width : i - width;
      if (right >= 0) pushFinite(alongRows, Math.hypot(x[right]! - x[i]!, y[right]! - y[i]!));
      if (below >= 0) pushFinite(alongColumns, Math.hypot(x[below]! - x[i]!, y[below]! - y[i]!));
    }
  }
  const a = median(alongRows);
  const b = median(alongColumns);
  return Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b);
}

function pushFinite(values: number[], value: number): void {
  if (Number.isFinite(value)) values.push(value);
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  values.sort((p, q) => p - q);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/**
 * Like GDAL: the coarsest level whose downsampling factor does not exceed `ratio` (full-resolution
 * pixels per target pixel), so the level read is still at least as fine as the target.
 */
export function chooseLevel(header: CogHeader, ratio: number): number {
  const full = header.levels[0]!;
  let chosen = 0;
  header.levels.forEach((level, i) => {
    const factor = Math.max(full.width / level.width, full.height / level.height);
    // The tolerance absorbs rounding in the transform, so a target at exactly an overview's resolution uses it.
    if (factor <= ratio * (1 + 1e-6)) chosen = i;
  });
  return chosen;
}

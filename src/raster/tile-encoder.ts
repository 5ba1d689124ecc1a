import { allocate, bytesPerSample } from "./data-types";
import { deflate, type DeflateStrategy } from "./deflate";
import type { DataType, TypedArray } from "./grid";
import { applyFloatingPoint, applyHorizontal } from "./predictor";

export interface TileEncoding {
  dataType: DataType;
  tileSize: number;
  compression: "deflate" | "none";
  predictor: 1 | 2 | 3;
  deflateLevel: number;
  deflateStrategy: DeflateStrategy;
}

/**
 * Cuts, predicts and compresses the tiles of one level. `bands` are the level's bands, each
 * width x height; `interleave` "pixel" puts all bands in each tile, "band" makes one tile per band
 * (all of band 0's tiles first), the order TileOffsets lists them in.
 */
export function encodeTiles(bands: TypedArray[], width: number, height: number, interleave: "pixel" | "band", enc: TileEncoding): Uint8Array[] {
  const size = enc.tileSize;
  const across = Math.ceil(width / size);
  const down = Math.ceil(height / size);
  const stride = interleave === "pixel" ? bands.length : 1;
  const tile = allocate(enc.dataType, size * size * stride);
  const bytes = new Uint8Array(tile.buffer);
  const out: Uint8Array[] = [];
  const planes = interleave === "pixel" ? [bands] : bands.map((band) => [band]);
  for (const plane of planes) {
    for (let ty = 0; ty < down; ty++) {
      for (let tx = 0; tx < across; tx++) {
        // Edge tiles are padded with zeros, which compress to almost nothing.
        tile.fill(0);
        cutTile(plane, width, height, tx * size, ty * size, size, tile);
        out.push(encodeTile(bytes, stride, enc));
      }
    }
  }
  return out;
}

function cutTile(bands: TypedArray[], width: number, height: number, left: number, top: number, size: number, tile: TypedArray): void {
  const n = Math.min(size, width - left);
  const rows = Math.min(size, height - top);
  const stride = bands.length;
  for (let r = 0; r < rows; r++) {
    const src = (top + r) * width + left;
    if (stride === 1) {
      tile.set(bands[0]!.subarray(src, src + n), r * size);
      continue;
    }
    for (let b = 0; b < stride; b++) {
      const band = bands[b]!;
      for (let i = 0, t = r * size * stride + b; i < n; i++, t += stride) tile[t] = band[src + i]!;
    }
  }
}

function encodeTile(bytes: Uint8Array, stride: number, enc: TileEncoding): Uint8Array {
  const sampleBytes = bytesPerSample(enc.dataType);
  if (enc.predictor === 2) applyHorizontal(bytes, enc.tileSize, enc.tileSize, stride, sampleBytes);
  if (enc.predictor === 3) applyFloatingPoint(bytes, enc.tileSize, enc.tileSize, stride, sampleBytes);
  if (enc.compression === "none") return bytes.slice();
  return deflate(bytes, enc.deflateLevel, enc.deflateStrategy);
}

import { CogFormatError } from "./cog-errors";
import { JpegDecoder } from "./jpeg/decoder";
import { upsample } from "./jpeg/upsample";

/** The tile a JPEG stream must fill: 8-bit samples, `samples` a pixel (1 for planar files). */
export interface JpegTileShape {
  width: number;
  height: number;
  samples: number;
}

/**
 * Decodes a JPEG tile (TIFF compression 7) to 8-bit samples, pixel-interleaved, as GDAL reads it
 * through libtiff and libjpeg: `tables` (the JPEGTables tag) first, then the tile's own stream;
 * YCbCr tiles (Photometric 6) are upsampled and converted to RGB with libjpeg's integer arithmetic.
 * The frame must fit the tile; a shorter one (the last strip) leaves zeros below it.
 */
export function jpegDecode(input: Uint8Array, tables: Uint8Array | null, shape: JpegTileShape, ycbcr: boolean): Uint8Array {
  const decoder = new JpegDecoder({ width: shape.width, height: shape.height, components: shape.samples });
  if (tables) decoder.parse(tables);
  decoder.parse(input);
  const frame = decoder.frame;
  if (!frame) throw new CogFormatError("corrupt JPEG data (no frame)");
  const { width, height } = frame;
  const planes = frame.components.map((c) => upsample(c, frame.maxH, frame.maxV, width, height));
  if (ycbcr) toRgb(planes);
  const out = new Uint8Array(shape.width * shape.height * shape.samples);
  const n = planes.length;
  for (let y = 0; y < height; y++) {
    for (let x = 0, o = y * shape.width * n, i = y * width; x < width; x++, i++) {
      for (let s = 0; s < n; s++) out[o++] = planes[s]![i]!;
    }
  }
  return out;
}

const ONE_HALF = 1 << 15;
const fix = (x: number): number => Math.floor(x * 65536 + 0.5);
/** libjpeg's YCbCr -> RGB tables (jdcolor.c, 16-bit fixed point), indexed by Cb or Cr. */
const CR_R = new Int32Array(256);
const CB_B = new Int32Array(256);
const CR_G = new Int32Array(256);
const CB_G = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  const x = i - 128;
  CR_R[i] = (fix(1.402) * x + ONE_HALF) >> 16;
  CB_B[i] = (fix(1.772) * x + ONE_HALF) >> 16;
  CR_G[i] = -fix(0.71414) * x;
  CB_G[i] = -fix(0.34414) * x + ONE_HALF;
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

function toRgb(planes: Uint8Array[]): void {
  const [yp, cbp, crp] = planes as [Uint8Array, Uint8Array, Uint8Array];
  const r = new Uint8Array(yp.length);
  const g = new Uint8Array(yp.length);
  const b = new Uint8Array(yp.length);
  for (let i = 0; i < yp.length; i++) {
    const y = yp[i]!;
    const cb = cbp[i]!;
    const cr = crp[i]!;
    r[i] = clamp(y + CR_R[cr]!);
    g[i] = clamp(y + ((CB_G[cb]! + CR_G[cr]!) >> 16));
    b[i] = clamp(y + CB_B[cb]!);
  }
  planes[0] = r;
  planes[1] = g;
  planes[2] = b;
}

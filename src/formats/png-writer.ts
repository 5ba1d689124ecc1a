/**
 * The PNG container (PNG spec, 3rd edition): signature, IHDR, one IDAT of zlib-compressed filtered
 * scanlines, IEND; every chunk carries the CRC-32 of its type and data. Only 8-bit samples,
 * without interlacing: grey, RGB, either with alpha, or palette indices (with PLTE and tRNS).
 */
import { deflate, type DeflateStrategy } from "../raster/deflate";
import { filterScanlines, filterScanlinesWith, type FixedFilter } from "./png-filter";

/** 8-bit samples, interleaved per pixel, rows top to bottom. */
export interface PngImage {
  width: number;
  height: number;
  /** 1 grey (or palette indices), 2 grey + alpha, 3 RGB, 4 RGBA. */
  channels: 1 | 2 | 3 | 4;
  pixels: Uint8Array;
  /** With 1 channel: the pixels are indices into these colours (colour type 3). */
  palette?: Palette;
}

export interface Palette {
  /** RGB of each index, 3 bytes an entry, at most 256 entries. */
  rgb: Uint8Array;
  /** Alpha of the first entries (tRNS); the rest are opaque. */
  alpha?: Uint8Array;
}

/**
 * How the rows are filtered and compressed. The adaptive filter (the spec's heuristic, five
 * filters tried per row) suits photographic RGB; palette indices gain little from it (spec section
 * 12.8), and a tile wants speed more than the last per cent of size (tiles/tile-png.ts chooses).
 */
export interface PngEncoding {
  filter: "adaptive" | FixedFilter;
  /** zlib's level, 1 (fastest) to 9 (smallest). */
  level: number;
  /** zlib's strategy (raster/deflate.ts): "rle" suits filtered palette indices. */
  strategy?: DeflateStrategy;
}

const DEFAULT_ENCODING: PngEncoding = { filter: "adaptive", level: 6 };

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The IHDR colour type of each channel count. */
const COLOUR_TYPES = { 1: 0, 2: 4, 3: 2, 4: 6 } as const;

/** The CRC-32 (ISO 3309, reflected polynomial 0xEDB88320) table, one entry per byte value. */
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  // An indexed loop: iterating the array is several times slower in V8.
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Length, type, data and the CRC of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function header(image: PngImage): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, image.width);
  view.setUint32(4, image.height);
  // Bit depth 8, the colour type; compression, filter method and interlace 0 (the only defined ones, no interlacing).
  data.set([8, image.palette ? 3 : COLOUR_TYPES[image.channels], 0, 0, 0], 8);
  return data;
}

/** PLTE and, for transparent entries, tRNS: what colour type 3 needs before the image data. */
function paletteChunks(palette: Palette | undefined): Uint8Array[] {
  if (!palette) return [];
  const chunks = [chunk("PLTE", palette.rgb)];
  if (palette.alpha && palette.alpha.length > 0) chunks.push(chunk("tRNS", palette.alpha));
  return chunks;
}

export function writePng(image: PngImage, encoding: PngEncoding = DEFAULT_ENCODING): Uint8Array {
  const rowBytes = image.width * image.channels;
  const scanlines =
    encoding.filter === "adaptive"
      ? filterScanlines(image.pixels, rowBytes, image.height, image.channels)
      : filterScanlinesWith(encoding.filter, image.pixels, rowBytes, image.height, image.channels);
  const idat = deflate(scanlines, encoding.level, encoding.strategy);
  const parts = [Uint8Array.from(SIGNATURE), chunk("IHDR", header(image)), ...paletteChunks(image.palette), chunk("IDAT", idat), chunk("IEND", new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * The same image as a stream: the rows are filtered and compressed block by block, and each piece
 * of the zlib stream goes out as an IDAT chunk as soon as the compressor answers it, so a client
 * receives the first rows while the last are still being encoded.
 */
export async function* streamPng(image: PngImage, rowsPerBlock = 64): AsyncGenerator<Uint8Array> {
  yield Uint8Array.from(SIGNATURE);
  yield chunk("IHDR", header(image));
  const rowBytes = image.width * image.channels;
  const compressor = new CompressionStream("deflate");
  const writer = compressor.writable.getWriter();
  const writing = (async () => {
    for (let y = 0; y < image.height; y += rowsPerBlock) {
      const rows = Math.min(rowsPerBlock, image.height - y);
      const above = y > 0 ? image.pixels.subarray((y - 1) * rowBytes, y * rowBytes) : undefined;
      await writer.write(filterScanlines(image.pixels.subarray(y * rowBytes, (y + rows) * rowBytes), rowBytes, rows, image.channels, above));
    }
    await writer.close();
  })();
  const reader = compressor.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value.length > 0) yield chunk("IDAT", value);
  }
  await writing;
  yield chunk("IEND", new Uint8Array(0));
}

import { inflateSync } from "node:zlib";
import { expect } from "vitest";

// A minimal PNG reader written from the PNG specification independently of the writer: chunks
// with their CRCs (computed bit by bit, without a table), IHDR, the inflated IDAT data and the
// five scanline filters of filter method 0.

export interface DecodedPng {
  chunkTypes: string[];
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlace: number;
  /** The filter type of each row. */
  filters: number[];
  /** Samples per pixel, interleaved, rows top to bottom. */
  channels: number;
  pixels: Uint8Array;
  /** Colour type 3: PLTE (RGB per entry) and tRNS (alpha of the first entries), if present. */
  palette?: Uint8Array;
  paletteAlpha?: Uint8Array;
}

function slowCrc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** The value filter `type` predicts from the bytes left (a), above (b) and upper-left (c). */
export function predict(type: number, a: number, b: number, c: number): number {
  if (type === 0) return 0;
  if (type === 1) return a;
  if (type === 2) return b;
  if (type === 3) return Math.floor((a + b) / 2);
  if (type !== 4) throw new Error(`filter type ${type}`);
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function unfilter(data: Uint8Array, width: number, height: number, bpp: number): { pixels: Uint8Array; filters: number[] } {
  const stride = width * bpp;
  expect(data.length).toBe(height * (stride + 1));
  const pixels = new Uint8Array(height * stride);
  const filters: number[] = [];
  for (let y = 0; y < height; y++) {
    const type = data[y * (stride + 1)]!;
    filters.push(type);
    for (let x = 0; x < stride; x++) {
      const filtered = data[y * (stride + 1) + 1 + x]!;
      const a = x >= bpp ? pixels[y * stride + x - bpp]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= bpp && y > 0 ? pixels[(y - 1) * stride + x - bpp]! : 0;
      pixels[y * stride + x] = (filtered + predict(type, a, b, c)) % 256;
    }
  }
  return { pixels, filters };
}

export function readPng(bytes: Uint8Array): DecodedPng {
  expect(Array.from(bytes.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunkTypes: string[] = [];
  const idat: Uint8Array[] = [];
  let ihdr: DataView | undefined;
  let palette: Uint8Array | undefined;
  let paletteAlpha: Uint8Array | undefined;
  let offset = 8;
  while (offset < bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    expect(view.getUint32(offset + 8 + length), `CRC of ${type}`).toBe(slowCrc32(bytes.subarray(offset + 4, offset + 8 + length)));
    chunkTypes.push(type);
    if (type === "IHDR") ihdr = new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (type === "IDAT") idat.push(data);
    if (type === "PLTE") palette = data.slice();
    if (type === "tRNS") paletteAlpha = data.slice();
    offset += 12 + length;
  }
  expect(offset).toBe(bytes.length);
  const width = ihdr!.getUint32(0);
  const height = ihdr!.getUint32(4);
  const colourType = ihdr!.getUint8(9);
  const channels = CHANNELS[colourType]!;
  const joined = new Uint8Array(idat.reduce((n, d) => n + d.length, 0));
  idat.reduce((o, d) => (joined.set(d, o), o + d.length), 0);
  const { pixels, filters } = unfilter(new Uint8Array(inflateSync(joined)), width, height, channels);
  expect([ihdr!.getUint8(10), ihdr!.getUint8(11)]).toEqual([0, 0]);
  if (colourType === 3) {
    expect(palette, "colour type 3 needs a PLTE chunk").toBeDefined();
    expect(palette!.length % 3).toBe(0);
    const entries = palette!.length / 3;
    expect(pixels.every((index) => index < entries)).toBe(true);
  }
  return { chunkTypes, width, height, bitDepth: ihdr!.getUint8(8), colourType, interlace: ihdr!.getUint8(12), filters, channels, pixels, palette, paletteAlpha };
}

/** The decoded image as RGBA whatever its colour type: what a viewer shows. */
export function rgbaOf(png: DecodedPng): Uint8Array {
  const n = png.width * png.height;
  const out = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    const p = png.pixels.subarray(i * png.channels, (i + 1) * png.channels);
    let rgba: number[];
    if (png.colourType === 0) rgba = [p[0]!, p[0]!, p[0]!, 255];
    else if (png.colourType === 4) rgba = [p[0]!, p[0]!, p[0]!, p[1]!];
    else if (png.colourType === 2) rgba = [p[0]!, p[1]!, p[2]!, 255];
    else if (png.colourType === 6) rgba = [p[0]!, p[1]!, p[2]!, p[3]!];
    else {
      const index = p[0]!;
      rgba = [...png.palette!.subarray(index * 3, index * 3 + 3), index < (png.paletteAlpha?.length ?? 0) ? png.paletteAlpha![index]! : 255];
    }
    out.set(rgba, i * 4);
  }
  return out;
}

/** readPng with the pixels as RGBA (rgbaOf), for tests of what a tile shows rather than how it is stored. */
export function readPngRgba(bytes: Uint8Array): DecodedPng {
  const png = readPng(bytes);
  return { ...png, channels: 4, pixels: rgbaOf(png) };
}

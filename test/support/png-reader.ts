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
}

function slowCrc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

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
  let offset = 8;
  while (offset < bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    expect(view.getUint32(offset + 8 + length), `CRC of ${type}`).toBe(slowCrc32(bytes.subarray(offset + 4, offset + 8 + length)));
    chunkTypes.push(type);
    if (type === "IHDR") ihdr = new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (type === "IDAT") idat.push(data);
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
  return { chunkTypes, width, height, bitDepth: ihdr!.getUint8(8), colourType, interlace: ihdr!.getUint8(12), filters, channels, pixels };
}

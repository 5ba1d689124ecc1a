import { deflateSync } from "node:zlib";
import { beforeEach, describe, expect, it } from "vitest";
import { CogFormatError, UnsupportedCodecError } from "../../../src/raster/cog-errors";
import { writeCog } from "../../../src/raster/cog-writer";
import { decompress } from "../../../src/raster/decompress";
import { headerCache } from "../../../src/raster/header-cache";
import { lzwDecode } from "../../../src/raster/lzw";
import { openCog } from "../../../src/raster/open-cog";
import { applyFloatingPoint, applyHorizontal } from "../../../src/raster/predictor";
import { readWindow } from "../../../src/raster/read-window";
import { Tag } from "../../../src/raster/tiff-tags";
import { lzwEncode } from "../../support/lzw-encode";
import { MemoryByteSource } from "../../support/memory-byte-source";
import { band, utmGrid } from "../../support/raster-fixtures";
import { buildTiff, geoTags, imageTags } from "../../support/tiff-builder";

beforeEach(() => headerCache.clear());

/** Sets the Compression tag of every IFD the writer produced (classic little-endian TIFF). */
function patchCompression(tiff: Uint8Array, compression: number): Uint8Array {
  const out = tiff.slice();
  const view = new DataView(out.buffer);
  for (let ifd = view.getUint32(4, true); ifd !== 0; ) {
    const count = view.getUint16(ifd, true);
    for (let i = 0; i < count; i++) {
      const entry = ifd + 2 + 12 * i;
      if (view.getUint16(entry, true) === Tag.Compression) view.setUint16(entry + 8, compression, true);
    }
    ifd = view.getUint32(ifd + 2 + 12 * count, true);
  }
  return out;
}

/** Bytes of `values` in big-endian order. */
function bigEndian(values: Uint16Array | Float64Array): Uint8Array {
  const bytes = new Uint8Array(values.buffer.slice(0));
  const size = values.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
  return bytes;
}

describe("codecs", () => {
  it("names unsupported compressions", async () => {
    const tiff = writeCog([band(utmGrid(8, 8), "uint8", () => 1)], { tileSize: 16, compression: "none" });
    for (const [code, name] of [[34925, "LZMA"], [34712, "JPEG 2000"], [50002, "JPEG XL"], [6, "old-style JPEG"]] as const) {
      const error = await openCog(new MemoryByteSource(patchCompression(tiff, code))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsupportedCodecError);
      expect((error as Error).message).toBe(`COG compression ${name} (${code}) is not supported by this back-end`);
    }
  });

  it("refuses a DEFLATE tile that inflates beyond the tile size, a bomb and corrupt data as format errors", () => {
    expect(() => decompress(8, deflateSync(new Uint8Array(1000)), 999)).toThrow(CogFormatError);
    expect(decompress(8, deflateSync(new Uint8Array(1000)), 1000)).toHaveLength(1000);
    expect(() => decompress(8, deflateSync(new Uint8Array(8 * 2 ** 20)), 1000)).toThrow(/inflates beyond the tile's 1000 bytes/);
    const corrupt = deflateSync(new Uint8Array(1000).fill(7)).map((b, i) => (i > 2 ? b ^ 0x5a : b));
    expect(() => decompress(8, corrupt, 1000)).toThrow(CogFormatError);
    expect(() => decompress(8, corrupt, 1000)).toThrow(/corrupt DEFLATE data/);
  });

  it("inflates tiles of every size to the byte, across the steps in which workerd's inflate grows its output", () => {
    // workerd grows the output by 40 KiB steps; a bound of exactly the tile's size failed from 41 to 122 KiB.
    for (const size of [16_384, 40_960, 41_000, 65_535, 65_536, 65_537, 81_920, 100_000, 122_880, 131_072, 200_000, 1_048_576]) {
      const tile = new Uint8Array(size);
      for (let i = 0; i < size; i++) tile[i] = (i * 7) % 251;
      const out = decompress(8, deflateSync(tile), size);
      expect(out.length, `${size} bytes`).toBe(size);
      expect(out.findIndex((v, i) => v !== tile[i]), `${size} bytes`).toBe(-1);
    }
  });

  it("decodes PackBits: the TIFF 6.0 specification's example, runs cut at the tile's size, early ends as zeros", () => {
    // Section 9 of the TIFF 6.0 specification: packed bytes and what they unpack to.
    const packed = Uint8Array.from([0xfe, 0xaa, 0x02, 0x80, 0x00, 0x2a, 0xfd, 0xaa, 0x03, 0x80, 0x00, 0x2a, 0x22, 0xf7, 0xaa]);
    const unpacked = Uint8Array.from([0xaa, 0xaa, 0xaa, 0x80, 0x00, 0x2a, 0xaa, 0xaa, 0xaa, 0xaa, 0x80, 0x00, 0x2a, 0x22, ...Array(10).fill(0xaa)]);
    expect(decompress(32773, packed, unpacked.length)).toEqual(unpacked);
    // A header of -128 is no operation.
    expect(decompress(32773, Uint8Array.from([0x80, 0x01, 7, 8]), 2)).toEqual(Uint8Array.from([7, 8]));
    // A hostile run of 128 bytes, 1,000 times, stays within a 10-byte tile.
    const runs = new Uint8Array(2000).map((_, i) => (i % 2 === 0 ? 0x81 : 9));
    expect(decompress(32773, runs, 10)).toEqual(new Uint8Array(10).fill(9));
    // A literal that claims more bytes than follow copies those that do.
    expect(decompress(32773, Uint8Array.from([0x05, 1, 2]), 6)).toEqual(Uint8Array.from([1, 2, 0, 0, 0, 0]));
  });

  it("decodes LZW, including table resets on long inputs", () => {
    // Pseudo-random bytes from a small alphabet: long enough to fill the 4096-code table several times.
    const input = new Uint8Array(200_000);
    let seed = 12345;
    for (let i = 0; i < input.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      input[i] = (seed >>> 24) % 7;
    }
    expect(lzwDecode(lzwEncode(input), input.length)).toEqual(input);
    const repetitive = new Uint8Array(5000).fill(42);
    expect(lzwDecode(lzwEncode(repetitive), repetitive.length)).toEqual(repetitive);
  });

  it("reads LZW tiles with the horizontal predictor", async () => {
    // One 16x16 int16 tile over a 10x10 image: value 100 x - 50 y.
    const values = new Int16Array(256);
    for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) values[y * 16 + x] = 100 * x - 50 * y;
    const bytes = new Uint8Array(values.buffer);
    applyHorizontal(bytes, 16, 16, 1, 2);
    const tiff = buildTiff([
      {
        entries: [...imageTags({ width: 10, height: 10, bits: 16, format: 2, compression: 5, predictor: 2, tileSize: 16 }), ...geoTags({ originX: 0, originY: 0, pixel: 1, epsg: 3857 })],
        tiles: [lzwEncode(bytes)],
      },
    ]);
    const data = await readWindow(await openCog(new MemoryByteSource(tiff)), 0, 0, { x: 2, y: 3, width: 3, height: 2 });
    expect(Array.from(data)).toEqual([200 - 150, 300 - 150, 400 - 150, 200 - 200, 300 - 200, 400 - 200]);
  });

  it("reads big-endian tiles with the horizontal and floating-point predictors", async () => {
    const geo = geoTags({ originX: 0, originY: 0, pixel: 1, epsg: 3857 });
    // uint16, value 1000 y + 3 x: the predictor runs on values, then the bytes are stored big-endian.
    const ints = new Uint16Array(256);
    for (let i = 0; i < 256; i++) ints[i] = 1000 * (i >> 4) + 3 * (i & 15);
    const predicted = ints.slice();
    applyHorizontal(new Uint8Array(predicted.buffer), 16, 16, 1, 2);
    // float64, value y - x / 8: predictor 3's byte planes are most significant first in any byte order.
    const floats = new Float64Array(256);
    for (let i = 0; i < 256; i++) floats[i] = (i >> 4) - (i & 15) / 8;
    const planes = new Uint8Array(floats.buffer.slice(0));
    applyFloatingPoint(planes, 16, 16, 1, 8);
    const tiff = (bits: number, format: number, predictor: number, tile: Uint8Array): Uint8Array =>
      buildTiff([{ entries: [...imageTags({ width: 16, height: 16, bits, format, compression: 8, predictor, tileSize: 16 }), ...geo], tiles: [deflateSync(tile)] }], { littleEndian: false });

    const intCog = await openCog(new MemoryByteSource(tiff(16, 1, 2, bigEndian(predicted))));
    expect(Array.from(await readWindow(intCog, 0, 0, { x: 14, y: 2, width: 2, height: 1 }))).toEqual([2042, 2045]);
    const floatCog = await openCog(new MemoryByteSource(tiff(64, 3, 3, planes)));
    expect(Array.from(await readWindow(floatCog, 0, 0, { x: 3, y: 5, width: 2, height: 1 }))).toEqual([5 - 3 / 8, 5 - 4 / 8]);
    const plainCog = await openCog(new MemoryByteSource(tiff(64, 3, 1, bigEndian(floats))));
    expect(Array.from(await readWindow(plainCog, 0, 0, { x: 15, y: 15, width: 1, height: 1 }))).toEqual([15 - 15 / 8]);
  });
});

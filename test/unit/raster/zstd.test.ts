import { beforeEach, describe, expect, it } from "vitest";
import { CogFormatError } from "../../../src/raster/cog-errors";
import { decompress } from "../../../src/raster/decompress";
import { headerCache } from "../../../src/raster/header-cache";
import { openCog } from "../../../src/raster/open-cog";
import { readWindow } from "../../../src/raster/read-window";
import { Compression } from "../../../src/raster/tiff-tags";
import { zstdDecode } from "../../../src/raster/zstd";
import { MemoryByteSource } from "../../support/memory-byte-source";
import { buildTiff, geoTags, imageTags } from "../../support/tiff-builder";

beforeEach(() => headerCache.clear());

const MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

/** A Zstandard block header (RFC 8878 3.1.1.2): last flag, type (0 raw, 1 RLE), size. */
function blockHeader(last: boolean, type: 0 | 1, size: number): number[] {
  const v = (size << 3) | (type << 1) | (last ? 1 : 0);
  return [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff];
}

/** A single-segment frame declaring `contentSize` (< 256) bytes, with the given blocks. */
function frame(contentSize: number, ...blocks: number[][]): Uint8Array {
  return Uint8Array.from([...MAGIC, 0x20, contentSize, ...blocks.flat()]);
}

/** `yes openEO | head -c 700 | zstd -19`: Huffman-coded literals and repeated-offset sequences. */
const OPENEO_ZST = "28b52ffd0468750000386f70656e454f0a0100b2541523537cc4c7";

function hex(text: string): Uint8Array {
  return Uint8Array.from(text.match(/../g)!, (h) => parseInt(h, 16));
}

describe("ZSTD tiles (fzstd)", () => {
  it("decodes raw and run-length blocks written by hand", () => {
    const data = frame(10, [...blockHeader(false, 0, 4), 1, 2, 3, 4], [...blockHeader(true, 1, 6), 9]);
    expect(Array.from(zstdDecode(data, 10))).toEqual([1, 2, 3, 4, 9, 9, 9, 9, 9, 9]);
    expect(Array.from(decompress(Compression.Zstd, data, 10))).toEqual([1, 2, 3, 4, 9, 9, 9, 9, 9, 9]);
  });

  it("decodes what the zstd tool compressed", () => {
    const text = new TextDecoder().decode(zstdDecode(hex(OPENEO_ZST), 700));
    expect(text).toBe("openEO\n".repeat(100));
  });

  it("stops a frame that decodes beyond the tile, and refuses corrupt data", () => {
    // 100 run-length blocks of 100 KiB each declared in 300 bytes: 10 MiB for a 1000-byte tile.
    const bomb = Uint8Array.from([...MAGIC, 0x00, 0x58, ...Array.from({ length: 100 }, (_, i) => [...blockHeader(i === 99, 1, 100 * 1024), 7]).flat()]);
    expect(() => zstdDecode(bomb, 1000)).toThrow(/decompresses beyond the tile's 1000 bytes/);
    expect(() => zstdDecode(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 1000)).toThrow(CogFormatError);
    const cut = hex(OPENEO_ZST).subarray(0, 15);
    expect(() => zstdDecode(cut, 700)).toThrow(/corrupt ZSTD data/);
  });

  it("leaves zeros where a tile's data ends early", () => {
    const out = decompress(Compression.Zstd, frame(3, [...blockHeader(true, 0, 3), 5, 6, 7]), 3);
    expect(Array.from(out)).toEqual([5, 6, 7]);
  });

  it("reads ZSTD tiles with the horizontal predictor through the COG reader", async () => {
    // One 16x16 uint8 tile over a 16x16 image, value 7 everywhere: predictor 2 stores 7 then 0s per row.
    const row = [7, ...new Array<number>(15).fill(0)];
    const raw = new Array<number[]>(16).fill(row).flat();
    // No content size (256 needs two bytes): a window descriptor (4 KiB) follows the frame header descriptor instead.
    const unsized = Uint8Array.from([...MAGIC, 0x00, 0x10, ...blockHeader(true, 0, 256), ...raw]);
    const tiff = buildTiff([
      { entries: [...imageTags({ width: 16, height: 16, bits: 8, format: 1, compression: Compression.Zstd, predictor: 2, tileSize: 16 }), ...geoTags({ originX: 0, originY: 0, pixel: 1, epsg: 3857 })], tiles: [unsized] },
    ]);
    const data = await readWindow(await openCog(new MemoryByteSource(tiff)), 0, 0, { x: 0, y: 0, width: 16, height: 16 });
    expect(Array.from(data)).toEqual(new Array<number>(256).fill(7));
  });
});

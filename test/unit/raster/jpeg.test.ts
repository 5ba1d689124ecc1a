import { beforeEach, describe, expect, it } from "vitest";
import { CogFormatError } from "../../../src/raster/cog-errors";
import { headerCache } from "../../../src/raster/header-cache";
import { jpegDecode } from "../../../src/raster/jpeg";
import { openCog } from "../../../src/raster/open-cog";
import { readWindow } from "../../../src/raster/read-window";
import { Compression, FieldType, Photometric, Tag } from "../../../src/raster/tiff-tags";
import { flatJpeg, jpegTables } from "../../support/jpeg-builder";
import { MemoryByteSource } from "../../support/memory-byte-source";
import { buildTiff, geoTags, imageTags } from "../../support/tiff-builder";

beforeEach(() => headerCache.clear());

/** libjpeg's YCbCr -> RGB (JFIF, full range) for one flat colour, in floating point; flat colours round alike. */
function rgbOf(y: number, cb: number, cr: number): number[] {
  const clamp = (v: number): number => Math.min(255, Math.max(0, Math.round(v)));
  return [clamp(y + 1.402 * (cr - 128)), clamp(y - 0.34414 * (cb - 128) - 0.71414 * (cr - 128)), clamp(y + 1.772 * (cb - 128))];
}

describe("JPEG tiles (our baseline decoder)", () => {
  it("decodes a greyscale stream of DC-only blocks to DC / 8 + 128", () => {
    const out = jpegDecode(flatJpeg(16, 16, [{ h: 1, v: 1, value: 77 }]), null, { width: 16, height: 16, samples: 1 }, false);
    expect(Array.from(new Set(out))).toEqual([77]);
    expect(out).toHaveLength(256);
  });

  it("takes the tables from JPEGTables when the tile's stream leaves them out", () => {
    const abbreviated = flatJpeg(16, 16, [{ h: 1, v: 1, value: 200 }], false);
    expect(() => jpegDecode(abbreviated, null, { width: 16, height: 16, samples: 1 }, false)).toThrow(/missing component or table/);
    expect(Array.from(new Set(jpegDecode(abbreviated, jpegTables(), { width: 16, height: 16, samples: 1 }, false)))).toEqual([200]);
  });

  it("converts YCbCr to RGB, subsampled chroma included, and leaves RGB tiles as they are", () => {
    const shape = { width: 32, height: 16, samples: 3 };
    for (const [h, v] of [[1, 1], [2, 2], [2, 1]]) {
      const stream = flatJpeg(32, 16, [{ h: h!, v: v!, value: 128 }, { h: 1, v: 1, value: 90 }, { h: 1, v: 1, value: 200 }]);
      const out = jpegDecode(stream, null, shape, true);
      expect(Array.from(out.subarray(0, 3)), `${h}x${v}`).toEqual(rgbOf(128, 90, 200));
      expect(Array.from(out.subarray(out.length - 3)), `${h}x${v}`).toEqual(rgbOf(128, 90, 200));
    }
    const rgb = jpegDecode(flatJpeg(32, 16, [{ h: 1, v: 1, value: 10 }, { h: 1, v: 1, value: 20 }, { h: 1, v: 1, value: 30 }]), null, shape, false);
    expect(Array.from(rgb.subarray(3 * 100, 3 * 101))).toEqual([10, 20, 30]);
  });

  it("resets the DC predictions at restart markers", () => {
    // Two MCUs (of one block each) per interval: the first block after each marker codes its DC afresh.
    const stream = flatJpeg(64, 16, [{ h: 1, v: 1, value: 33 }], true, 0xc0, 2);
    expect(stream.filter((b, i) => b === 0xff && stream[i + 1]! >= 0xd0 && stream[i + 1]! <= 0xd7)).toHaveLength(7);
    expect(Array.from(new Set(jpegDecode(stream, null, { width: 64, height: 16, samples: 1 }, false)))).toEqual([33]);
    const ycc = flatJpeg(32, 32, [{ h: 2, v: 2, value: 128 }, { h: 1, v: 1, value: 90 }, { h: 1, v: 1, value: 200 }], true, 0xc0, 1);
    const rgb = jpegDecode(ycc, null, { width: 32, height: 32, samples: 3 }, true);
    expect(Array.from(rgb.subarray(rgb.length - 3))).toEqual(rgbOf(128, 90, 200));
  });

  it("leaves zeros below a frame shorter than the tile (the last strip)", () => {
    const out = jpegDecode(flatJpeg(16, 8, [{ h: 1, v: 1, value: 50 }]), null, { width: 16, height: 16, samples: 1 }, false);
    expect(out[16 * 8 - 1]).toBe(50);
    expect(out[16 * 8]).toBe(0);
  });

  it("refuses frames that don't fit the tile, other JPEG processes and corrupt streams", () => {
    const grey = { width: 16, height: 16, samples: 1 };
    expect(() => jpegDecode(flatJpeg(32, 16, [{ h: 1, v: 1, value: 1 }]), null, grey, false)).toThrow(/a JPEG of 32 x 16 px and 1 components in a tile of 16 x 16 px/);
    expect(() => jpegDecode(flatJpeg(16, 16, [{ h: 1, v: 1, value: 1 }], true, 0xc2), null, grey, false)).toThrow(/SOF2 .* not supported/);
    expect(() => jpegDecode(Uint8Array.from([1, 2, 3]), null, grey, false)).toThrow(/no start of image/);
    const stream = flatJpeg(16, 16, [{ h: 1, v: 1, value: 1 }]);
    expect(() => jpegDecode(stream.subarray(0, 30), null, grey, false)).toThrow(/truncated/);
    // Category 15 has no code in the DC table: every bit pattern 1100-1111 is a bad code here.
    const bad = stream.slice();
    bad[bad.length - 6] = 0xfe;
    bad[bad.length - 5] = 0x00;
    expect(() => jpegDecode(bad, null, grey, false)).toThrow(CogFormatError);
    // A second scan of the one component: each would decode the whole frame again.
    const sos = stream.findIndex((b, i) => b === 0xff && stream[i + 1] === 0xda);
    const twice = Uint8Array.from([...stream.subarray(0, stream.length - 2), ...stream.subarray(sos)]);
    expect(() => jpegDecode(twice, null, grey, false)).toThrow(/more scans than components/);
  });

  it("reads a YCbCr JPEG GeoTIFF with JPEGTables through the COG reader", async () => {
    const tiff = buildTiff([
      {
        entries: [
          ...imageTags({ width: 16, height: 16, bits: 8, format: 1, samples: 3, compression: Compression.Jpeg, tileSize: 16 }),
          ...geoTags({ originX: 0, originY: 0, pixel: 1, epsg: 3857 }),
          { tag: Tag.Photometric, type: FieldType.SHORT, values: [Photometric.YCbCr] },
          { tag: Tag.JpegTables, type: FieldType.UNDEFINED, values: Array.from(jpegTables()) },
        ],
        tiles: [flatJpeg(16, 16, [{ h: 2, v: 2, value: 60 }, { h: 1, v: 1, value: 160 }, { h: 1, v: 1, value: 100 }], false)],
      },
    ]);
    const cog = await openCog(new MemoryByteSource(tiff));
    const bands = await Promise.all([0, 1, 2].map((s) => readWindow(cog, 0, s, { x: 5, y: 9, width: 1, height: 1 })));
    expect(bands.map((b) => b[0])).toEqual(rgbOf(60, 160, 100));
  });

  it("refuses JPEG of 16-bit samples and YCbCr without JPEG when the header is read", async () => {
    const geo = geoTags({ originX: 0, originY: 0, pixel: 1, epsg: 3857 });
    const jpeg16 = buildTiff([{ entries: [...imageTags({ width: 16, height: 16, bits: 16, format: 1, compression: Compression.Jpeg, tileSize: 16 }), ...geo], tiles: [new Uint8Array(8)] }]);
    await expect(openCog(new MemoryByteSource(jpeg16))).rejects.toThrow(/JPEG tiles of uint16 samples are not supported/);
    const rawYcc = buildTiff([
      { entries: [...imageTags({ width: 16, height: 16, bits: 8, format: 1, samples: 3, tileSize: 16 }), ...geo, { tag: Tag.Photometric, type: FieldType.SHORT, values: [Photometric.YCbCr] }], tiles: [new Uint8Array(768)] },
    ]);
    await expect(openCog(new MemoryByteSource(rawYcc))).rejects.toThrow(/YCbCr images are supported with JPEG compression only/);
  });
});

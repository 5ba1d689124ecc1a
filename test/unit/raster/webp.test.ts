import { beforeEach, describe, expect, it } from "vitest";
import { CogFormatError } from "../../../src/raster/cog-errors";
import { headerCache } from "../../../src/raster/header-cache";
import { openCog } from "../../../src/raster/open-cog";
import { readWindow } from "../../../src/raster/read-window";
import { Compression } from "../../../src/raster/tiff-tags";
import { webpDecode, webpReady, webpSize } from "../../../src/raster/webp";
import { MemoryByteSource } from "../../support/memory-byte-source";
import { buildTiff, geoTags, imageTags } from "../../support/tiff-builder";

beforeEach(() => headerCache.clear());

/** The one tile of a 16x16 RGB GeoTIFF GDAL 3.6 wrote with COMPRESS=WEBP, WEBP_LOSSLESS=YES: red 16 x, green 16 y, blue 100. */
const TILE = hex("524946462e000000574542505650384c220000002f0fc00300993244f43f3611d1ff0091b64d25dcbfe1c1d38118b29800aa0ed47f00");
const SHAPE = { width: 16, height: 16, samples: 3 };

function hex(text: string): Uint8Array {
  return Uint8Array.from(text.match(/../g)!, (h) => parseInt(h, 16));
}

function expectedRgb(): number[] {
  return Array.from({ length: 256 }, (_, p) => [16 * (p % 16), 16 * Math.floor(p / 16), 100]).flat();
}

describe("WEBP tiles (libwebp as WebAssembly, in workerd)", () => {
  it("decodes GDAL's lossless tile to RGB, and to RGBA with an opaque alpha", async () => {
    await webpReady();
    expect(webpReady()).toBeUndefined();
    expect(Array.from(webpDecode(TILE, SHAPE))).toEqual(expectedRgb());
    const rgba = webpDecode(TILE, { ...SHAPE, samples: 4 });
    expect(Array.from(rgba.subarray(4 * 37, 4 * 38))).toEqual([16 * 5, 16 * 2, 100, 255]);
  });

  it("reads the size from the header and refuses images that don't fit the tile, and corrupt data", async () => {
    await webpReady();
    expect(webpSize(TILE)).toEqual([16, 16]);
    expect(() => webpDecode(TILE, { ...SHAPE, width: 32 })).toThrow(/a WEBP image of 16 x 16 px in a 32 x 16 px tile/);
    expect(() => webpDecode(TILE.subarray(0, 20), SHAPE)).toThrow(/no RIFF WEBP header/);
    const cut = TILE.slice(0, 40);
    expect(() => webpDecode(cut, SHAPE)).toThrow(CogFormatError);
    const unknown = TILE.slice();
    unknown.set([0x41, 0x4c, 0x50, 0x48], 12);
    expect(() => webpDecode(unknown, SHAPE)).toThrow(/chunk "ALPH"/);
  });

  it("reads a WEBP GeoTIFF through the COG reader, loading the decoder on first use", async () => {
    const tiff = buildTiff([
      { entries: [...imageTags({ width: 16, height: 16, bits: 8, format: 1, samples: 3, compression: Compression.Webp, tileSize: 16 }), ...geoTags({ originX: 0, originY: 0, pixel: 1, epsg: 3857 })], tiles: [TILE] },
    ]);
    const cog = await openCog(new MemoryByteSource(tiff));
    const bands = await Promise.all([0, 1, 2].map((s) => readWindow(cog, 0, s, { x: 5, y: 3, width: 2, height: 1 })));
    expect(bands.map((b) => Array.from(b))).toEqual([[80, 96], [48, 48], [100, 100]]);
  });

  it("refuses WEBP of one band when the header is read", async () => {
    const tiff = buildTiff([
      { entries: [...imageTags({ width: 16, height: 16, bits: 8, format: 1, compression: Compression.Webp, tileSize: 16 }), ...geoTags({ originX: 0, originY: 0, pixel: 1, epsg: 3857 })], tiles: [TILE] },
    ]);
    await expect(openCog(new MemoryByteSource(tiff))).rejects.toThrow(/WEBP tiles are supported with 3 or 4 interleaved samples/);
  });
});

import { deflateSync } from "node:zlib";
import { beforeEach, describe, expect, it } from "vitest";
import { CogFormatError } from "../../../src/raster/cog-errors";
import { headerCache } from "../../../src/raster/header-cache";
import { lercDecode, LercWrapping } from "../../../src/raster/lerc";
import { openCog } from "../../../src/raster/open-cog";
import { readWindow } from "../../../src/raster/read-window";
import { Compression, FieldType, Tag } from "../../../src/raster/tiff-tags";
import { MemoryByteSource } from "../../support/memory-byte-source";
import { buildTiff, geoTags, imageTags } from "../../support/tiff-builder";

beforeEach(() => headerCache.clear());

/**
 * The one tile of a 16x16 uint16 GeoTIFF that GDAL 3.6 wrote with COMPRESS=LERC (lossless,
 * MAX_Z_ERROR 0), value 1000 y + 3 x: a Lerc2 version 4 blob.
 */
const TILE_HEX =
  "4c6572633220040000009779305d1000000010000000010000000001000008000000fd01000003000000000000000000e03f0000000000000000000000008062cd40000000000000c53a0041008d40006000188004c0001e8004a800e8637db88ff8413fee87fee81fd067fa589fecc37dbe8ff8293fb86b77f9aee045bc8e97f26a5ea06ff499bed4c7fa5e9fecab7d8873713acec849392fa7e6ec9c7077eedaddbccb77ffaee02dbc587b6b7bedb04db6cfb6da6edb45188d40006000188004c0001e8004a800e8637db88ff8413fee87fee81fd067fa589fecc37dbe8ff8293fb86b77f9aee045bc8e97f26a5ea06ff499bed4c7fa5e9fecab7d8873713acec849392fa7e6ec9c7077eedaddbccb77ffaee02dbc587b6b7bedb04db6cfb6da6edb01401f8d40006000188004c0001e8004a800e8637db88ff8413fee87fee81fd067fa589fecc37dbe8ff8293fb86b77f9aee045bc8e97f26a5ea06ff499bed4c7fa5e9fecab7d8873713acec849392fa7e6ec9c7077eedaddbccb77ffaee02dbc587b6b7bedb04db6cfb6da6edb05581f8d40006000188004c0001e8004a800e8637db88ff8413fee87fee81fd067fa589fecc37dbe8ff8293fb86b77f9aee045bc8e97f26a5ea06ff499bed4c7fa5e9fecab7d8873713acec849392fa7e6ec9c7077eedaddbccb77ffaee02dbc587b6b7bedb04db6cfb6da6edb";
const TILE = Uint8Array.from(TILE_HEX.match(/../g)!, (h) => parseInt(h, 16));
const SHAPE = { width: 16, height: 16, samples: 1, dataType: "uint16" as const };

function expected(): number[] {
  return Array.from({ length: 256 }, (_, i) => 1000 * (i >> 4) + 3 * (i & 15));
}

/** A zstd frame holding `bytes` as one raw block (RFC 8878), as LERC_ZSTD wraps a blob. */
function zstdRaw(bytes: Uint8Array): Uint8Array {
  const header = (bytes.length << 3) | 1;
  return Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x30, header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff, ...bytes]);
}

describe("LERC tiles (Esri's lerc decoder)", () => {
  it("decodes GDAL's blob, bare and wrapped in DEFLATE or ZSTD", () => {
    expect(Array.from(lercDecode(TILE, SHAPE, LercWrapping.None))).toEqual(expected());
    expect(Array.from(lercDecode(deflateSync(TILE), SHAPE, LercWrapping.Deflate))).toEqual(expected());
    expect(Array.from(lercDecode(zstdRaw(TILE), SHAPE, LercWrapping.Zstd))).toEqual(expected());
  });

  it("converts to the image's type and spreads bands over a chunky tile", () => {
    // Two bands (blobs) in one tile of a 2-sample image: pixel-interleaved, as float32.
    const twoBands = Uint8Array.from([...TILE, ...TILE]);
    const out = lercDecode(twoBands, { ...SHAPE, samples: 2, dataType: "float32" }, LercWrapping.None);
    expect(out).toBeInstanceOf(Float32Array);
    expect(Array.from(out.subarray(0, 6))).toEqual([0, 0, 3, 3, 6, 6]);
  });

  it("refuses blobs that don't fit the tile, corrupt blobs and unknown wrappings", () => {
    expect(() => lercDecode(TILE, { ...SHAPE, width: 32 }, LercWrapping.None)).toThrow(/LERC blob of 16 x 16 px in a 32 x 16 px tile/);
    expect(() => lercDecode(TILE, { ...SHAPE, samples: 3 }, LercWrapping.None)).toThrow(/holds 1 values a pixel where the image has 3/);
    expect(() => lercDecode(TILE.subarray(0, 200), SHAPE, LercWrapping.None)).toThrow(/truncated/);
    const flipped = TILE.slice();
    flipped[300] = flipped[300]! ^ 0xff;
    expect(() => lercDecode(flipped, SHAPE, LercWrapping.None)).toThrow(/corrupt LERC data \(Checksum failed/);
    expect(() => lercDecode(Uint8Array.from("CntZImage 0000000000000000000000000000000000", (c) => c.charCodeAt(0)), SHAPE, LercWrapping.None)).toThrow(/not a Lerc2 blob/);
    expect(() => lercDecode(TILE, SHAPE, 7)).toThrow(CogFormatError);
    // A blob whose wrapping inflates past twice the tile is not a tile of this image.
    expect(() => lercDecode(deflateSync(new Uint8Array(200_000)), SHAPE, LercWrapping.Deflate)).toThrow(/inflates beyond/);
  });

  it("reads a LERC_DEFLATE GeoTIFF through the COG reader, LercParameters telling the wrapping", async () => {
    const tiff = buildTiff([
      {
        entries: [
          ...imageTags({ width: 16, height: 16, bits: 16, format: 1, compression: Compression.Lerc, predictor: 1, tileSize: 16 }),
          ...geoTags({ originX: 0, originY: 0, pixel: 1, epsg: 3857 }),
          { tag: Tag.LercParameters, type: FieldType.LONG, values: [4, LercWrapping.Deflate] },
        ],
        tiles: [deflateSync(TILE)],
      },
    ]);
    const data = await readWindow(await openCog(new MemoryByteSource(tiff)), 0, 0, { x: 14, y: 2, width: 2, height: 1 });
    expect(Array.from(data)).toEqual([2042, 2045]);
  });

  it("refuses a predictor with LERC when the header is read", async () => {
    const tiff = buildTiff([
      { entries: [...imageTags({ width: 16, height: 16, bits: 16, format: 1, compression: Compression.Lerc, predictor: 2, tileSize: 16 }), ...geoTags({ originX: 0, originY: 0, pixel: 1, epsg: 3857 })], tiles: [TILE] },
    ]);
    await expect(openCog(new MemoryByteSource(tiff))).rejects.toThrow(/predictor 2 with LERC compression is not supported/);
  });
});

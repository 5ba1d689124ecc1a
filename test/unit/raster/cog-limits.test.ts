import { deflateSync } from "node:zlib";
import { beforeEach, describe, expect, it } from "vitest";
import { CogFormatError } from "../../../src/raster/cog-errors";
import { CountingByteSource, ReadStats } from "../../../src/raster/counting-byte-source";
import { headerCache } from "../../../src/raster/header-cache";
import { openCog } from "../../../src/raster/open-cog";
import { FieldType, Tag } from "../../../src/raster/tiff-tags";
import { MemoryByteSource } from "../../support/memory-byte-source";
import { buildTiff, geoTags, imageTags, type BuildEntry } from "../../support/tiff-builder";

beforeEach(() => headerCache.clear());

const GEO = geoTags({ originX: 500000, originY: 5000000, pixel: 10, epsg: 32633 });

type Shape = Parameters<typeof imageTags>[0];

/** A TIFF whose header declares `shape`, with one tiny stored tile (or strip) per tile it needs at most. */
function crafted(shape: Shape, options: { tiles?: number; extra?: BuildEntry[]; epsg?: number } = {}): Uint8Array {
  const geo = options.epsg ? geoTags({ originX: 0, originY: 0, pixel: 1, epsg: options.epsg }) : GEO;
  const entries = [...imageTags(shape), ...geo, ...(options.extra ?? [])];
  // Later entries of a tag replace earlier ones, so `extra` can override what imageTags wrote.
  const byTag = new Map(entries.map((e) => [e.tag, e]));
  const tiles = Array.from({ length: options.tiles ?? 1 }, () => deflateSync(new Uint8Array(16)));
  return buildTiff([{ entries: [...byTag.values()], tiles, strips: shape.tileSize === undefined }]);
}

/** Sets the (inline, LONG) value of `tag` in the first IFD of a classic little-endian TIFF. */
function patchLong(tiff: Uint8Array, tag: number, value: number): Uint8Array {
  const out = tiff.slice();
  const view = new DataView(out.buffer);
  const ifd = view.getUint32(4, true);
  for (let i = 0; i < view.getUint16(ifd, true); i++) {
    const entry = ifd + 2 + 12 * i;
    if (view.getUint16(entry, true) === tag) view.setUint32(entry + 8, value, true);
  }
  return out;
}

async function refusal(tiff: Uint8Array): Promise<CogFormatError> {
  const error = await openCog(new MemoryByteSource(tiff), "https://host.example/crafted.tif").catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CogFormatError);
  expect((error as CogFormatError).file).toBe("https://host.example/crafted.tif");
  return error as CogFormatError;
}

describe("TIFF header values are checked before anything is allocated or fetched from them", () => {
  it("a few hundred bytes declaring one 8192² float64 tile (512 MiB)", async () => {
    const tiff = crafted({ width: 8192, height: 8192, bits: 64, format: 3, compression: 8, tileSize: 8192 });
    expect(tiff.length).toBeLessThan(400);
    expect((await refusal(tiff)).message).toContain("tiles of 8192 x 8192 pixels");
  });

  it("tiles within the side limit that decode to more than 16 MiB: 4096² float64, 2048² x 8192 samples", async () => {
    const big = await refusal(crafted({ width: 4096, height: 4096, bits: 64, format: 3, compression: 8, tileSize: 4096 }));
    expect(big.message).toContain("decode to 134217728 bytes each; at most 16777216");
    const samples = await refusal(crafted({ width: 16, height: 16, bits: 8, format: 1, samples: 8192, tileSize: 16 }));
    expect(samples.message).toContain("8192 samples per pixel; at most 512");
    const chunky = await refusal(crafted({ width: 512, height: 512, bits: 32, format: 3, samples: 512, tileSize: 512 }));
    expect(chunky.message).toContain("decode to 536870912 bytes");
  });

  it("a 100000² tile, 2^32 - 1 pixels, tiles that are no multiple of 16, and zero rows per strip", async () => {
    expect((await refusal(crafted({ width: 100000, height: 100000, bits: 8, format: 1, tileSize: 100000 }))).message).toContain("tiles of 100000 x 100000");
    const huge = await refusal(crafted({ width: 2 ** 32 - 1, height: 2 ** 32 - 1, bits: 8, format: 1, tileSize: 256 }));
    expect(huge.message).toContain(`${2 ** 32 - 1} x ${2 ** 32 - 1} pixels; at most 1048576`);
    expect((await refusal(crafted({ width: 64, height: 64, bits: 8, format: 1, tileSize: 20 }))).message).toContain("multiples of 16");
    expect((await refusal(crafted({ width: 64, height: 64, bits: 8, format: 1, rowsPerStrip: 0 }))).message).toContain("strips of 0 rows");
  });

  it("one strip of a whole large image: refused by its decoded size, with GDAL's remedy", async () => {
    const error = await refusal(crafted({ width: 10980, height: 10980, bits: 16, format: 1, rowsPerStrip: 10980 }));
    expect(error.message).toContain("strips of 10980 x 10980 pixels decode to 241120800 bytes");
    expect(error.message).toContain("gdal_translate -of COG");
  });

  it("a tile declaring 1 GB of stored bytes is refused without fetching it", async () => {
    const tiff = patchLong(crafted({ width: 256, height: 256, bits: 8, format: 1, compression: 8, tileSize: 256 }), Tag.TileByteCounts, 2 ** 30);
    const stats = new ReadStats();
    const error = await openCog(new CountingByteSource(new MemoryByteSource(tiff), stats)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CogFormatError);
    expect((error as Error).message).toContain("declares 1073741824 stored bytes; a tile of 65536 bytes takes at most 99328");
    expect(stats.bytes).toBeLessThan(64 * 1024);
  });

  it("fewer tiles listed than the image needs, unknown bit depths, predictors and CRSs", async () => {
    expect((await refusal(crafted({ width: 64, height: 64, bits: 8, format: 1, tileSize: 16 }, { tiles: 3 }))).message).toContain("lists 3 tiles where 16 are needed");
    expect((await refusal(crafted({ width: 16, height: 16, bits: 12, format: 1, tileSize: 16 }))).message).toContain("12 bits");
    expect((await refusal(crafted({ width: 16, height: 16, bits: 16, format: 1, compression: 8, predictor: 3, tileSize: 16 }))).message).toContain("predictor 3 is not supported for uint16");
    expect((await refusal(crafted({ width: 16, height: 16, bits: 8, format: 1, compression: 8, predictor: 7, tileSize: 16 }))).message).toContain("predictor 7");
    expect((await refusal(crafted({ width: 16, height: 16, bits: 8, format: 1, tileSize: 16 }, { epsg: 31468 }))).message).toContain("EPSG:31468 is not supported");
  });

  it("the limits admit GDAL's layouts: 1024² float32 tiles of 4 samples, a Sentinel-2 band in strips of 256 rows", async () => {
    const tiles = (await openCog(new MemoryByteSource(crafted({ width: 2048, height: 2048, bits: 32, format: 3, samples: 4, tileSize: 1024 }, { tiles: 4 })))).header;
    expect(tiles.levels[0]).toMatchObject({ tileWidth: 1024, samplesPerPixel: 4, dataType: "float32" });
    const strips = (await openCog(new MemoryByteSource(crafted({ width: 10980, height: 10980, bits: 16, format: 1, rowsPerStrip: 256 }, { tiles: 43 })))).header;
    expect(strips.levels[0]).toMatchObject({ tileWidth: 10980, tileHeight: 256, tilesDown: 43 });
  });
});

describe("the header read itself is bounded", () => {
  it("tag values of all IFDs together: three images each listing 2 million extra samples", async () => {
    // 4 MB of SHORTs per image would become 16 MiB of parsed values each.
    const extra: BuildEntry = { tag: Tag.ExtraSamples, type: FieldType.SHORT, values: new Array<number>(2_000_000).fill(0) };
    const image = (side: number, subfileType: number) => ({
      entries: [...imageTags({ width: side, height: side, bits: 8, format: 1, tileSize: 16, subfileType }), ...GEO, extra],
      tiles: Array.from({ length: (side / 16) ** 2 }, () => new Uint8Array(16)),
    });
    const error = await refusal(buildTiff([image(64, 0), image(32, 1), image(16, 1)]));
    expect(error.message).toContain("TIFF tags hold more than 4194304 values");
  });

  it("tag arrays reaching beyond 16 MiB are refused after reading at most 16 MiB", async () => {
    // A TileOffsets array of 3 x 2^20 LONG8 values (24 MiB) in a BigTIFF of 20 MB that a server would serve whole.
    const big = buildTiff([{ entries: [...imageTags({ width: 64, height: 64, bits: 8, format: 1, tileSize: 16 }), ...GEO], tiles: Array.from({ length: 16 }, () => new Uint8Array(16)) }], { bigTiff: true });
    const padded = new Uint8Array(20 * 2 ** 20);
    padded.set(big);
    const view = new DataView(padded.buffer);
    const ifd = Number(view.getBigUint64(8, true));
    for (let i = 0; i < Number(view.getBigUint64(ifd, true)); i++) {
      const entry = ifd + 8 + 20 * i;
      if (view.getUint16(entry, true) === Tag.TileOffsets) view.setBigUint64(entry + 4, BigInt(3 * 2 ** 20), true);
    }
    const stats = new ReadStats();
    const error = await openCog(new CountingByteSource(new MemoryByteSource(padded), stats)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CogFormatError);
    expect((error as Error).message).toContain("larger than 16777216 bytes");
    expect(stats.bytes).toBeLessThanOrEqual(16 * 2 ** 20);
  });
});

import { beforeEach, describe, expect, it } from "vitest";
import { writeCog } from "../../../src/raster/cog-writer";
import { allocate, bytesPerSample } from "../../../src/raster/data-types";
import type { DataType } from "../../../src/raster/grid";
import { headerCache } from "../../../src/raster/header-cache";
import { openCog } from "../../../src/raster/open-cog";
import { applyFloatingPoint, applyHorizontal } from "../../../src/raster/predictor";
import { readWindow } from "../../../src/raster/read-window";
import { lzwEncode } from "../../support/lzw-encode";
import { MemoryByteSource } from "../../support/memory-byte-source";
import { band, pattern, utmGrid } from "../../support/raster-fixtures";
import { buildTiff, geoTags, imageTags } from "../../support/tiff-builder";

/**
 * The tile layouts GDAL writes by default (-of COG: 512; BLOCKSIZE 128 and 256 are common), in the
 * data types of imagery, for every codec and predictor: tiles decode to 16 KiB .. 1 MiB, across
 * the 40 KiB steps in which workerd's inflate grows its output.
 */
const TYPES: DataType[] = ["uint8", "uint16", "int16", "float32"];
const SIZES = [128, 256, 512];

beforeEach(() => headerCache.clear());

/** All pixels of a COG with one band of `pattern(type, 0)`, read whole, differing from the pattern. */
async function wrongPixels(tiff: Uint8Array, type: DataType, width: number, height: number): Promise<string[]> {
  const cog = await openCog(new MemoryByteSource(tiff));
  const data = await readWindow(cog, 0, 0, { x: 0, y: 0, width, height });
  const value = pattern(type, 0);
  const wrong: string[] = [];
  for (let i = 0; i < data.length && wrong.length < 3; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    const want = type === "float32" ? Math.fround(value(x, y)) : value(x, y);
    if (data[i] !== want) wrong.push(`(${x}, ${y}) = ${data[i]}, not ${want}`);
  }
  return wrong;
}

/** An LZW-tiled TIFF of `pattern(type, 0)`, tiles encoded here (our writer writes DEFLATE only). */
function lzwTiff(type: DataType, size: number, predictor: number, width: number, height: number): Uint8Array {
  const value = pattern(type, 0);
  const tiles: Uint8Array[] = [];
  for (let ty = 0; ty < Math.ceil(height / size); ty++) {
    for (let tx = 0; tx < Math.ceil(width / size); tx++) {
      const tile = allocate(type, size * size);
      for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) tile[y * size + x] = value(tx * size + x, ty * size + y);
      const bytes = new Uint8Array(tile.buffer);
      if (predictor === 2) applyHorizontal(bytes, size, size, 1, bytesPerSample(type));
      if (predictor === 3) applyFloatingPoint(bytes, size, size, 1, bytesPerSample(type));
      tiles.push(lzwEncode(bytes));
    }
  }
  const format = type.startsWith("float") ? 3 : type.startsWith("int") ? 2 : 1;
  const tags = imageTags({ width, height, bits: 8 * bytesPerSample(type), format, compression: 5, predictor, tileSize: size });
  return buildTiff([{ entries: [...tags, ...geoTags({ originX: 500000, originY: 5000000, pixel: 10, epsg: 32633 })], tiles }]);
}

describe("every tile size, data type, codec and predictor reads back pixel for pixel", () => {
  for (const type of TYPES) {
    const predictors = type === "float32" ? [1, 2, 3] : [1, 2];
    for (const size of SIZES) {
      // One and a half tiles each way: full tiles and partial edge tiles.
      const width = size + size / 2;
      const height = size + size / 4;
      it(`${type}, ${size}-px tiles (${size * size * bytesPerSample(type)} bytes), DEFLATE`, async () => {
        for (const predictor of predictors) {
          const tiff = writeCog([band(utmGrid(width, height), type, pattern(type, 0))], { tileSize: size, compression: "deflate", predictor: predictor as 1 | 2 | 3 });
          expect(await wrongPixels(tiff, type, width, height), `predictor ${predictor}`).toEqual([]);
        }
      });
      it(`${type}, ${size}-px tiles, LZW`, async () => {
        for (const predictor of predictors) {
          expect(await wrongPixels(lzwTiff(type, size, predictor, width, height), type, width, height), `predictor ${predictor}`).toEqual([]);
        }
      });
    }
  }
});

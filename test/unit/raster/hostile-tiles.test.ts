import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CogFormatError } from "../../../src/raster/cog-errors";
import { jpegDecode } from "../../../src/raster/jpeg";
import { lercDecode, LercWrapping } from "../../../src/raster/lerc";
import { webpDecode, webpReady } from "../../../src/raster/webp";
import { zstdDecode } from "../../../src/raster/zstd";
import { LERC_TILE, OPENEO_ZST, WEBP_TILE } from "../../support/codec-fixtures";
import { flatJpeg, jpegTables } from "../../support/jpeg-builder";

/** A fixed pseudo-random sequence (LCG), so that every run mutates the same way. */
function generator(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** `count` corruptions of `tile`: bytes overwritten, cut short, runs of 0xFF, a header byte changed. */
function mutations(tile: Uint8Array, count: number, seed: number): Uint8Array[] {
  const random = generator(seed);
  const at = (n: number) => Math.floor(random() * n);
  return Array.from({ length: count }, (_, i) => {
    const t = new Uint8Array(tile);
    switch (i % 4) {
      case 0:
        for (let k = 0; k < 1 + at(8); k++) t[at(t.length)] = at(256);
        return t;
      case 1:
        return t.subarray(0, at(t.length));
      case 2: {
        const start = at(t.length);
        return t.fill(0xff, start, start + at(64));
      }
      default:
        t[at(Math.min(64, t.length))] = at(256);
        return t;
    }
  });
}

/** Decodes every mutation: each must decode or fail with a CogFormatError, never anything else. */
function expectOnlyFormatErrors(tiles: Uint8Array[], decode: (tile: Uint8Array) => unknown): void {
  const other: string[] = [];
  for (const [i, tile] of tiles.entries()) {
    try {
      decode(tile);
    } catch (error) {
      if (!(error instanceof CogFormatError)) other.push(`mutation ${i}: ${String(error)}`);
    }
  }
  expect(other).toEqual([]);
}

describe("corrupt tiles of every codec fail as the file's fault", () => {
  it("ZSTD", () => {
    expectOnlyFormatErrors(mutations(OPENEO_ZST, 400, 1), (t) => zstdDecode(t, 700));
  });

  it("LERC, bare and in DEFLATE", () => {
    const shape = { width: 16, height: 16, samples: 1, dataType: "uint16" as const };
    expectOnlyFormatErrors(mutations(LERC_TILE, 400, 2), (t) => lercDecode(t, shape, LercWrapping.None));
    expectOnlyFormatErrors(mutations(deflateSync(LERC_TILE), 200, 3), (t) => lercDecode(t, shape, LercWrapping.Deflate));
  });

  it("JPEG, with its tables in the tile or in JPEGTables", () => {
    const shape = { width: 32, height: 16, samples: 3 };
    const components = [{ h: 2, v: 2, value: 90 }, { h: 1, v: 1, value: 30 }, { h: 1, v: 1, value: 220 }];
    expectOnlyFormatErrors(mutations(flatJpeg(32, 16, components), 400, 4), (t) => jpegDecode(t, null, shape, true));
    const abbreviated = flatJpeg(32, 16, components, false);
    expectOnlyFormatErrors(mutations(jpegTables(), 200, 5), (t) => jpegDecode(abbreviated, t, shape, true));
  });

  it("WEBP", async () => {
    await webpReady();
    expectOnlyFormatErrors(mutations(WEBP_TILE, 400, 6), (t) => webpDecode(t, { width: 16, height: 16, samples: 3 }));
  });
});

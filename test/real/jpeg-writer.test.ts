/**
 * Our JPEG encoder's files as GDAL reads them: GDAL's JPEG driver (libjpeg, its islow inverse DCT)
 * decodes every sample as our decoder does, and libjpeg's own encoder, through GDAL, quantises
 * with the same tables at the same quality.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeJpeg, type JpegImage } from "../../src/formats/jpeg-writer";
import { jpegDecode } from "../../src/raster/jpeg";
import { gdalInfo, gdalPixels, gdalTranslateToJpeg } from "./gdal-tools";

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "openeo-real-jpeg-writer-"));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** An image of `channels` samples a pixel: smooth waves, hard edges and (fixed-seed) noise, to exercise rounding and clamping. */
function image(width: number, height: number, channels: 1 | 3): JpegImage {
  let seed = width * 31 + height;
  const pixels = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < channels; k++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        const wave = 128 + 90 * Math.sin(x / (5 + k) + y / 9);
        const edge = ((x >> 4) + (y >> 4)) & 1 ? 60 : -60;
        const grain = ((seed >>> 16) & 63) - 32;
        pixels[(y * width + x) * channels + k] = Math.min(255, Math.max(0, Math.round(wave + (x > width / 2 ? edge : 0) + (y > height / 2 ? grain : 0))));
      }
    }
  }
  return { width, height, channels, pixels };
}

function write(name: string, jpeg: Uint8Array): string {
  const path = join(scratch, `${name}.jpg`);
  writeFileSync(path, jpeg);
  return path;
}

/** The DQT tables of a JPEG, concatenated (one segment or several, the tables the same). */
function quantTables(jpeg: Uint8Array): number[] {
  const out: number[] = [];
  for (let at = 2; jpeg[at + 1] !== 0xda; ) {
    const length = (jpeg[at + 2]! << 8) | jpeg[at + 3]!;
    if (jpeg[at + 1] === 0xdb) out.push(...jpeg.subarray(at + 4, at + 2 + length));
    at += 2 + length;
  }
  return out;
}

describe("our JPEG files as GDAL decodes them", () => {
  const CASES: { width: number; height: number; channels: 1 | 3; quality: number }[] = [
    { width: 301, height: 203, channels: 3, quality: 90 },
    { width: 301, height: 203, channels: 3, quality: 50 },
    { width: 301, height: 203, channels: 3, quality: 100 },
    { width: 256, height: 256, channels: 3, quality: 5 },
    { width: 77, height: 45, channels: 1, quality: 90 },
    { width: 77, height: 45, channels: 1, quality: 25 },
    { width: 1, height: 1, channels: 3, quality: 90 },
    { width: 7, height: 13, channels: 3, quality: 75 },
    { width: 17, height: 9, channels: 1, quality: 100 },
  ];
  for (const c of CASES) {
    const name = `${c.width}x${c.height}x${c.channels}-q${c.quality}`;
    it(`${name}: every sample as our decoder has it`, () => {
      const img = image(c.width, c.height, c.channels);
      const jpeg = writeJpeg(img, c.quality);
      const path = write(name, jpeg);
      const info = gdalInfo(path);
      expect([info.driverShortName, info.size, info.bands.length]).toEqual(["JPEG", [c.width, c.height], c.channels]);
      const ours = jpegDecode(jpeg, null, { width: c.width, height: c.height, samples: c.channels }, c.channels === 3);
      const gdal = gdalPixels(path);
      let differing = 0;
      for (let i = 0; i < c.width * c.height; i++) {
        for (let k = 0; k < c.channels; k++) if (gdal[k]![i] !== ours[i * c.channels + k]) differing++;
      }
      expect(differing).toBe(0);
    });
  }

  // GDAL takes qualities from 10.
  it("quantises as libjpeg does (GDAL's JPEG driver) at the same quality", () => {
    const source = write("source", writeJpeg(image(64, 64, 3), 100));
    for (const quality of [10, 25, 50, 75, 90, 100]) {
      const target = join(scratch, `gdal-q${quality}.jpg`);
      gdalTranslateToJpeg(source, target, quality);
      expect(quantTables(writeJpeg(image(16, 16, 3), quality)), `quality ${quality}`).toEqual(quantTables(readFileSync(target)));
    }
  });
});

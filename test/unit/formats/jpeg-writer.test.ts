import { describe, expect, it } from "vitest";
import { fdct, quantDivisors, quantise } from "../../../src/formats/jpeg/fdct";
import { writeJpeg, type JpegImage } from "../../../src/formats/jpeg-writer";
import { jpegDecode } from "../../../src/raster/jpeg";
import { JpegDecoder } from "../../../src/raster/jpeg/decoder";

/** An image of `channels` samples a pixel, sample k of pixel (x, y) from f. */
function image(width: number, height: number, channels: 1 | 3, f: (x: number, y: number, k: number) => number): JpegImage {
  const pixels = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let k = 0; k < channels; k++) pixels[(y * width + x) * channels + k] = f(x, y, k);
  return { width, height, channels, pixels };
}

/** Uniform bytes from a fixed-seed linear congruential generator (the same every run). */
function noise(width: number, height: number, channels: 1 | 3): JpegImage {
  let seed = 1;
  return image(width, height, channels, () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 16) & 255;
  });
}

const greyGradient = image(64, 48, 1, (x, y) => Math.round(((x + y) * 255) / 110));
const rgbSmooth = image(64, 48, 3, (x, y, k) => (k === 0 ? Math.round((x * 255) / 63) : k === 1 ? Math.round((y * 255) / 47) : Math.round(128 + 90 * Math.sin(x / 6) * Math.cos(y / 5))));
const checkerboard = image(40, 40, 3, (x, y, k) => (((x >> 2) + (y >> 2)) & 1 ? [230, 40, 20][k]! : [10, 60, 200][k]!));

function decode(jpeg: Uint8Array, img: JpegImage): Uint8Array {
  return jpegDecode(jpeg, null, { width: img.width, height: img.height, samples: img.channels }, img.channels === 3);
}

/** Peak signal-to-noise ratio of 8-bit samples, in dB (Infinity when equal). */
function psnr(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return 10 * Math.log10((255 * 255) / (sum / a.length));
}

function psnrAt(img: JpegImage, quality: number): number {
  return psnr(img.pixels, decode(writeJpeg(img, quality), img));
}

interface Segment {
  marker: number;
  at: number;
  data: Uint8Array;
}

/** The marker segments from SOI up to and including SOS (whose data ends at its length). */
function segments(jpeg: Uint8Array): Segment[] {
  const out: Segment[] = [];
  for (let at = 2; ; ) {
    expect(jpeg[at]).toBe(0xff);
    const marker = jpeg[at + 1]!;
    const length = (jpeg[at + 2]! << 8) | jpeg[at + 3]!;
    out.push({ marker, at, data: jpeg.subarray(at + 4, at + 2 + length) });
    if (marker === 0xda) return out;
    at += 2 + length;
  }
}

/** T.81 figure A.6 by its rule: walk the anti-diagonals, alternating direction. */
const zigzag = Array.from({ length: 15 }, (_, s) => {
  const cells = Array.from({ length: 8 }, (_, r) => [r, s - r]).filter(([, c]) => c! >= 0 && c! < 8);
  return (s % 2 === 0 ? cells.reverse() : cells).map(([r, c]) => r! * 8 + c!);
}).flat();

/** A DHT table's codes by symbol (T.81 annex C: canonical, consecutive per length). */
function codesOf(counts: Uint8Array, symbols: Uint8Array): Map<number, string> {
  const codes = new Map<number, string>();
  let code = 0;
  let k = 0;
  counts.forEach((n, i) => {
    for (let j = 0; j < n; j++) codes.set(symbols[k++]!, (code++).toString(2).padStart(i + 1, "0"));
    code <<= 1;
  });
  return codes;
}

describe("writeJpeg: the stream", () => {
  it("writes SOI, APP0 (JFIF 1.01), DQT, SOF0, DHT and SOS in order, and ends with EOI", () => {
    for (const img of [greyGradient, rgbSmooth]) {
      const jpeg = writeJpeg(img);
      expect(Array.from(jpeg.subarray(0, 2))).toEqual([0xff, 0xd8]);
      expect(Array.from(jpeg.subarray(-2))).toEqual([0xff, 0xd9]);
      const found = segments(jpeg);
      expect(found.map((s) => s.marker)).toEqual([0xe0, 0xdb, 0xc0, 0xc4, 0xda]);
      expect(found[0]!.at).toBe(2);
      expect(new TextDecoder().decode(found[0]!.data.subarray(0, 5))).toBe("JFIF\0");
      expect(Array.from(found[0]!.data.subarray(5, 7))).toEqual([1, 1]);
      const n = img.channels;
      // SOF0: 8 bits, height, width, then per component: id, sampling 1x1 (4:4:4), its quantisation table.
      const sof = found[2]!.data;
      expect(Array.from(sof.subarray(0, 6))).toEqual([8, img.height >> 8, img.height & 255, img.width >> 8, img.width & 255, n]);
      expect(Array.from(sof.subarray(6))).toEqual(n === 1 ? [1, 0x11, 0] : [1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
      expect(found[1]!.data.length).toBe(n === 1 ? 65 : 130);
      // SOS: every component with its DC and AC tables, spectral selection 0..63, no approximation.
      expect(Array.from(found[4]!.data)).toEqual(n === 1 ? [1, 1, 0x00, 0, 63, 0] : [3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);
      // The entropy-coded data holds no marker: every 0xFF is a stuffed 0xFF 0x00.
      const sos = found[4]!;
      const scan = jpeg.subarray(sos.at + 2 + 2 + sos.data.length, -2);
      scan.forEach((b, i) => b === 0xff && expect(scan[i + 1]).toBe(0));
    }
  });

  it("quantises with Annex K's tables scaled as libjpeg scales them", () => {
    const tables = (quality: number): number[][] => {
      const dqt = segments(writeJpeg(rgbSmooth, quality))[1]!.data;
      // Back from zig-zag to row-major.
      return [0, 65].map((start) => {
        expect(dqt[start]).toBe(start === 0 ? 0x00 : 0x01);
        const natural = new Array<number>(64);
        zigzag.forEach((i, k) => (natural[i] = dqt[start + 1 + k]!));
        return natural;
      });
    };
    // Quality 50 is Annex K itself (first rows of tables K.1 and K.2).
    const [k1, k2] = tables(50);
    expect(k1!.slice(0, 8)).toEqual([16, 11, 10, 16, 24, 40, 51, 61]);
    expect(k1!.slice(56)).toEqual([72, 92, 95, 98, 112, 100, 103, 99]);
    expect(k2!.slice(0, 8)).toEqual([17, 18, 24, 47, 99, 99, 99, 99]);
    // 90: 20 % of K.1, rounded (16 * 0.2 = 3.2 -> 3; 24 * 0.2 = 4.8 -> 5).
    expect(tables(90)[0]!.slice(0, 8)).toEqual([3, 2, 2, 3, 5, 8, 10, 12]);
    expect(new Set(tables(100).flat())).toEqual(new Set([1]));
    // 10: 500 % of K.1, held to 255 (baseline's 8-bit quantisers): 16 * 5 = 80, 61 * 5 = 305 -> 255.
    expect(tables(10)[0]!.slice(0, 8)).toEqual([80, 55, 50, 80, 120, 200, 255, 255]);
    // 0 counts as 1 (as libjpeg has it): 5000 % of everything, all held to 255.
    expect(new Set(tables(0).flat())).toEqual(new Set([255]));
  });

  it("codes with Annex K.3's Huffman tables: complete sets of symbols, known codes", () => {
    const dht = segments(writeJpeg(rgbSmooth))[3]!.data;
    const tables = new Map<number, Map<number, string>>();
    for (let p = 0; p < dht.length; ) {
      const counts = dht.subarray(p + 1, p + 17);
      const total = counts.reduce((a, b) => a + b, 0);
      tables.set(dht[p]!, codesOf(counts, dht.subarray(p + 17, p + 17 + total)));
      p += 17 + total;
    }
    expect([...tables.keys()]).toEqual([0x00, 0x10, 0x01, 0x11]);
    // DC: size categories 0..11; AC: EOB, ZRL and every run 0..15 with every size 1..10.
    const acSymbols = [0x00, 0xf0, ...Array.from({ length: 160 }, (_, i) => ((i / 10) << 4) | ((i % 10) + 1))].sort((a, b) => a - b);
    for (const [id, codes] of tables) expect([...codes.keys()].sort((a, b) => a - b)).toEqual(id >> 4 ? acSymbols : Array.from({ length: 12 }, (_, i) => i));
    // Table K.3: luminance DC category 0 is 00, 11 is 111111110; K.4: chrominance DC 0 is 00, 11 is 11111111110.
    expect([tables.get(0x00)!.get(0), tables.get(0x00)!.get(11)]).toEqual(["00", "111111110"]);
    expect([tables.get(0x01)!.get(0), tables.get(0x01)!.get(11)]).toEqual(["00", "11111111110"]);
    // Table K.5: luminance AC EOB 1010, ZRL 11111111001, 0/1 00, F/A 1111111111111110.
    const luminanceAc = tables.get(0x10)!;
    expect([luminanceAc.get(0x00), luminanceAc.get(0xf0), luminanceAc.get(0x01), luminanceAc.get(0xfa)]).toEqual(["1010", "11111111001", "00", "1111111111111110"]);
    // Table K.6: chrominance AC EOB 00, ZRL 1111111010, 0/1 01.
    const chrominanceAc = tables.get(0x11)!;
    expect([chrominanceAc.get(0x00), chrominanceAc.get(0xf0), chrominanceAc.get(0x01)]).toEqual(["00", "1111111010", "01"]);
  });

  it("transforms as the DCT's definition does (T.81 A.3.3), recomputed directly", () => {
    const samples = Float64Array.from({ length: 64 }, (_, i) => ((i * 37) % 101) - 50);
    const block = samples.slice();
    fdct(block);
    const quantised = new Int32Array(64);
    // Quantisers of 1 and 4: the coefficients, then a quarter of them, rounded to integers.
    for (const q of [1, 4]) {
      const divisors = quantDivisors(new Uint8Array(64).fill(q));
      quantise(block, divisors, quantised);
      zigzag.forEach((i, k) => {
        const [u, v] = [i & 7, i >> 3];
        const c = (w: number): number => (w === 0 ? Math.SQRT1_2 : 1);
        let sum = 0;
        for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) sum += samples[y * 8 + x]! * Math.cos(((2 * x + 1) * u * Math.PI) / 16) * Math.cos(((2 * y + 1) * v * Math.PI) / 16);
        const exact = (c(u) * c(v) * sum) / 4 / q;
        expect(block[i]! * divisors[i]!, `coefficient ${u},${v} / ${q}`).toBeCloseTo(exact, 9);
        expect(quantised[k], `coefficient ${u},${v} / ${q}`).toBe(Math.round(exact) + 0);
      });
    }
  });
});

describe("writeJpeg: decoded by our libjpeg-exact decoder", () => {
  it("keeps sizes and channels, odd sizes included, and quality 90 is close", () => {
    const cases: [JpegImage, number][] = [
      [greyGradient, 50],
      [rgbSmooth, 42],
      [checkerboard, 34],
      [noise(33, 29, 1), 34],
      [noise(33, 29, 3), 28],
      [image(1, 1, 3, (_x, _y, k) => [200, 100, 50][k]!), 50],
      [image(1, 1, 1, () => 77), 50],
      [image(7, 13, 3, (x, y, k) => Math.round(128 + 100 * Math.sin(x / 2 + y / 3 + k))), 35],
      [image(17, 9, 1, (x, y) => x * 12 + y * 3), 50],
    ];
    for (const [img, bound] of cases) {
      const name = `${img.width}x${img.height}x${img.channels}`;
      const jpeg = writeJpeg(img);
      const decoder = new JpegDecoder({ width: img.width, height: img.height, components: img.channels });
      decoder.parse(jpeg);
      expect([decoder.frame!.width, decoder.frame!.height, decoder.frame!.components.length], name).toEqual([img.width, img.height, img.channels]);
      expect(psnr(img.pixels, decode(jpeg, img)), name).toBeGreaterThan(bound);
    }
  });

  it("is exact for flat grey and a 1x1 pixel at quality 100, and within 2 for colour", () => {
    const grey = image(9, 9, 1, () => 201);
    expect(new Set(decode(writeJpeg(grey, 100), grey))).toEqual(new Set([201]));
    const one = image(1, 1, 3, (_x, _y, k) => [200, 100, 50][k]!);
    const decoded = decode(writeJpeg(one, 100), one);
    // Y, Cb and Cr quantised to integers and libjpeg's integer colour conversion: 1 or 2 off.
    decoded.forEach((v, k) => expect(Math.abs(v - one.pixels[k]!)).toBeLessThanOrEqual(2));
  });

  it("pads edge blocks by repeating the last row and column", () => {
    // 9 x 9: the right and bottom blocks hold one image column or row and seven of padding.
    const img = image(9, 9, 1, (x, y) => (x === 8 ? 240 : y === 8 ? 20 : 100));
    const decoder = new JpegDecoder({ width: 9, height: 9, components: 1 });
    decoder.parse(writeJpeg(img, 100));
    const plane = decoder.frame!.components[0]!.plane;
    // The padded plane is 16 x 16: column 15 repeats column 8, row 15 repeats row 8.
    for (let y = 0; y < 8; y++) expect(Math.abs(plane[y * 16 + 15]! - 240), `row ${y}`).toBeLessThanOrEqual(1);
    for (let x = 0; x < 8; x++) expect(Math.abs(plane[15 * 16 + x]! - 20), `column ${x}`).toBeLessThanOrEqual(1);
  });

  it("codes runs of 16 zeros and more (ZRL)", () => {
    // Blocks of one cosine each: the coefficient 17th, 33rd or last in zig-zag order after DC alone,
    // so runs of 16, 32 and 62 zeros.
    const cosine = (k: number, x: number, y: number): number => {
      const [u, v] = [zigzag[k]! & 7, zigzag[k]! >> 3];
      return Math.round(128 + 100 * Math.cos(((2 * x + 1) * u * Math.PI) / 16) * Math.cos(((2 * y + 1) * v * Math.PI) / 16));
    };
    const runs = image(24, 8, 1, (x, y) => cosine([17, 33, 63][x >> 3]!, x & 7, y));
    expect(psnrAt(runs, 100)).toBeGreaterThan(45);
    const colour = image(24, 8, 3, (x, y, k) => runs.pixels[y * 24 + x]! >> k);
    expect(psnrAt(colour, 100)).toBeGreaterThan(40);
  });

  it("gets better with quality: 100 beats 90 beats 50, and 50 is smaller", () => {
    for (const img of [greyGradient, rgbSmooth, checkerboard, noise(33, 29, 3)]) {
      expect(psnrAt(img, 100)).toBeGreaterThan(psnrAt(img, 90));
      expect(psnrAt(img, 90)).toBeGreaterThan(psnrAt(img, 50));
      expect(writeJpeg(img, 50).length).toBeLessThan(writeJpeg(img, 100).length);
    }
  });

  it("writes 65535 px sides", () => {
    const wide = image(65_535, 1, 1, (x) => x & 255);
    const jpeg = writeJpeg(wide);
    expect(Array.from(segments(jpeg)[2]!.data.subarray(1, 5))).toEqual([0, 1, 0xff, 0xff]);
    expect(psnr(wide.pixels, decode(jpeg, wide))).toBeGreaterThan(30);
  });
});

describe("writeJpeg: bad input", () => {
  it("throws a plain Error for sizes, channels, samples or quality that don't fit", () => {
    const pixels = new Uint8Array(12);
    const bad: [JpegImage, number, RegExp][] = [
      [{ width: 2, height: 2, channels: 3, pixels: new Uint8Array(11) }, 90, /2 x 2 px of 3 channels are 12 samples, not 11/],
      [{ width: 4, height: 1, channels: 1, pixels }, 90, /are 4 samples, not 12/],
      [{ width: 0, height: 1, channels: 1, pixels: new Uint8Array(0) }, 90, /width is 1 to 65535 px, not 0/],
      [{ width: 1, height: 65_536, channels: 1, pixels: new Uint8Array(65_536) }, 90, /height is 1 to 65535 px, not 65536/],
      [{ width: 1.5, height: 8, channels: 1, pixels }, 90, /width is 1 to 65535 px, not 1.5/],
      [{ width: 3, height: 2, channels: 2 as 1, pixels }, 90, /1 \(grey\) or 3 \(RGB\) channels, not 2/],
      [{ width: 2, height: 2, channels: 3, pixels }, 101, /quality is an integer 0 to 100, not 101/],
      [{ width: 2, height: 2, channels: 3, pixels }, 89.5, /quality is an integer 0 to 100, not 89.5/],
      [{ width: 2, height: 2, channels: 3, pixels }, NaN, /quality is an integer 0 to 100, not NaN/],
    ];
    for (const [img, quality, message] of bad) {
      expect(() => writeJpeg(img, quality)).toThrow(message);
      expect(() => writeJpeg(img, quality)).toThrow(Error);
    }
  });
});

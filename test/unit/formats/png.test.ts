import { describe, expect, it } from "vitest";
import type { RasterCube } from "../../../src/cube/types";
import type { VectorCube } from "../../../src/cube/vector";
import { findOutputFormat, optionsProblem, withDefaults } from "../../../src/formats";
import { writePng } from "../../../src/formats/png-writer";
import { predict, readPng, rgbaOf, type DecodedPng } from "../../support/png-reader";
import { rasterCube } from "../../support/raster-cube";

// Cubes and expected values.

const T1 = "2024-01-01T00:00:00Z";
const T2 = "2024-01-02T00:00:00Z";

function cube(width: number, height: number, times: string[] | null, bands: string[] | null, planes: number[][]): RasterCube {
  const grid = { crs: "EPSG:32633", bbox: [500000, 5000000 - 10 * height, 500000 + 10 * width, 5000000] as [number, number, number, number], width, height };
  return rasterCube(grid, times, bands, planes.map((p) => Float32Array.from(p)));
}

/** `count` values of plane `p` from f(p, i), i the pixel index. */
function planesOf(count: number, pixels: number, f: (p: number, i: number) => number): number[][] {
  return Array.from({ length: count }, (_, p) => Array.from({ length: pixels }, (_, i) => f(p, i)));
}

const format = findOutputFormat("png")!;

async function encode(data: RasterCube, options: Record<string, unknown> = {}): Promise<DecodedPng> {
  expect(optionsProblem(format, options)).toBeUndefined();
  expect(format.unsuitable(data)).toBeUndefined();
  const [file, ...more] = await format.encode(data, withDefaults(format, options));
  expect(more).toEqual([]);
  expect([file!.name, file!.mediaType]).toEqual(["result.png", "image/png"]);
  return readPng(file!.bytes);
}

/** Channel `c` of every pixel. */
function channel(png: DecodedPng, c: number): number[] {
  return Array.from({ length: png.width * png.height }, (_, i) => png.pixels[i * png.channels + c]!);
}

/** The documented linear mapping: `from` to 0, `to` to 255, rounded, clipped. */
function expectedByte(value: number, from: number, to: number): number {
  return Math.min(255, Math.max(0, Math.round(((value - from) * 255) / (to - from))));
}

/** The finite minimum and maximum of a plane. */
function extent(values: number[]): [number, number] {
  const finite = values.filter((v) => !Number.isNaN(v)).map((v) => Math.fround(v));
  return [Math.min(...finite), Math.max(...finite)];
}

describe("PNG", () => {
  it("writes one band of 8-bit data as greyscale, values unchanged", async () => {
    const values = planesOf(1, 7 * 5, (_, i) => (i * 37) % 256);
    const png = await encode(cube(7, 5, [T1], ["B04"], values));
    expect(png.chunkTypes).toEqual(["IHDR", "IDAT", "IEND"]);
    expect([png.width, png.height, png.bitDepth, png.colourType, png.interlace]).toEqual([7, 5, 8, 0, 0]);
    expect(channel(png, 0)).toEqual(values[0]);
  });

  it("stretches floating-point data from its minimum to its maximum, and gives greyscale an alpha channel for no-data", async () => {
    // Reflectances around 0.1-0.4: not 8-bit data, so stretched; pixel 3 is no-data.
    const values = planesOf(1, 4 * 3, (_, i) => (i === 3 ? NaN : 0.1 + 0.025 * i));
    const png = await encode(cube(4, 3, null, null, values));
    expect([png.colourType, png.channels]).toEqual([4, 2]);
    const [from, to] = extent(values[0]!);
    expect(channel(png, 0)).toEqual(values[0]!.map((v) => (Number.isNaN(v) ? 0 : expectedByte(Math.fround(v), from, to))));
    expect(channel(png, 0)[0]).toBe(0);
    expect(channel(png, 0).at(-1)).toBe(255);
    expect(channel(png, 1)).toEqual(values[0]!.map((v) => (Number.isNaN(v) ? 0 : 255)));
  });

  it("writes three bands as RGB in cube order, each band stretched on its own unless the cube is 8-bit data", async () => {
    const eightBit = planesOf(3, 6 * 4, (p, i) => (50 * p + 3 * i) % 256);
    const rgb = await encode(cube(6, 4, [T1], ["B04", "B03", "B02"], eightBit));
    expect([rgb.colourType, rgb.channels]).toEqual([2, 3]);
    for (let c = 0; c < 3; c++) expect(channel(rgb, c)).toEqual(eightBit[c]);

    // One value of 256 makes the cube not 8-bit data: every band is stretched over its own range.
    const wide = planesOf(3, 6 * 4, (p, i) => (p === 2 && i === 0 ? 256 : 10 * p + i * (p + 1)));
    const stretched = await encode(cube(6, 4, null, ["r", "g", "b"], wide));
    for (let c = 0; c < 3; c++) {
      const [from, to] = extent(wide[c]!);
      expect(channel(stretched, c)).toEqual(wide[c]!.map((v) => expectedByte(v, from, to)));
    }
  });

  it("makes RGB with no-data RGBA, transparent black where any band is no-data", async () => {
    const values = planesOf(3, 5 * 5, (p, i) => ((p === 1 && i === 7) || (p === 2 && i === 24) ? NaN : (40 * p + 9 * i) % 256));
    const png = await encode(cube(5, 5, null, ["r", "g", "b"], values));
    expect([png.colourType, png.channels]).toEqual([6, 4]);
    const noData = (i: number) => i === 7 || i === 24;
    for (let c = 0; c < 3; c++) expect(channel(png, c)).toEqual(values[c]!.map((v, i) => (noData(i) ? 0 : v)));
    expect(channel(png, 3)).toEqual(values[0]!.map((_, i) => (noData(i) ? 0 : 255)));
  });

  it("writes a 4th band as alpha, scaled like the others, with no-data transparent", async () => {
    const values = planesOf(4, 3 * 2, (p, i) => (p === 3 ? [0, 128, 255, NaN, 64, 200][i]! : 20 * p + i));
    values[0]![4] = NaN;
    const png = await encode(cube(3, 2, null, ["r", "g", "b", "a"], values));
    expect([png.colourType, png.channels]).toEqual([6, 4]);
    expect(channel(png, 0)).toEqual([0, 1, 2, 3, 0, 5]);
    expect(channel(png, 3)).toEqual([0, 128, 255, 0, 0, 200]);
  });

  it("maps min to 0 and max to 255, clipping values outside, for every band alike", async () => {
    const values = planesOf(3, 4 * 4, (p, i) => -500 + 100 * i + 7 * p);
    const png = await encode(cube(4, 4, null, ["r", "g", "b"], values), { min: 0, max: 1000 });
    for (let c = 0; c < 3; c++) expect(channel(png, c)).toEqual(values[c]!.map((v) => expectedByte(v, 0, 1000)));
    expect(channel(png, 0).slice(0, 7)).toEqual([0, 0, 0, 0, 0, 0, 26]);
    expect(channel(png, 2).slice(-2)).toEqual([233, 255]);
  });

  it("takes an unset bound from each band, inverts for max below min, and splits at a range of one value", async () => {
    const values = planesOf(1, 4, (_, i) => [2, 4, 6, 10][i]!);
    const data = cube(2, 2, null, null, values);
    // 8-bit data, but min is set: max is the band's maximum, 10.
    expect(channel(await encode(data, { min: 4 }), 0)).toEqual([0, 0, 85, 255]);
    expect(channel(await encode(data, { max: 6 }), 0)).toEqual([0, 128, 255, 255]);
    expect(channel(await encode(data, { min: 10, max: 0 }), 0)).toEqual([204, 153, 102, 0]);
    expect(channel(await encode(data, { min: 5, max: 5 }), 0)).toEqual([0, 0, 255, 255]);
    // A constant band that is not 8-bit data: its range is one value, so every pixel is 255.
    expect(channel(await encode(cube(2, 1, null, null, [[0.5, 0.5]])), 0)).toEqual([255, 255]);
  });

  it("chooses the filter that makes each row smallest, and still decodes to the same pixels", async () => {
    // Odd rows are noise; each even row is what one filter predicts exactly from its left and
    // upper neighbours (in the same band), so that filter turns it into zeros and wins. (Paeth's
    // row starts 100 off, or its predictions would all be the pixel above: Up's row.) Rows 10
    // and on are a smooth surface, where Paeth's ties between neighbours occur.
    const [width, height] = [24, 20];
    const kinds = [0, 2, 1, 3, 4]; // even rows 0, 2, 4, 6, 8: None (a row of zeros), Up, Sub (plus 7), Average, Paeth
    const values = planesOf(3, width * height, () => 0);
    for (const plane of values) {
      plane.forEach((_, i) => {
        const [x, y] = [i % width, Math.floor(i / width)];
        const [a, b, c] = [x > 0 ? plane[i - 1]! : 0, y > 0 ? plane[i - width]! : 0, x > 0 && y > 0 ? plane[i - width - 1]! : 0];
        const kind = kinds[y / 2];
        const band = values.indexOf(plane);
        if (y >= 10) plane[i] = Math.round(100 + 60 * Math.sin(x / 3) * Math.cos(y / 4) + 5 * band);
        else if (kind === undefined) plane[i] = (x * 7919 + y * 104729 + band * 31) % 251;
        else plane[i] = (predict(kind, a, b, c) + (kind === 1 ? 7 : kind === 4 && x === 0 ? 100 : 0)) % 256;
      });
    }
    const png = await encode(cube(width, height, null, ["r", "g", "b"], values));
    for (let c = 0; c < 3; c++) expect(channel(png, c)).toEqual(values[c]);
    expect(png.filters.slice(0, 10).filter((_, y) => y % 2 === 0)).toEqual(kinds);
  });

  it("writes every row with one filter when told, at any deflate level, and palette images with PLTE and tRNS", () => {
    const [width, height] = [33, 17];
    const pixels = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 13 + (i >> 5)) % 256);
    for (const [filter, type] of [["none", 0], ["sub", 1], ["up", 2]] as const) {
      for (const level of [1, 9]) {
        const png = readPng(writePng({ width, height, channels: 3, pixels }, { filter, level }));
        expect(png.pixels).toEqual(pixels);
        expect(new Set(png.filters)).toEqual(new Set([type]));
      }
    }
    const indices = Uint8Array.from({ length: width * height }, (_, i) => i % 3);
    const palette = { rgb: Uint8Array.of(0, 0, 0, 255, 0, 0, 0, 0, 255), alpha: Uint8Array.of(0) };
    const png = readPng(writePng({ width, height, channels: 1, pixels: indices, palette }, { filter: "none", level: 6 }));
    expect([png.colourType, png.chunkTypes]).toEqual([3, ["IHDR", "PLTE", "tRNS", "IDAT", "IEND"]]);
    expect([...rgbaOf(png).subarray(0, 12)]).toEqual([0, 0, 0, 0, 255, 0, 0, 255, 0, 0, 255, 255]);
  });

  it("streams the same image in pieces: rows filtered and compressed block by block, each piece an IDAT chunk", async () => {
    // 300 rows: several blocks of 64, so filters across block borders and many IDAT chunks are exercised.
    const data = cube(97, 300, null, ["r", "g", "b"], planesOf(3, 97 * 300, (p, i) => (i * (p + 3) + (i >> 7)) % 256));
    const whole = await encode(data);
    const streamed = format.stream!(data, withDefaults(format, {}));
    expect([streamed.name, streamed.mediaType]).toEqual(["result.png", "image/png"]);
    const pieces: Uint8Array[] = [];
    for await (const piece of streamed.parts) pieces.push(piece);
    const bytes = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
    pieces.reduce((o, p) => (bytes.set(p, o), o + p.length), 0);
    const decoded = readPng(bytes);
    expect(decoded.chunkTypes[0]).toBe("IHDR");
    expect(decoded.chunkTypes.at(-1)).toBe("IEND");
    expect([decoded.width, decoded.height, decoded.channels]).toEqual([97, 300, 3]);
    expect(decoded.pixels).toEqual(whole.pixels);
  });

  it("refuses cubes of 2 or more than 4 bands, saying which dimensions make them", () => {
    expect(format.unsuitable(cube(2, 2, null, ["a", "b"], planesOf(2, 4, () => 0)))).toBe(
      "PNG holds 1, 3 or 4 bands (greyscale, RGB or RGBA); this cube has 2 bands: reduce or filter it first",
    );
    expect(format.unsuitable(cube(2, 2, [T1, T2], ["r", "g", "b"], planesOf(6, 4, () => 0)))).toBe(
      "PNG holds 1, 3 or 4 bands (greyscale, RGB or RGBA); this cube has 6 (2 dates x 3 bands): reduce or filter it first",
    );
    const scenarios: RasterCube = { ...cube(2, 2, null, null, planesOf(5, 4, () => 0)), dims: [{ name: "scenario", type: "other", labels: [1, 2, 3, 4, 5] }] };
    expect(format.unsuitable(scenarios)).toMatch(/this cube has 5 'scenario' labels: /);
    expect(format.unsuitable(cube(2, 2, [T1, T2], null, planesOf(2, 4, () => 0)))).toMatch(/this cube has 2 dates: /);
    // 1 date x 3 bands is 3 planes: RGB.
    expect(format.unsuitable(cube(2, 2, [T1], ["r", "g", "b"], planesOf(3, 4, () => 0)))).toBeUndefined();
    const vector: VectorCube = { kind: "vector", crs: "EPSG:4326", geometries: [], dims: [], values: [] };
    expect(format.unsuitable(vector)).toMatch(/only raster data cubes/);
    expect(format.unsuitable([1, 2])).toMatch(/only raster data cubes/);
    expect(format.storesEmptyCubes).toBe(false);
  });

  it("declares min and max as numbers, unset by default", () => {
    expect(withDefaults(format, {})).toEqual({ min: null, max: null });
    expect(optionsProblem(format, { min: "0" })).toMatch(/option 'min' must be a number/);
    expect(optionsProblem(format, { max: null })).toMatch(/option 'max' must be a number/);
    expect(optionsProblem(format, { scale: 2 })).toMatch(/PNG has no option 'scale' \(options: min, max\)/);
  });
});

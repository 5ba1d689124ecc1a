/**
 * PNG: a raster cube as one 8-bit image, for viewing (no georeferencing). The cube's label
 * combinations (such as date x band), in cube order, are the image's bands: 1 is greyscale, 3 are
 * red, green and blue, 4 add alpha. Values are scaled to 0..255 as png-scaling.ts describes;
 * no-data makes a pixel transparent (black with alpha 0), so greyscale and RGB images get an
 * alpha channel when any pixel is no-data.
 */
import type { LabelDimension, RasterCube } from "../cube/types";
import { rasterCubeProblem } from "./gtiff";
import { planeRanges, toByte, type ScalingOptions } from "./png-scaling";
import { streamPng, writePng, type PngImage } from "./png-writer";
import type { OutputFormat } from "./types";

function plural(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** "2 dates", "3 bands", "4 'scenario' labels". */
function labelCount(dim: LabelDimension): string {
  const n = dim.labels.length;
  return dim.type === "temporal" ? plural(n, "date", "dates") : dim.type === "bands" ? plural(n, "band", "bands") : plural(n, `'${dim.name}' label`, `'${dim.name}' labels`);
}

function bandCountProblem(cube: RasterCube): string | undefined {
  const count = cube.planes.length;
  if (count === 1 || count === 3 || count === 4) return undefined;
  const has = cube.dims.length === 1 ? labelCount(cube.dims[0]!) : `${count} (${cube.dims.map(labelCount).join(" x ")})`;
  return `PNG holds 1, 3 or 4 bands (greyscale, RGB or RGBA); this cube has ${has}: reduce or filter it first`;
}

/** For each pixel, whether any colour band is no-data. */
function noDataMask(colours: Float32Array[], pixels: number): Uint8Array {
  const mask = new Uint8Array(pixels);
  for (const plane of colours) for (let i = 0; i < pixels; i++) if (Number.isNaN(plane[i])) mask[i] = 1;
  return mask;
}

function pngImage(cube: RasterCube, options: ScalingOptions): PngImage {
  const { width, height } = cube.grid;
  const count = width * height;
  const ranges = planeRanges(cube.planes, options);
  const colours = cube.planes.slice(0, cube.planes.length === 4 ? 3 : cube.planes.length);
  const alpha = cube.planes[3];
  const noData = noDataMask(colours, count);
  const withAlpha = alpha !== undefined || noData.includes(1);
  const channels = (colours.length + (withAlpha ? 1 : 0)) as PngImage["channels"];
  const pixels = new Uint8Array(count * channels);
  colours.forEach((plane, c) => {
    for (let i = 0; i < count; i++) if (!noData[i]) pixels[i * channels + c] = toByte(plane[i]!, ranges[c]!);
  });
  if (withAlpha) {
    const a = channels - 1;
    for (let i = 0; i < count; i++) {
      const value = alpha?.[i];
      if (noData[i] || Number.isNaN(value)) continue;
      pixels[i * channels + a] = value === undefined ? 255 : toByte(value, ranges[3]!);
    }
  }
  return { width, height, channels, pixels };
}

const RANGE_NOTE =
  "Unset: each band's own minimum or maximum, except that when min and max are both unset and every value of the cube but no-data is an integer from 0 to 255, values are written unchanged.";

export const png: OutputFormat = {
  name: "PNG",
  title: "PNG image",
  description:
    "One 8-bit PNG image, for viewing (not georeferenced). The label combinations of the non-spatial dimensions (such as date x band), in cube order, are the image's bands and must number 1 (greyscale), 3 (red, green, blue) or 4 (red, green, blue, alpha); reduce or filter other cubes first. Values map linearly from `min` (0) to `max` (255), rounded to the nearest integer and clipped; an unset `min` or `max` is each band's own minimum or maximum, except that when both are unset and every value of the cube but no-data is an integer from 0 to 255 (8-bit data), values are written unchanged. `max` below `min` inverts the scale; when they are equal, that value and above become 255 and lower values 0. A 4th band is scaled the same way. No-data (NaN in any colour band, or in the alpha band) makes a pixel transparent black: greyscale and RGB images then get an alpha channel.",
  gisDataTypes: ["raster"],
  extension: "png",
  storesEmptyCubes: false,
  options: {
    min: { description: `The value written as 0 (black, or transparent in the alpha band); lower values are clipped to 0. ${RANGE_NOTE}`, schema: { type: "number" }, default: null },
    max: { description: `The value written as 255 (full intensity, or opaque in the alpha band); higher values are clipped to 255. ${RANGE_NOTE}`, schema: { type: "number" }, default: null },
  },
  unsuitable(data) {
    return rasterCubeProblem(data) ?? bandCountProblem(data as RasterCube);
  },
  async encode(data, options) {
    const bytes = writePng(pngImage(data as RasterCube, { min: options.min as number | null, max: options.max as number | null }));
    return [{ name: `result.${png.extension}`, mediaType: "image/png", bytes, roles: ["data"] }];
  },
  stream(data, options) {
    const image = pngImage(data as RasterCube, { min: options.min as number | null, max: options.max as number | null });
    return { name: `result.${png.extension}`, mediaType: "image/png", parts: streamPng(image) };
  },
};

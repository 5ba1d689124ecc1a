/**
 * A baseline sequential JPEG encoder (ITU-T T.81, JFIF 1.01): 8-bit greyscale or YCbCr, one
 * interleaved scan, Annex K's quantisation tables scaled by quality as libjpeg scales them and
 * Annex K.3's Huffman tables, no restart markers. Colour keeps full-resolution chroma (4:4:4):
 * the images are rendered maps and band composites, whose sharp colour edges (a class boundary, a
 * coastline) 4:2:0 would smear; the price is larger files than 4:2:0's.
 */
import { BitWriter, encodeBlock, huffmanCodes } from "./jpeg/entropy";
import { fdct, quantDivisors, quantise } from "./jpeg/fdct";
import { AC_CHROMINANCE, AC_LUMINANCE, DC_CHROMINANCE, DC_LUMINANCE, type HuffmanSpec, scaledQuantTable, ZIGZAG } from "./jpeg/tables";

/** 8-bit samples, interleaved per pixel (grey, or R, G, B), rows top to bottom. */
export interface JpegImage {
  width: number;
  height: number;
  channels: 1 | 3;
  pixels: Uint8Array;
}

const DC_LUMINANCE_CODES = huffmanCodes(DC_LUMINANCE);
const AC_LUMINANCE_CODES = huffmanCodes(AC_LUMINANCE);
const DC_CHROMINANCE_CODES = huffmanCodes(DC_CHROMINANCE);
const AC_CHROMINANCE_CODES = huffmanCodes(AC_CHROMINANCE);

/**
 * Encodes `image` at `quality` (an integer 0..100; 0 counts as 1, as libjpeg has it). Throws a
 * plain Error for an image whose sizes and pixels don't agree or don't fit a JPEG (1..65535 px a side).
 */
export function writeJpeg(image: JpegImage, quality = 90): Uint8Array {
  checkImage(image, quality);
  const { width, height, channels } = image;
  const luminance = scaledQuantTable("luminance", Math.max(1, quality));
  const chrominance = scaledQuantTable("chrominance", Math.max(1, quality));
  const out = new BitWriter(Math.ceil((width * height * channels) / 4) + 1024);
  out.raw([0xff, 0xd8]);
  out.raw(segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
  out.raw(segment(0xdb, channels === 1 ? quantTable(0, luminance) : [...quantTable(0, luminance), ...quantTable(1, chrominance)]));
  const components = channels === 1 ? [[1, 0x11, 0]] : [[1, 0x11, 0], [2, 0x11, 1], [3, 0x11, 1]];
  out.raw(segment(0xc0, [8, height >> 8, height & 255, width >> 8, width & 255, channels, ...components.flat()]));
  const huffman = [huffmanTable(0x00, DC_LUMINANCE), huffmanTable(0x10, AC_LUMINANCE)];
  if (channels === 3) huffman.push(huffmanTable(0x01, DC_CHROMINANCE), huffmanTable(0x11, AC_CHROMINANCE));
  out.raw(segment(0xc4, huffman.flat()));
  const selectors = channels === 1 ? [1, 0x00] : [1, 0x00, 2, 0x11, 3, 0x11];
  out.raw(segment(0xda, [channels, ...selectors, 0, 63, 0]));
  encodeScan(image, quantDivisors(luminance), quantDivisors(chrominance), out);
  out.flush();
  out.raw([0xff, 0xd9]);
  return out.bytes.slice(0, out.length);
}

function checkImage(image: JpegImage, quality: number): void {
  const { width, height, channels, pixels } = image;
  for (const [name, side] of [["width", width], ["height", height]] as const) {
    if (!Number.isInteger(side) || side < 1 || side > 65_535) throw new Error(`a JPEG's ${name} is 1 to 65535 px, not ${side}`);
  }
  if (channels !== 1 && channels !== 3) throw new Error(`a JPEG holds 1 (grey) or 3 (RGB) channels, not ${String(channels)}`);
  if (!(pixels instanceof Uint8Array) || pixels.length !== width * height * channels) {
    throw new Error(`${width} x ${height} px of ${channels} channels are ${width * height * channels} samples, not ${pixels?.length}`);
  }
  if (!Number.isInteger(quality) || quality < 0 || quality > 100) throw new Error(`a JPEG quality is an integer 0 to 100, not ${quality}`);
}

/** A marker segment: the marker, its length (which counts itself) and its data. */
function segment(marker: number, data: number[]): number[] {
  return [0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 255, ...data];
}

/** One DQT table of 8-bit quantisers, in zig-zag order. */
function quantTable(index: number, quant: Uint8Array): number[] {
  return [index, ...Array.from(ZIGZAG, (i) => quant[i]!)];
}

/** One DHT table: class (0 DC, 1 AC) << 4 | index, the counts per length, the symbols. */
function huffmanTable(classAndIndex: number, spec: HuffmanSpec): number[] {
  return [classAndIndex, ...spec.counts, ...spec.symbols];
}

/** Y, Cb and Cr of JFIF (ITU-R BT.601, full range), level-shifted by -128 (which cancels Cb's and Cr's +128). */
const Y_R = 0.299;
const Y_G = 0.587;
const Y_B = 0.114;
const CB_R = -0.168736;
const CB_G = -0.331264;
const CR_G = -0.418688;
const CR_B = -0.081312;

/**
 * Codes every block: greyscale blocks in raster order, colour in MCUs of one Y, one Cb and one Cr
 * block. Blocks past the right and bottom edges repeat the last column and row, which keeps the
 * padding smooth and so cheap to code.
 */
function encodeScan(image: JpegImage, luminance: Float64Array, chrominance: Float64Array, out: BitWriter): void {
  const { width, height, channels } = image;
  const y = new Float64Array(64);
  const cb = new Float64Array(64);
  const cr = new Float64Array(64);
  const quantised = new Int32Array(64);
  // Where each of a block's rows and columns starts in `pixels`, edges repeated.
  const rows = new Int32Array(8);
  const columns = new Int32Array(8);
  let dcY = 0;
  let dcCb = 0;
  let dcCr = 0;
  for (let top = 0; top < height; top += 8) {
    for (let r = 0; r < 8; r++) rows[r] = Math.min(top + r, height - 1) * width * channels;
    for (let left = 0; left < width; left += 8) {
      for (let c = 0; c < 8; c++) columns[c] = Math.min(left + c, width - 1) * channels;
      if (channels === 1) gatherGrey(image.pixels, rows, columns, y);
      else gatherYCbCr(image.pixels, rows, columns, y, cb, cr);
      fdct(y);
      quantise(y, luminance, quantised);
      dcY = encodeBlock(out, quantised, dcY, DC_LUMINANCE_CODES, AC_LUMINANCE_CODES);
      if (channels === 1) continue;
      fdct(cb);
      quantise(cb, chrominance, quantised);
      dcCb = encodeBlock(out, quantised, dcCb, DC_CHROMINANCE_CODES, AC_CHROMINANCE_CODES);
      fdct(cr);
      quantise(cr, chrominance, quantised);
      dcCr = encodeBlock(out, quantised, dcCr, DC_CHROMINANCE_CODES, AC_CHROMINANCE_CODES);
    }
  }
}

/** One block of grey samples, level-shifted. */
function gatherGrey(pixels: Uint8Array, rows: Int32Array, columns: Int32Array, y: Float64Array): void {
  for (let r = 0, k = 0; r < 8; r++) {
    const row = rows[r]!;
    for (let c = 0; c < 8; c++, k++) y[k] = pixels[row + columns[c]!]! - 128;
  }
}

/** One block of RGB pixels as Y, Cb and Cr, level-shifted. */
function gatherYCbCr(pixels: Uint8Array, rows: Int32Array, columns: Int32Array, y: Float64Array, cb: Float64Array, cr: Float64Array): void {
  for (let r = 0, k = 0; r < 8; r++) {
    const row = rows[r]!;
    for (let c = 0; c < 8; c++, k++) {
      const p = row + columns[c]!;
      const red = pixels[p]!;
      const green = pixels[p + 1]!;
      const blue = pixels[p + 2]!;
      y[k] = Y_R * red + Y_G * green + Y_B * blue - 128;
      cb[k] = CB_R * red + CB_G * green + 0.5 * blue;
      cr[k] = 0.5 * red + CR_G * green + CR_B * blue;
    }
  }
}

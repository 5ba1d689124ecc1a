/// <reference path="./lerc-decode.d.ts" />
import Lerc from "lerc";
import { CogFormatError } from "./cog-errors";
import { allocate, isFloat } from "./data-types";
import type { DataType, TypedArray } from "./grid";
import { inflateBounded } from "./inflate";
import { zstdDecode } from "./zstd";

/** LercParameters (tag 50674) value 1: what the LERC blob is wrapped in. */
export const LercWrapping = { None: 0, Deflate: 1, Zstd: 2 } as const;

/** The tile a LERC blob must fill: `samples` values a pixel (1 for planar files). */
export interface LercTileShape {
  width: number;
  height: number;
  samples: number;
  dataType: DataType;
}

const LERC2_MAGIC = "Lerc2 ";
/** The newest Lerc2 blob version lerc 3.0.0's decoder reads. */
const LERC2_NEWEST = 5;
/** A wrapped blob may exceed the raw tile by its headers and a bit mask; more is not a tile of ours. */
function blobBound(expected: number): number {
  return 2 * expected + 64 * 1024;
}

/**
 * Decodes a LERC tile (TIFF compression 34887, as GDAL and libtiff write it: LERC, LERC_DEFLATE,
 * LERC_ZSTD) into the tile's samples, pixel-interleaved. Esri's pure-JavaScript decoder does the
 * work; the blob headers are checked first, so a hostile tile can't make it allocate more than the
 * tile (it sizes its output from them). Masked pixels of float tiles are NaN, as libtiff reads them.
 */
export function lercDecode(input: Uint8Array, shape: LercTileShape, wrapping: number): TypedArray {
  const valueCount = shape.width * shape.height * shape.samples;
  const blob = unwrap(input, wrapping, valueCount * 8);
  const bands = checkBlobs(blob, shape);
  let block;
  try {
    block = Lerc.decode(blob.buffer as ArrayBuffer, { returnPixelInterleavedDims: true });
  } catch (error) {
    throw new CogFormatError(`corrupt LERC data (${error instanceof Error ? error.message : String(error)})`);
  }
  const out = allocate(shape.dataType, valueCount);
  if (bands === 1) out.set(block.pixels[0]!);
  else for (let b = 0; b < bands; b++) interleave(block.pixels[b]!, out, b, bands);
  if (block.mask && isFloat(shape.dataType)) maskWithNaN(out, block.mask, shape.samples);
  return out;
}

/** The LERC blob itself, in a buffer of its own (the decoder reads blobs up to the buffer's end). */
function unwrap(input: Uint8Array, wrapping: number, rawBytes: number): Uint8Array {
  switch (wrapping) {
    case LercWrapping.None:
      return new Uint8Array(input);
    case LercWrapping.Deflate:
      return inflateBounded(input, blobBound(rawBytes), "LERC_DEFLATE", rawBytes);
    case LercWrapping.Zstd:
      return zstdDecode(input, blobBound(rawBytes));
    default:
      throw new CogFormatError(`LERC additional compression ${wrapping} is not supported`);
  }
}

/**
 * Walks the Lerc2 blobs (one per band; libtiff writes one with `samples` dimensions for chunky
 * tiles) and checks each covers the tile exactly: answers how many there are.
 */
function checkBlobs(blob: Uint8Array, shape: LercTileShape): number {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  let offset = 0;
  let bands = 0;
  let dimensions = 0;
  while (offset < blob.length) {
    if (blob.length - offset < 38 || String.fromCharCode(...blob.subarray(offset, offset + 6)) !== LERC2_MAGIC) {
      throw new CogFormatError("a LERC tile is not a Lerc2 blob");
    }
    const version = view.getInt32(offset + 6, true);
    if (version < 3 || version > LERC2_NEWEST) throw new CogFormatError(`LERC blob version ${version} is not supported`);
    const height = view.getUint32(offset + 14, true);
    const width = view.getUint32(offset + 18, true);
    const dims = version >= 4 ? view.getUint32(offset + 22, true) : 1;
    const blobSize = view.getInt32(offset + (version >= 4 ? 34 : 30), true);
    if (width !== shape.width || height !== shape.height) {
      throw new CogFormatError(`a LERC blob of ${width} x ${height} px in a ${shape.width} x ${shape.height} px tile`);
    }
    if (blobSize <= 0 || offset + blobSize > blob.length) throw new CogFormatError("a LERC blob is truncated");
    dimensions += dims;
    bands++;
    if (dimensions > shape.samples) break;
    offset += blobSize;
  }
  if (dimensions !== shape.samples || (bands > 1 && dimensions !== bands)) {
    throw new CogFormatError(`a LERC tile holds ${dimensions} values a pixel where the image has ${shape.samples}`);
  }
  return bands;
}

function interleave(band: ArrayLike<number>, out: TypedArray, index: number, stride: number): void {
  for (let p = 0, o = index; p < band.length; p++, o += stride) out[o] = band[p]!;
}

function maskWithNaN(out: TypedArray, mask: Uint8Array, samples: number): void {
  for (let p = 0; p < mask.length; p++) {
    if (mask[p] === 0) out.fill(NaN, p * samples, (p + 1) * samples);
  }
}

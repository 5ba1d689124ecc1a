/**
 * The samples of a Process API response: each output band stored as its sampleType asks (AUTO:
 * 0..1 to 0..255 as UINT8; UINT8, UINT16 rounded and clamped; FLOAT32 as computed; no-data and
 * pixels outside the request's geometry 0, or NaN in FLOAT32), then written into a GeoTIFF (a COG),
 * a PNG (8-bit, 1 to 4 bands) or a JPEG (8-bit, 1 or 3 bands).
 */
import { cogOptions } from "../formats/gtiff";
import { writeJpeg } from "../formats/jpeg-writer";
import { writePng } from "../formats/png-writer";
import type { SampleType } from "../processes/udf/evalscript-setup";
import { writeCogFile } from "../raster/cog-writer";
import type { Grid, Raster } from "../raster/grid";
import { badRequest, type ResponseType } from "./process-request";

export type Samples = Uint8Array | Uint16Array | Float32Array;

const COG = { tile_size: 256, compression: "deflate", overviews: true };

export function sampleArray(sampleType: SampleType, length: number): Samples {
  return sampleType === "FLOAT32" ? new Float32Array(length) : sampleType === "UINT16" ? new Uint16Array(length) : new Uint8Array(length);
}

/** Stores a strip of computed values at `offset` of `target`; pixels not `inside` (when given) stay no-data. */
export function storeSamples(values: Float32Array, sampleType: SampleType, target: Samples, offset: number, inside: Uint8Array | null): void {
  if (sampleType === "FLOAT32") {
    for (let i = 0; i < values.length; i++) target[offset + i] = !inside || inside[offset + i] ? values[i]! : NaN;
    return;
  }
  const [max, scale] = sampleType === "UINT16" ? [65_535, 1] : [255, sampleType === "AUTO" ? 255 : 1];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]! * scale;
    target[offset + i] = Number.isNaN(v) || (inside && !inside[offset + i]) ? 0 : Math.min(max, Math.max(0, Math.round(v)));
  }
}

/** The bands interleaved, as 8-bit images hold them. */
function interleaved(bands: Samples[], pixels: number): Uint8Array {
  const channels = bands.length;
  const out = new Uint8Array(pixels * channels);
  for (let c = 0; c < channels; c++) {
    const band = bands[c]!;
    for (let i = 0; i < pixels; i++) out[i * channels + c] = band[i]!;
  }
  return out;
}

/** Whether the output can be an 8-bit image of `counts` bands; the reason it can't, for the user. */
function check8Bit(name: string, counts: number[], bands: number, sampleType: SampleType, formats: string): void {
  if (sampleType === "FLOAT32" || sampleType === "UINT16") throw badRequest(`a ${name} response holds 8-bit samples; its output's sampleType is ${sampleType} (use AUTO or UINT8, or ${formats}).`);
  if (!counts.includes(bands)) throw badRequest(`a ${name} response holds ${counts.join(", ").replace(/, (\d+)$/, " or $1")} bands; its output has ${bands}.`);
}

/** Whether an output of `bands` bands of `sampleType` can be written as `type`: checked before anything is read. */
export function checkResponse(type: ResponseType, bands: number, sampleType: SampleType): void {
  if (type === "image/png") check8Bit("PNG", [1, 2, 3, 4], bands, sampleType, "image/tiff");
  if (type === "image/jpeg") check8Bit("JPEG", [1, 3], bands, sampleType, "image/tiff");
}

export function encodeResponse(type: ResponseType, bands: Samples[], grid: Grid, sampleType: SampleType, names: string[], quality = 90): Uint8Array {
  const { width, height } = grid;
  checkResponse(type, bands.length, sampleType);
  if (type === "image/png") {
    return writePng({ width, height, channels: bands.length as 1 | 2 | 3 | 4, pixels: interleaved(bands, width * height) });
  }
  if (type === "image/jpeg") {
    return writeJpeg({ width, height, channels: bands.length as 1 | 3, pixels: interleaved(bands, width * height) }, quality);
  }
  const settings = cogOptions(COG, grid, names);
  if (sampleType === "FLOAT32") return writeCogFile(bands.map((data): Raster => ({ grid, data, dataType: "float32", nodata: NaN })), settings).bytes;
  const dataType = sampleType === "UINT16" ? "uint16" : "uint8";
  // Integers take the horizontal-differencing predictor.
  return writeCogFile(bands.map((data): Raster => ({ grid, data, dataType, nodata: null })), { ...settings, predictor: 2 }).bytes;
}

/**
 * The samples of a Process API response: each output band stored as its sampleType asks (AUTO:
 * 0..1 to 0..255 as UINT8; UINT8, UINT16 rounded and clamped; FLOAT32 as computed; no-data and
 * pixels outside the request's geometry 0, or NaN in FLOAT32), then written into a GeoTIFF (a COG)
 * or a PNG (8-bit, 1 to 4 bands).
 */
import { cogOptions } from "../formats/gtiff";
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

export function encodeResponse(type: ResponseType, bands: Samples[], grid: Grid, sampleType: SampleType, names: string[]): Uint8Array {
  if (type === "image/png") {
    if (sampleType === "FLOAT32" || sampleType === "UINT16") throw badRequest(`a PNG response holds 8-bit samples; its output's sampleType is ${sampleType} (use AUTO or UINT8, or image/tiff).`);
    if (bands.length > 4) throw badRequest(`a PNG response holds 1 to 4 bands; its output has ${bands.length}.`);
    const channels = bands.length as 1 | 2 | 3 | 4;
    const pixels = new Uint8Array(grid.width * grid.height * channels);
    for (let i = 0; i < grid.width * grid.height; i++) for (let c = 0; c < channels; c++) pixels[i * channels + c] = bands[c]![i]!;
    return writePng({ width: grid.width, height: grid.height, channels, pixels });
  }
  const settings = cogOptions(COG, grid, names);
  if (sampleType === "FLOAT32") return writeCogFile(bands.map((data): Raster => ({ grid, data, dataType: "float32", nodata: NaN })), settings).bytes;
  const dataType = sampleType === "UINT16" ? "uint16" : "uint8";
  // Integers take the horizontal-differencing predictor.
  return writeCogFile(bands.map((data): Raster => ({ grid, data, dataType, nodata: null })), { ...settings, predictor: 2 }).bytes;
}

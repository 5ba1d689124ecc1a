/**
 * One response of a Process API request: the bands of one evalscript output, written as its
 * sampleType asks (AUTO: 0..1 to 0..255 as UINT8; UINT8, UINT16 rounded and clamped; FLOAT32 as
 * computed) into a GeoTIFF (a COG) or a PNG (8-bit, 1 to 4 bands).
 */
import { cogOptions } from "../formats/gtiff";
import { writePng } from "../formats/png-writer";
import type { SampleType } from "../processes/udf/evalscript-setup";
import { writeCogFile } from "../raster/cog-writer";
import type { Grid, Raster } from "../raster/grid";
import { badRequest } from "./process-request";

const COG = { tile_size: 256, compression: "deflate", overviews: true };

function integers(plane: Float32Array, sampleType: SampleType): Uint8Array | Uint16Array {
  const [max, scale] = sampleType === "UINT16" ? [65_535, 1] : [255, sampleType === "AUTO" ? 255 : 1];
  const out = sampleType === "UINT16" ? new Uint16Array(plane.length) : new Uint8Array(plane.length);
  for (let i = 0; i < plane.length; i++) {
    const v = plane[i]! * scale;
    out[i] = Number.isNaN(v) ? 0 : Math.min(max, Math.max(0, Math.round(v)));
  }
  return out;
}

export function encodeResponse(type: "image/tiff" | "image/png", planes: Float32Array[], grid: Grid, sampleType: SampleType, names: string[]): Uint8Array {
  if (type === "image/png") {
    if (sampleType === "FLOAT32" || sampleType === "UINT16") throw badRequest(`a PNG response holds 8-bit samples; its output's sampleType is ${sampleType} (use AUTO or UINT8, or image/tiff).`);
    if (planes.length > 4) throw badRequest(`a PNG response holds 1 to 4 bands; its output has ${planes.length}.`);
    const channels = planes.length as 1 | 2 | 3 | 4;
    const bytes = planes.map((plane) => integers(plane, sampleType));
    const pixels = new Uint8Array(grid.width * grid.height * channels);
    for (let i = 0; i < grid.width * grid.height; i++) for (let c = 0; c < channels; c++) pixels[i * channels + c] = bytes[c]![i]!;
    return writePng({ width: grid.width, height: grid.height, channels, pixels });
  }
  const settings = cogOptions(COG, grid, names);
  if (sampleType === "FLOAT32") {
    return writeCogFile(planes.map((data): Raster => ({ grid, data, dataType: "float32", nodata: NaN })), settings).bytes;
  }
  const dataType = sampleType === "UINT16" ? "uint16" : "uint8";
  // Integers take the horizontal-differencing predictor.
  return writeCogFile(planes.map((plane): Raster => ({ grid, data: integers(plane, sampleType), dataType, nodata: null })), { ...settings, predictor: 2 }).bytes;
}

/**
 * A strip as bytes, so a batch job's chunk can hand it to the assembler through R2: a little-endian
 * u32 length, the JSON of its dimensions, options and size, padding to 4 bytes, then its float32
 * planes one after the other. Raw rather than compressed: the assembler reads each strip twice, and
 * R2 storage of a run's strips lasts only until it is assembled.
 */
import type { LabelDimension } from "../cube/types";
import type { Strip } from "./strips";

interface StripHeader {
  dims: LabelDimension[];
  timeSpan?: [string, string];
  options: Record<string, unknown>;
  /** Pixels per plane. */
  pixels: number;
  planes: number;
}

export function encodeStrip(strip: Strip): Uint8Array {
  const { dims, planes, timeSpan } = strip.cube;
  const pixels = planes[0]?.length ?? 0;
  const header: StripHeader = { dims, ...(timeSpan ? { timeSpan } : {}), options: strip.options, pixels, planes: planes.length };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = Math.ceil((4 + json.length) / 4) * 4;
  const bytes = new Uint8Array(start + planes.length * pixels * 4);
  new DataView(bytes.buffer).setUint32(0, json.length, true);
  bytes.set(json, 4);
  const values = new Float32Array(bytes.buffer, start);
  planes.forEach((plane, i) => values.set(plane, i * pixels));
  return bytes;
}

export function decodeStrip(bytes: Uint8Array): Strip {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))) as StripHeader;
  const start = Math.ceil((4 + length) / 4) * 4;
  if (bytes.length !== start + header.planes * header.pixels * 4) throw new Error(`a stored strip has ${bytes.length} bytes, not the ${start + header.planes * header.pixels * 4} its header announces`);
  // Float32Array views need 4-byte alignment in their buffer: copied only when the bytes lack it.
  const at = bytes.byteOffset + start;
  const count = header.planes * header.pixels;
  const values = at % 4 === 0 ? new Float32Array(bytes.buffer, at, count) : new Float32Array(bytes.slice(start).buffer);
  const planes = Array.from({ length: header.planes }, (_, i) => values.subarray(i * header.pixels, (i + 1) * header.pixels));
  return { cube: { dims: header.dims, planes, ...(header.timeSpan ? { timeSpan: header.timeSpan } : {}) }, options: header.options };
}

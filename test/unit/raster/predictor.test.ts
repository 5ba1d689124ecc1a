import { describe, expect, it } from "vitest";
import { applyFloatingPoint, applyHorizontal, undoFloatingPoint, undoHorizontal } from "../../../src/raster/predictor";

/** Deterministic noise with smooth parts, so that differences take every byte value. */
function samples(count: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, (_, i) => {
    state = (state * 1103515245 + 12345) >>> 0;
    return Math.sin(i / 7) * 0.75 + (state / 2 ** 32) * 0.25 - 0.1;
  });
}

/**
 * TIFF Technical Note 3, spelled out byte by byte: each row's samples split into byte planes (most
 * significant byte first, whatever the byte order), the planes laid one after the other, then every
 * byte less the byte `stride` before it in that sequence, modulo 256.
 */
function floatingPointReference(values: Float32Array, width: number, rows: number, stride: number): Uint8Array {
  const count = width * stride;
  const out = new Uint8Array(values.length * 4);
  for (let r = 0; r < rows; r++) {
    const row = new Uint8Array(count * 4);
    for (let j = 0; j < count; j++) {
      const be = new Uint8Array(4);
      new DataView(be.buffer).setFloat32(0, values[r * count + j]!, false);
      for (let k = 0; k < 4; k++) row[k * count + j] = be[k]!;
    }
    for (let i = 0; i < row.length; i++) out[r * count * 4 + i] = (row[i]! - (i >= stride ? row[i - stride]! : 0) + 256) % 256;
  }
  return out;
}

describe("TIFF predictors", () => {
  it.each([
    [1, 37, 5],
    [2, 16, 3],
    [3, 11, 4],
  ])("apply floating point (stride %i) as Technical Note 3 defines it, and undo it to the same floats", (stride, width, rows) => {
    const values = Float32Array.from(samples(width * rows * stride, stride));
    const bytes = new Uint8Array(values.buffer.slice(0));
    applyFloatingPoint(bytes, width, rows, stride, 4);
    expect(bytes).toEqual(floatingPointReference(values, width, rows, stride));
    undoFloatingPoint(bytes, width, rows, stride, 4);
    expect(new Float32Array(bytes.buffer)).toEqual(values);
  });

  it("applies and undoes floating point on a view not aligned to 4 bytes", () => {
    const values = Float32Array.from(samples(9 * 4, 3));
    const store = new Uint8Array(values.byteLength + 1);
    const bytes = store.subarray(1);
    bytes.set(new Uint8Array(values.buffer));
    applyFloatingPoint(bytes, 9, 4, 1, 4);
    expect(bytes).toEqual(floatingPointReference(values, 9, 4, 1));
    undoFloatingPoint(bytes, 9, 4, 1, 4);
    expect(new Float32Array(bytes.slice().buffer)).toEqual(values);
  });

  it.each([
    [1, 2],
    [3, 2],
    [1, 1],
    [2, 4],
  ])("undoes horizontal differencing (stride %i, %i-byte samples) into running sums of each row", (stride, size) => {
    const width = 13;
    const rows = 3;
    const max = 2 ** (8 * size);
    const values = samples(width * rows * stride, size).map((v) => Math.floor((v + 1) * 0.5 * (max - 1)));
    const typed = size === 1 ? Uint8Array.from(values) : size === 2 ? Uint16Array.from(values) : Uint32Array.from(values);
    const bytes = new Uint8Array(typed.buffer.slice(0));
    applyHorizontal(bytes, width, rows, stride, size);
    // Each stored sample is the difference to the same sample of the pixel before, modulo 2^bits.
    const stored = size === 1 ? bytes : size === 2 ? new Uint16Array(bytes.buffer) : new Uint32Array(bytes.buffer);
    for (let r = 0; r < rows; r++) {
      for (let i = stride; i < width * stride; i++) {
        const at = r * width * stride + i;
        expect(stored[at]).toBe((((values[at]! - values[at - stride]!) % max) + max) % max);
      }
    }
    undoHorizontal(bytes, width, rows, stride, size);
    expect(Array.from(size === 1 ? bytes : size === 2 ? new Uint16Array(bytes.buffer) : new Uint32Array(bytes.buffer))).toEqual(values);
  });
});

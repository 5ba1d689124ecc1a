import { describe, expect, it } from "vitest";
import type { LabelDimension } from "../../../src/cube/types";
import { decodeStrip, encodeStrip } from "../../../src/execution/strip-codec";

const dims: LabelDimension[] = [
  { name: "t", type: "temporal", labels: ["2024-07-01T00:00:00Z", "2024-07-11T00:00:00Z"] },
  { name: "bands", type: "bands", labels: [{ name: "ndvi" }] },
];
const planes = [Float32Array.from([1.5, NaN, -0.25, 3]), Float32Array.from([0, 1e-7, Infinity, -2])];
const strip = { cube: { dims, planes }, options: { tile_size: 256, compression: "deflate" } };

describe("strips as bytes", () => {
  it("round-trip their planes bit for bit, with their dimensions and options", () => {
    const back = decodeStrip(encodeStrip(strip));
    expect(back.cube.dims).toEqual(dims);
    expect(back.options).toEqual(strip.options);
    expect(back.cube.planes.map((p) => [...p])).toEqual(planes.map((p) => [...p]));
  });

  it("decode from any offset of a buffer (R2 bodies need not be aligned)", () => {
    const bytes = encodeStrip(strip);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(decodeStrip(shifted.subarray(3)).cube.planes.map((p) => [...p])).toEqual(planes.map((p) => [...p]));
  });

  it("refuse a truncated strip", () => {
    const bytes = encodeStrip(strip);
    expect(() => decodeStrip(bytes.subarray(0, bytes.length - 4))).toThrow(/announces/);
  });
});

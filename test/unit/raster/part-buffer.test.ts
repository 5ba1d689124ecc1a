import { describe, expect, it } from "vitest";
import { PartBuffer } from "../../../src/raster/spill-store";

describe("PartBuffer", () => {
  it("hands out full parts as they fill and the rest at the end, every byte once and in order", async () => {
    const parts: Uint8Array[] = [];
    const buffer = new PartBuffer(4, async (part) => void parts.push(part));
    const bytes = Uint8Array.from({ length: 11 }, (_, i) => i);
    await buffer.append(bytes.subarray(0, 3));
    await buffer.append(bytes.subarray(3, 9));
    expect(parts.map((p) => [...p])).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
    await buffer.append(bytes.subarray(9));
    await buffer.finish();
    expect(parts.map((p) => [...p])).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10]]);
    // Full parts are handed over, not reused: what was kept stays as it was.
    expect(parts[0]!.buffer).not.toBe(parts[1]!.buffer);
  });

  it("flushes nothing at the end when empty, unless asked for an empty part", async () => {
    const parts: Uint8Array[] = [];
    await new PartBuffer(4, async (part) => void parts.push(part)).finish();
    expect(parts).toEqual([]);
    await new PartBuffer(4, async (part) => void parts.push(part)).finish(true);
    expect(parts.map((p) => p.length)).toEqual([0]);
  });
});

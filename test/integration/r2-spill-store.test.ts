/** The Worker's spill store on the tests' results bucket: parts of R2's minimum size, ranges across them. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { r2SpillStore, SPILL_PART_BYTES, SPILL_PREFIX, SPILL_READ_BYTES } from "../../src/execution/r2-spill-store";

/** Byte i of the spilled stream: a pattern that a part out of place or a shifted range would break. */
const byteAt = (i: number) => (i * 31 + (i >> 13)) & 0xff;

async function read(pieces: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const piece of pieces) parts.push(piece);
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0);
  return bytes;
}

const spillKeys = async () => (await env.RESULTS.list({ prefix: SPILL_PREFIX })).objects.map((o) => o.key);

describe("the R2 spill store", () => {
  it("writes more than two parts in order and reads back any range, then deletes the object", async () => {
    const total = 2 * SPILL_PART_BYTES + 123_457;
    const writer = await r2SpillStore(env.RESULTS).create();
    // Appends of uneven sizes, so that parts fill across them.
    for (let at = 0, size = 1; at < total; at += size, size = (size * 7 + 1) % 1_000_003) {
      const n = Math.min(size, total - at);
      await writer.append(Uint8Array.from({ length: n }, (_, k) => byteAt(at + k)));
    }
    const spilled = await writer.finish();
    const keys = await spillKeys();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^tmp\/spill\/\d{4}-\d{2}-\d{2}\/[\w-]+$/);
    expect((await env.RESULTS.head(keys[0]!))!.size).toBe(total);
    for (const [offset, length] of [[0, 10], [SPILL_PART_BYTES - 5, 10], [2 * SPILL_PART_BYTES - 1, 2], [total - 7, 7], [0, total]] as const) {
      const bytes = await read(spilled.read(offset, length));
      expect(bytes.length).toBe(length);
      expect(bytes.every((b, k) => b === byteAt(offset + k)), `bytes ${offset}+${length}`).toBe(true);
    }
    // A long run comes back in ranges of at most SPILL_READ_BYTES, each whole.
    const sizes: number[] = [];
    for await (const piece of spilled.read(3, total - 3)) sizes.push(piece.length);
    expect(sizes).toEqual([SPILL_READ_BYTES, SPILL_READ_BYTES, total - 3 - 2 * SPILL_READ_BYTES]);
    await spilled.delete();
    expect(await spillKeys()).toEqual([]);
  });

  it("leaves no object when discarded", async () => {
    const writer = await r2SpillStore(env.RESULTS).create();
    await writer.append(new Uint8Array(SPILL_PART_BYTES + 1));
    await writer.discard();
    expect(await spillKeys()).toEqual([]);
  });
});

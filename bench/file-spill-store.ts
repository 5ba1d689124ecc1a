// The benchmarks' spill store (src/raster/spill-store.ts): temporary files, so that what a result
// in strips spills leaves memory as it does in the Worker, where it goes to R2. Written in pieces of
// the R2 store's part size, as that one uploads them (and so that the benchmarks' memory sampler,
// which collects garbage whenever the event loop is free, doesn't run after every tile).
import { mkdtempSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SPILL_PART_BYTES } from "../src/execution/r2-spill-store";
import { PartBuffer, type SpillStore } from "../src/raster/spill-store";

const READ_PIECE_BYTES = 2 ** 20;

export function fileSpillStore(): SpillStore {
  return {
    async create() {
      const dir = mkdtempSync(join(tmpdir(), "openeo-spill-"));
      const file = await open(join(dir, "spill"), "w+");
      const buffer = new PartBuffer(SPILL_PART_BYTES, async (part) => void (await file.write(part)));
      const remove = async () => {
        buffer.drop();
        await file.close().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      };
      return {
        append: (bytes) => buffer.append(bytes),
        discard: remove,
        async finish() {
          await buffer.finish();
          return {
            // In pieces, as an R2 body streams.
            async *read(offset, length) {
              for (let at = 0; at < length; at += READ_PIECE_BYTES) {
                const piece = new Uint8Array(Math.min(READ_PIECE_BYTES, length - at));
                const { bytesRead } = await file.read(piece, 0, piece.length, offset + at);
                if (bytesRead !== piece.length) throw new Error(`read ${bytesRead} of ${piece.length} spilled bytes`);
                yield piece;
              }
            },
            delete: remove,
          };
        },
      };
    },
  };
}

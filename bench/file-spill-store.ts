// The benchmarks' spill store (src/raster/spill-store.ts): temporary files, so that what a result
// in strips spills leaves memory as it does in the Worker, where it goes to R2. Written in pieces of
// the R2 store's part size, as that one uploads them (and so that the benchmarks' memory sampler,
// which collects garbage whenever the event loop is free, doesn't run after every tile).
import { mkdtempSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SPILL_PART_BYTES } from "../src/execution/r2-spill-store";
import type { SpillStore } from "../src/raster/spill-store";

const READ_PIECE_BYTES = 2 ** 20;

export function fileSpillStore(): SpillStore {
  return {
    async create() {
      const dir = mkdtempSync(join(tmpdir(), "openeo-spill-"));
      const file = await open(join(dir, "spill"), "w+");
      let part = new Uint8Array(SPILL_PART_BYTES);
      let filled = 0;
      const write = async () => {
        await file.write(part.subarray(0, filled));
        filled = 0;
      };
      const remove = async () => {
        part = new Uint8Array(0);
        await file.close().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      };
      return {
        async append(bytes) {
          for (let at = 0; at < bytes.length; ) {
            const n = Math.min(bytes.length - at, SPILL_PART_BYTES - filled);
            part.set(bytes.subarray(at, at + n), filled);
            filled += n;
            at += n;
            if (filled === SPILL_PART_BYTES) await write();
          }
        },
        discard: remove,
        async finish() {
          await write();
          part = new Uint8Array(0);
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

// The benchmarks' spill store (src/raster/spill-store.ts): temporary files, so that what a result
// in strips spills leaves memory as it does in the Worker, where it goes to R2.
import { mkdtempSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SpillStore } from "../src/raster/spill-store";

export function fileSpillStore(): SpillStore {
  return {
    async create() {
      const dir = mkdtempSync(join(tmpdir(), "openeo-spill-"));
      const path = join(dir, "spill");
      const file = await open(path, "w+");
      const remove = async () => {
        await file.close().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      };
      return {
        append: async (bytes) => void (await file.write(bytes)),
        discard: remove,
        finish: async () => ({
          async *read(offset, length) {
            const piece = new Uint8Array(length);
            const { bytesRead } = await file.read(piece, 0, length, offset);
            if (bytesRead !== length) throw new Error(`read ${bytesRead} of ${length} spilled bytes`);
            yield piece;
          },
          delete: remove,
        }),
      };
    },
  };
}
